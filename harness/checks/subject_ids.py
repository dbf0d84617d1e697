"""Checks on the subject identifiers of received SETs (RFC 9493, SSF section 3) and on the
formats the CAEP interoperability profile allows for its events (profile section 2.5)."""
from __future__ import annotations

from harness.checks.base import Outcome, check, fail, ok
from harness.jose import DecodedSET
from harness.ssf.events import CAEP_BASE

# RFC 9493 §3.2 and SSF §3.5: the members each format requires.
REQUIRED_MEMBERS: dict[str, tuple[str, ...]] = {
    "account": ("uri",), "email": ("email",), "iss_sub": ("iss", "sub"), "opaque": ("id",),
    "phone_number": ("phone_number",), "did": ("url",), "uri": ("uri",),
    "aliases": ("identifiers",), "jwt_id": ("iss", "jti"),
    "saml_assertion_id": ("issuer", "assertion_id"), "ip-addresses": ("ip-addresses",),
}
INTEROP_EVENT_FORMATS = ("email", "iss_sub")


def _missing_members(identifier: object, where: str) -> list[str]:
    if not isinstance(identifier, dict):
        return []  # not an identifier at all: check_sub_id_present's finding
    fmt = identifier.get("format")
    if fmt == "complex":
        return [m for name, member in identifier.items() if name != "format"
                for m in _missing_members(member, f"{where}.{name}")]
    return [f"{where}.{member}" for member in REQUIRED_MEMBERS.get(fmt, ())
            if member not in identifier]


@check("SUBID-02")
def check_sub_id_required_members(decoded: DecodedSET) -> Outcome:
    """RFC 9493 §3 (SUBID-02): a Subject Identifier "MUST contain all members required by its
    Identifier Format", for simple identifiers and for each member of a complex subject (SSF
    §3.3).
    Unknown (proprietary, SSF §3.4) formats require nothing we know of. The other half of the
    row, members a format does not describe, is only a warning in SSF (§4.2.3 lets
    transmitters add fields anywhere; catalog note N10) and is not graded here."""
    missing = _missing_members(decoded.claims.get("sub_id"), "sub_id")
    if missing:
        return fail("a subject identifier carries every member its format requires",
                    "all required members", missing)
    return ok()


def _caep_events(decoded: DecodedSET) -> list[str]:
    return [uri for uri in (decoded.claims.get("events") or {}) if uri.startswith(CAEP_BASE)]


@check("INTEROP-SUBJ-01", "INTEROP-SUBJ-02")
def check_interop_event_subject_format(decoded: DecodedSET) -> Outcome:
    """CAEP interop profile §2.5 (draft 01 §2.5): the formats are `email`, `iss_sub` and
    "`opaque` (for the Verification event only)" (INTEROP-SUBJ-01, MUST): a CAEP event
    naming its subject by opaque or any other simple format fails. A `complex` subject is not
    among the formats either, but whether the profile allows it is open
    (openid/sharedsignals#351): a warning (INTEROP-SUBJ-02, SHOULD). SSF control events
    (verification, stream-updated) name the stream by opaque and are not judged here."""
    if not _caep_events(decoded):
        return ok("not a CAEP event")
    sub_id = decoded.claims.get("sub_id")
    fmt = sub_id.get("format") if isinstance(sub_id, dict) else None
    if fmt == "complex":
        return fail("interop events name their subject by a simple email or iss_sub",
                    list(INTEROP_EVENT_FORMATS), "complex", only="INTEROP-SUBJ-02")
    if fmt not in INTEROP_EVENT_FORMATS:
        return fail("interop events name their subject by email or iss_sub (opaque is for "
                    "the verification event only)", list(INTEROP_EVENT_FORMATS), fmt,
                    only="INTEROP-SUBJ-01")
    return ok()


@check("INTEROP-SUBJ-01")
def check_interop_subject_formats_seen(formats: list[str]) -> Outcome:
    """CAEP interop profile §2.5: "Transmitters MUST be able to send events with at least one
    of subject identifier formats specified in this section". `formats` are the sub_id formats
    of every CAEP event received in this run (one entry per SET): at least one of them is
    email or iss_sub. (Each event's own format is check_interop_event_subject_format's.)"""
    if not any(f in INTEROP_EVENT_FORMATS for f in formats):
        return fail("the run's interop events use email or iss_sub at least once",
                    list(INTEROP_EVENT_FORMATS), sorted(set(formats)))
    return ok(f"subject formats seen: {sorted(set(formats))}")


def caep_event_subject_formats(decoded_sets) -> list[str]:
    """The sub_id format of each CAEP event among `decoded_sets` (for the run-level verdict)."""
    out = []
    for decoded in decoded_sets:
        if _caep_events(decoded):
            sub_id = decoded.claims.get("sub_id")
            out.append(str(sub_id.get("format")) if isinstance(sub_id, dict) else "none")
    return out
