"""Checks on event payloads (CAEP 1.0, RISC 1.0, SSF control events, interop profile)."""
from __future__ import annotations

from harness.checks.base import Outcome, check, fail, ok
from harness.jose import DecodedSET
from harness.ssf.events import BY_URI, CAEP_BASE, RISC_BASE

# A millisecond timestamp of today is ~1.7e12; seconds are ~1.7e9. 1e11 seconds is year 5138.
_MAX_PLAUSIBLE_SECONDS = 1e11

# The catalog row that defines each event type's URI (CAEP 1.0 §3, RISC 1.0 §2).
EVENT_DEFINITIONS = {
    CAEP_BASE + "session-revoked": "CAEP-SR-01",
    CAEP_BASE + "token-claims-change": "CAEP-TCC-01",
    CAEP_BASE + "credential-change": "CAEP-CC-01",
    CAEP_BASE + "assurance-level-change": "CAEP-ALC-01",
    CAEP_BASE + "device-compliance-change": "CAEP-DCC-01",
    CAEP_BASE + "session-established": "CAEP-SE-01",
    CAEP_BASE + "session-presented": "CAEP-SP-01",
    CAEP_BASE + "risk-level-change": "CAEP-RLC-01",
    RISC_BASE + "account-credential-change-required": "RISC-ACCR-01",
    RISC_BASE + "account-purged": "RISC-AP-01",
    RISC_BASE + "account-disabled": "RISC-AD-01",
    RISC_BASE + "account-enabled": "RISC-AE-01",
    RISC_BASE + "identifier-changed": "RISC-IC-01",
    RISC_BASE + "identifier-recycled": "RISC-IR-01",
    RISC_BASE + "credential-compromise": "RISC-CC-01",
    RISC_BASE + "opt-in": "RISC-OPT-03",
    RISC_BASE + "opt-out-initiated": "RISC-OPT-04",
    RISC_BASE + "opt-out-cancelled": "RISC-OPT-05",
    RISC_BASE + "opt-out-effective": "RISC-OPT-06",
    RISC_BASE + "recovery-activated": "RISC-RA-01",
    RISC_BASE + "recovery-information-changed": "RISC-RIC-01",
    RISC_BASE + "sessions-revoked": "RISC-SR-01",
}


@check("SET-13", "SET-21")
def check_event_payload_schema(decoded: DecodedSET) -> Outcome:
    """Header, claims and the event payload validate against schemas/ (all errors reported).
    Each schema rule names the requirement it encodes (`x-requirements`); a verdict names
    those, and falls back to SET-13 / SET-21 (RFC 8417 §2.2 `events`, SSF §4.1.3 `{}` for no
    payload) only for errors whose rule names none."""
    from harness.schemas import validate_set  # the schemas room; imported late to stay light
    errors = validate_set(decoded)
    if errors:
        reqs = tuple(dict.fromkeys(r for e in errors for r in e.requirements))
        unattributed = any(not e.requirements for e in errors)
        return fail("SET does not match its schemas",
                    "no schema errors",
                    [f"{e.pointer}: {e.message}" for e in errors],
                    extra_requirements=reqs, only=None if unattributed else ())
    return ok()


def _timestamp_requirement(uri: str) -> str | None:
    """Where event_timestamp is defined as seconds: every CAEP event (CAEP 1.0 §2,
    CAEP-COM-01) and RISC credential-compromise (RISC 1.0 §2.7, RISC-CC-03); elsewhere it is
    an extra member with no defined unit."""
    if uri.startswith(CAEP_BASE):
        return "CAEP-COM-01"
    if uri == RISC_BASE + "credential-compromise":
        return "RISC-CC-03"
    return None


