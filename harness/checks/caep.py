"""Checks on CAEP 1.0 event payloads beyond their schemas: when `event_timestamp` says the event
happened, and the recommended members of assurance-level-change and risk-level-change."""
from __future__ import annotations

import time

from harness.checks.base import Outcome, check, fail, ok
from harness.jose import DecodedSET
from harness.ssf.events import CAEP_BASE

# The catalog row that says what each CAEP event's event_timestamp is the time of.
TIMESTAMP_MEANING = {
    CAEP_BASE + "session-revoked": "CAEP-SR-03",
    CAEP_BASE + "token-claims-change": "CAEP-TCC-03",
    CAEP_BASE + "credential-change": "CAEP-CC-05",
    CAEP_BASE + "assurance-level-change": "CAEP-ALC-06",
    CAEP_BASE + "device-compliance-change": "CAEP-DCC-04",
    CAEP_BASE + "session-established": "CAEP-SE-01",
    CAEP_BASE + "session-presented": "CAEP-SP-01",
    CAEP_BASE + "risk-level-change": "CAEP-RLC-01",
}
SKEW_SECONDS = 300.0
# Above this an event_timestamp is in milliseconds (check_event_timestamp_seconds's finding).
_MILLISECONDS = 1e11
_ALC = CAEP_BASE + "assurance-level-change"
_RLC = CAEP_BASE + "risk-level-change"


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@check(*dict.fromkeys(TIMESTAMP_MEANING.values()))
def check_event_timestamp_not_future(decoded: DecodedSET, skew_seconds: float = SKEW_SECONDS,
                                     now: float | None = None) -> Outcome:
    """CAEP 1.0 §2 event_timestamp: "the time at which the event described by this SET
    occurred", and each event type says which moment: e.g. §3.1.1 "When `event_timestamp` is
    included, its value MUST represent the time at which the session revocation occurred"
    (CAEP-SR-03). An event reported in a SET has happened: its
    event_timestamp is neither in the future nor after the SET's own iat (beyond a clock skew
    of `skew_seconds`). The verdict names the row of the event type at hand."""
    now = time.time() if now is None else now
    iat = decoded.claims.get("iat")
    for uri, payload in (decoded.claims.get("events") or {}).items():
        ts = payload.get("event_timestamp") if isinstance(payload, dict) else None
        row = TIMESTAMP_MEANING.get(uri)
        if row is None or not _number(ts) or ts > _MILLISECONDS:
            continue  # no timestamp, not CAEP, or not seconds (judged elsewhere)
        if ts > now + skew_seconds:
            return fail("event_timestamp is not in the future", f"<= now + {skew_seconds:.0f}s",
                        ts, only=row)
        if _number(iat) and ts > iat + skew_seconds:
            return fail("event_timestamp is not after the SET's iat (the event happened before "
                        "it was reported)", f"<= iat ({iat}) + {skew_seconds:.0f}s", ts,
                        only=row)
    return ok()


@check("CAEP-ALC-07")
def check_change_direction_with_previous_level(decoded: DecodedSET) -> Outcome:
    """CAEP 1.0 §3.4.1 change_direction: "If the Transmitter has specified the
    `previous_level`, then the Transmitter SHOULD provide a value for this claim." (The value
    list, the MUST half of CAEP-ALC-05, is the payload schema's.)"""
    payload = (decoded.claims.get("events") or {}).get(_ALC)
    if isinstance(payload, dict) and "previous_level" in payload \
            and "change_direction" not in payload:
        return fail("an assurance-level-change with previous_level also gives change_direction",
                    "change_direction", "absent")
    return ok()


@check("CAEP-RLC-05")
def check_risk_reason_present(decoded: DecodedSET) -> Outcome:
    """CAEP 1.0 §3.8.1 risk_reason: "RECOMMENDED, JSON string: indicates the reason that
    contributed to the risk level changes by the Transmitter"."""
    payload = (decoded.claims.get("events") or {}).get(_RLC)
    if isinstance(payload, dict) and not isinstance(payload.get("risk_reason"), str):
        return fail("a risk-level-change says why (risk_reason)", "a string",
                    payload.get("risk_reason"))
    return ok()
