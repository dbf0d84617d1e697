"""Checks on every SET received from a transmitter (SSF sections 3-4, RFC 8417, interop)."""
from __future__ import annotations

import time

from harness.checks.audience import audience_set
from harness.checks.base import Outcome, check, fail, ok
from harness.jose import DecodedSET, SETVerifyError, verify_set
from harness.jose.sets import ASYMMETRIC_ALGS
from harness.ssf.constants import SET_MEDIA_TYPE
from harness.ssf.events import BY_URI, RISC_BASE


def typ_media_type(typ: object) -> str | None:
    """The media type a JOSE `typ` names (RFC 7515 §4.1.9): compared case-insensitively, with
    "application/" implied when the value has no "/"."""
    if not isinstance(typ, str) or not typ:
        return None
    lower = typ.lower()
    return lower if "/" in lower else "application/" + lower


@check("SET-01")
def check_set_typ(decoded: DecodedSET) -> Outcome:
    """RFC 8417 §2.3 / SSF §4.1.1: SETs are explicitly typed with `typ` "secevent+jwt". RFC 7515
    §4.1.9: the "application/" prefix may be omitted (and is implied when it is), and media
    types compare case-insensitively, so "application/secevent+jwt" is the same type. (The
    short form is only RECOMMENDED; that preference is not graded.)"""
    typ = decoded.header.get("typ")
    if typ_media_type(typ) != SET_MEDIA_TYPE:
        return fail("the JOSE header typ names the secevent+jwt media type",
                    "secevent+jwt (or application/secevent+jwt)", typ)
    return ok()


@check("SET-19")
def check_set_signature(decoded: DecodedSET, jwks: dict) -> Outcome:
    """SSF §4.1.4 / RFC 8417 §5.1: the SET is signed and its key can be found through jwks_uri:
    the key named by `kid`, or, without a `kid` (RFC 7515 §4.1.4: OPTIONAL), any published key."""
    try:
        # Any asymmetric JWS algorithm: SSF leaves the choice to the parties (RS256 is the
        # interop profile's rule, check_set_rs256).
        verify_set(decoded.token, jwks, algs=ASYMMETRIC_ALGS)
    except SETVerifyError as exc:
        return fail("SET signature verifies with a key from jwks_uri", "valid signature",
                    str(exc))
    return ok()


@check("INTEROP-SIG-01")
def check_set_rs256(decoded: DecodedSET) -> Outcome:
    if decoded.header.get("alg") != "RS256":
        return fail("the CAEP interop profile signs with RS256", "RS256",
                    decoded.header.get("alg"))
    return ok()


@check("SET-02")
def check_no_sub_claim(decoded: DecodedSET) -> Outcome:
    if "sub" in decoded.claims:
        return fail("SSF SETs carry no sub claim", "absent", decoded.claims["sub"])
    return ok()


@check("SET-03")
def check_no_exp_claim(decoded: DecodedSET) -> Outcome:
    if "exp" in decoded.claims:
        return fail("SSF SETs carry no exp claim", "absent", decoded.claims["exp"])
    return ok()


@check("SET-04", "SUBID-13")
def check_sub_id_present(decoded: DecodedSET) -> Outcome:
    """SSF §4.1.2 (SET-04): every SSF SET has a top-level `sub_id`; RFC 9493 §4 (SUBID-13): its
    value is a Subject Identifier, an object with a `format`."""
    if "sub_id" not in decoded.claims:
        return fail("every SSF SET has a top-level sub_id", {"format": "…"}, None, only="SET-04")
    sub_id = decoded.claims["sub_id"]
    if not isinstance(sub_id, dict) or not isinstance(sub_id.get("format"), str):
        return fail("sub_id is a Subject Identifier (an object with a format)", {"format": "…"},
                    sub_id, only="SUBID-13")
    return ok()


@check("SET-05", "SSF-DISC-07")
def check_set_iss(decoded: DecodedSET, issuer: str) -> Outcome:
    """RFC 8417 §2.2 (SET-05): `iss` is present; SSF §7.1 (SSF-DISC-07): the metadata `issuer`
    "MUST be identical to the iss claim value" of every SET."""
    iss = decoded.claims.get("iss")
    if not isinstance(iss, str):
        return fail("iss is present (a string)", issuer, iss, only="SET-05")
    if iss != issuer:
        return fail("SET iss equals the metadata issuer", issuer, iss, only="SSF-DISC-07")
    return ok()


@check("SET-07")
def check_set_iat(decoded: DecodedSET, skew_seconds: float = 300.0,
                  now: float | None = None) -> Outcome:
    iat = decoded.claims.get("iat")
    now = time.time() if now is None else now
    if not isinstance(iat, (int, float)) or isinstance(iat, bool):
        return fail("iat is a NumericDate", "number", iat)
    if iat > now + skew_seconds:
        return fail("iat is not in the future", f"<= now + {skew_seconds:.0f}s", iat)
    return ok()


