"""Checks on event payloads (CAEP 1.0, RISC 1.0, SSF control events, interop profile)."""
from __future__ import annotations

from harness.checks.base import Outcome, check, fail, ok
from harness.jose import DecodedSET
from harness.ssf.events import BY_URI, CAEP_BASE

# A millisecond timestamp of today is ~1.7e12; seconds are ~1.7e9. 1e11 seconds is year 5138.
_MAX_PLAUSIBLE_SECONDS = 1e11


@check("SET-13", "SET-21", per_call=False)
def check_event_payload_schema(decoded: DecodedSET) -> Outcome:
    """Header, claims and the event payload validate against schemas/ (all errors reported)."""
    from harness.schemas import validate_set  # the schemas room; imported late to stay light
    errors = validate_set(decoded)
    if errors:
        reqs = tuple(dict.fromkeys(r for e in errors for r in e.requirements))
        return fail("SET does not match its schemas",
                    "no schema errors",
                    [f"{e.pointer}: {e.message}" for e in errors],
                    extra_requirements=reqs)
    return ok()


@check("CAEP-COM-01", "RISC-CC-03")
def check_event_timestamp_seconds(decoded: DecodedSET) -> Outcome:
    for uri, payload in (decoded.claims.get("events") or {}).items():
        ts = payload.get("event_timestamp") if isinstance(payload, dict) else None
        if ts is None:
            continue
        if not isinstance(ts, (int, float)) or isinstance(ts, bool) or ts < 0:
            return fail("event_timestamp is a number of seconds", "number ≥ 0", ts)
        if ts > _MAX_PLAUSIBLE_SECONDS:
            return fail("event_timestamp is in seconds, not milliseconds",
                        f"< {_MAX_PLAUSIBLE_SECONDS:.0e}", ts)
    return ok()


@check("CAEP-SR-01", "CAEP-CC-01", "RISC-AD-01", "RISC-CC-01", "SSF-STREAM-11")
def check_event_type_is(decoded: DecodedSET | None, uri: str) -> Outcome:
    if decoded is None:
        return fail("the triggered event is delivered", uri, "nothing within the deadline")
    got = list((decoded.claims.get("events") or {}).keys())
    if got != [uri]:
        return fail("the delivered SET carries the triggered event type", [uri], got)
    return ok()


@check("SUBID-01", "SUBID-13")
def check_subject_matches_trigger(decoded: DecodedSET, subject: dict) -> Outcome:
    sub_id = decoded.claims.get("sub_id")
    if sub_id != subject:
        return fail("sub_id names the subject the event is about", subject, sub_id)
    return ok()


@check("INTEROP-UC-SR-02", "INTEROP-UC-CC-03")
def check_interop_reason_admin(decoded: DecodedSET) -> Outcome:
    for uri, payload in (decoded.claims.get("events") or {}).items():
        if uri in (CAEP_BASE + "session-revoked", CAEP_BASE + "credential-change"):
            reason = payload.get("reason_admin") if isinstance(payload, dict) else None
            if not reason:
                return fail("the interop profile requires a non-empty reason_admin", "non-empty",
                            reason)
    return ok()


@check("RISC-IC-01", "RISC-IR-01")
def check_identifier_event_subject_format(decoded: DecodedSET) -> Outcome:
    for uri in (decoded.claims.get("events") or {}):
        etype = BY_URI.get(uri)
        if etype and etype.subject_formats:
            fmt = (decoded.claims.get("sub_id") or {}).get("format")
            if fmt not in etype.subject_formats:
                return fail(f"{etype.action} names the subject by email or phone_number",
                            list(etype.subject_formats), fmt)
    return ok()