@check("CAEP-COM-01", "RISC-CC-03")
def check_event_timestamp_seconds(decoded: DecodedSET) -> Outcome:
    """CAEP 1.0 §2 / RISC 1.0 §2.7: event_timestamp is OPTIONAL; when present it is "a JSON
    number representing the number of seconds from 1970-01-01T0:0:0Z"."""
    for uri, payload in (decoded.claims.get("events") or {}).items():
        ts = payload.get("event_timestamp") if isinstance(payload, dict) else None
        requirement = _timestamp_requirement(uri)
        if ts is None or requirement is None:
            continue
        if not isinstance(ts, (int, float)) or isinstance(ts, bool) or ts < 0:
            return fail("event_timestamp is a number of seconds", "number ≥ 0", ts,
                        only=requirement)
        if ts > _MAX_PLAUSIBLE_SECONDS:
            return fail("event_timestamp is in seconds, not milliseconds",
                        f"< {_MAX_PLAUSIBLE_SECONDS:.0e}", ts, only=requirement)
    return ok()


@check("SSF-STREAM-11", *EVENT_DEFINITIONS.values())
def check_event_type_is(decoded: DecodedSET | None, uri: str) -> Outcome:
    """SSF §8.1.1 (SSF-STREAM-11): the transmitter sends the event types in events_delivered,
    so the triggered event arrives; it carries the URI its type is defined with (the event
    type's own definition row, e.g. CAEP-SR-01 for session-revoked, never the others')."""
    definition = EVENT_DEFINITIONS.get(uri, "SSF-STREAM-11")
    if decoded is None:
        return fail("the triggered event is delivered", uri, "nothing within the deadline",
                    only="SSF-STREAM-11")
    got = list((decoded.claims.get("events") or {}).keys())
    if got != [uri]:
        return fail("the delivered SET carries the triggered event type", [uri], got,
                    only=definition)
    return ok(only=tuple(dict.fromkeys(("SSF-STREAM-11", definition))))


@check("SUBID-01", "SUBID-13")
def check_subject_matches_trigger(decoded: DecodedSET, subject: dict) -> Outcome:
    """sub_id names the (simple) subject the event was triggered for: that subject itself, or a
    Complex Subject (SSF §3.2) whose `user` member is that subject, since "All members within a
    Complex Subject MUST represent attributes of the same Subject Principal"."""
    sub_id = decoded.claims.get("sub_id")
    complex_user = (sub_id.get("user") if isinstance(sub_id, dict)
                    and sub_id.get("format") == "complex" else None)
    if sub_id != subject and complex_user != subject:
        return fail("sub_id names the subject the event is about", subject, sub_id)
    return ok()


_REASON_ADMIN = {CAEP_BASE + "session-revoked": "INTEROP-UC-SR-02",
                 CAEP_BASE + "credential-change": "INTEROP-UC-CC-03",
                 CAEP_BASE + "device-compliance-change": "INTEROP-UC-DCC-02"}


@check("INTEROP-UC-SR-02", "INTEROP-UC-CC-03", "INTEROP-UC-DCC-02")
def check_interop_reason_admin(decoded: DecodedSET) -> Outcome:
    """CAEP interop §3.1/§3.2: session-revoked (INTEROP-UC-SR-02) and credential-change
    (INTEROP-UC-CC-03) carry a non-empty reason_admin; draft 01 §3.3 adds the
    device-compliance-change use case with the same rule (INTEROP-UC-DCC-02)."""
    for uri, payload in (decoded.claims.get("events") or {}).items():
        if uri in _REASON_ADMIN:
            reason = payload.get("reason_admin") if isinstance(payload, dict) else None
            if not reason:
                return fail("the interop profile requires a non-empty reason_admin", "non-empty",
                            reason, only=_REASON_ADMIN[uri])
    return ok()


@check("RISC-IC-01", "RISC-IR-01")
def check_identifier_event_subject_format(decoded: DecodedSET) -> Outcome:
    """RISC 1.0 §2.5/§2.6: identifier-changed (RISC-IC-01) and identifier-recycled (RISC-IR-01)
    name the subject by email or phone number."""
    for uri in (decoded.claims.get("events") or {}):
        etype = BY_URI.get(uri)
        if etype and etype.subject_formats:
            fmt = (decoded.claims.get("sub_id") or {}).get("format")
            if fmt not in etype.subject_formats:
                return fail(f"{etype.action} names the subject by email or phone_number",
                            list(etype.subject_formats), fmt,
                            only=EVENT_DEFINITIONS[etype.uri])
    return ok()