@check("SET-08")
def check_set_jti(decoded: DecodedSET, seen: dict[str, str]) -> Outcome:
    """`seen` maps jti -> token of SETs already received in this run (updated here). The same
    SET sent again (a retry) keeps its jti; a different SET reusing a jti is a defect."""
    jti = decoded.claims.get("jti")
    if not isinstance(jti, str) or not jti:
        return fail("jti is a non-empty string", "string", jti)
    if seen.setdefault(jti, decoded.token) != decoded.token:
        return fail("jti is unique within the event feed", "a new jti for a new SET",
                    f"{jti} reused by a different SET")
    return ok()


@check("SET-12")
def check_txn_distinct(independent: list[DecodedSET]) -> Outcome:
    """SSF §4.1.9: "If the value is present, it MUST be unique to the underlying event that
    caused the Transmitter to generate the Security Event Token (SET)". `independent` are SETs
    the suite caused separately (e.g. two verification requests): where they carry a txn,
    no two share it. SETs without txn are SET-11's matter (a SHOULD), not this check's."""
    seen: dict[str, str] = {}
    for decoded in independent:
        txn = decoded.claims.get("txn")
        if txn is None:
            continue
        jti = str(decoded.claims.get("jti"))
        if txn in seen and seen[txn] != jti:
            return fail("SETs of independent causes carry different txn values",
                        "a txn per underlying event", f"txn {txn!r} on {seen[txn]} and {jti}")
        seen[txn] = jti
    return ok()


@check("SET-09")
def check_set_aud(decoded: DecodedSET, stream_aud: str | list | None) -> Outcome:
    """SSF §4.1.8: `aud` "can be a single string or an array of strings" and should match the
    stream's `aud` (itself "a string or an array of strings"): compared as sets of strings, so
    "x" and ["x"] are the same audience."""
    aud = decoded.claims.get("aud")
    if aud is None:
        return fail("aud should be present", stream_aud, None)
    if audience_set(aud) is None:
        return fail("aud is a string or an array of strings", "string | [string]", aud)
    if stream_aud is not None and audience_set(aud) != audience_set(stream_aud):
        return fail("aud should match the stream's aud", stream_aud, aud)
    return ok()


@check("SET-13")
def check_events_claim(decoded: DecodedSET) -> Outcome:
    events = decoded.claims.get("events")
    if not isinstance(events, dict) or not events or not all(
            isinstance(v, dict) for v in events.values()):
        return fail("events is a non-empty object of event-URI → object", "{uri: {…}}", events)
    return ok()


@check("SET-14", "SET-15")
def check_single_event(decoded: DecodedSET) -> Outcome:
    """SSF §4.2.1: `events` SHOULD hold one event; more keys are allowed only as alternative URIs
    of the same event (SET-14, SHOULD); it MUST NOT carry independent logical events (SET-15).
    Two URIs of distinct known event types are independent events; otherwise the suite cannot
    tell, so the SHOULD is graded."""
    events = decoded.claims.get("events")
    if not isinstance(events, dict) or len(events) <= 1:
        return ok()  # an empty or malformed events claim is check_events_claim's verdict
    known = {BY_URI[uri].action for uri in events if uri in BY_URI}
    if len(known) > 1:
        return fail("a SET must not carry several independent events", 1, sorted(events),
                    only="SET-15")
    return fail("a SET should carry exactly one event", 1, sorted(events), only="SET-14")


@check("INTEROP-SET-01")
def check_interop_single_event(decoded: DecodedSET) -> Outcome:
    """CAEP interop profile §2.6: the `events` claim contains exactly one event."""
    events = decoded.claims.get("events")
    if not isinstance(events, dict) or len(events) != 1:
        return fail("the CAEP interop profile allows exactly one event per SET", 1,
                    sorted(events) if isinstance(events, dict) else events)
    return ok()


@check("RISC-SR-01")
def check_no_deprecated_risc_sessions_revoked(decoded: DecodedSET) -> Outcome:
    uri = RISC_BASE + "sessions-revoked"
    if uri in (decoded.claims.get("events") or {}):
        return fail("new implementations use CAEP session-revoked, not RISC sessions-revoked",
                    "CAEP session-revoked", uri)
    return ok()


@check("RISC-COMPAT-01")
def check_no_subject_type(decoded: DecodedSET) -> Outcome:
    def walk(value: object) -> bool:
        if isinstance(value, dict):
            return "subject_type" in value or any(walk(v) for v in value.values())
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return False
    if walk(decoded.claims.get("sub_id")) or walk(decoded.claims.get("events")):
        return fail("subject identifiers use format, never the legacy subject_type", "format",
                    "subject_type present")
    return ok()


def event_uris(decoded: DecodedSET) -> list[str]:
    return list((decoded.claims.get("events") or {}).keys())


def known_event(decoded: DecodedSET):
    for uri in event_uris(decoded):
        if uri in BY_URI:
            return BY_URI[uri]
    return None
