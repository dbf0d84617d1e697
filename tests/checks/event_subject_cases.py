"""Examples for issue 15's SET and CAEP payload checks: subject identifiers, interop subject
formats, event_timestamp plausibility, recommended members, txn uniqueness."""
from harness.checks import caep, sets, subject_ids as sid
from tests.checks.helpers import set_

CAEP = "https://schemas.openid.net/secevent/caep/event-type/"
ALC, RLC, DCC = CAEP + "assurance-level-change", CAEP + "risk-level-change", \
    CAEP + "device-compliance-change"
NOW = 1_700_000_000
ALICE = {"format": "email", "email": "alice@example.com"}


def event(uri, payload, **claims):
    return set_(events={uri: payload}, **claims)


CASES = {
    "check_sub_id_required_members": (
        lambda: sid.check_sub_id_required_members(set_()),
        lambda: sid.check_sub_id_required_members(set_(sub_id={"format": "email",
                                                                "value": "a@example.com"}))),
    "check_interop_event_subject_format": (
        lambda: sid.check_interop_event_subject_format(set_()),
        lambda: sid.check_interop_event_subject_format(set_(sub_id={"format": "opaque",
                                                                    "id": "alice"}))),
    "check_interop_subject_formats_seen": (
        lambda: sid.check_interop_subject_formats_seen(["email", "complex"]),
        lambda: sid.check_interop_subject_formats_seen(["opaque"])),
    "check_event_timestamp_not_future": (
        lambda: caep.check_event_timestamp_not_future(set_(), now=NOW + 10),
        lambda: caep.check_event_timestamp_not_future(
            event(DCC, {"event_timestamp": NOW + 86400, "current_status": "compliant",
                        "previous_status": "not-compliant"}, iat=NOW), now=NOW)),
    "check_change_direction_with_previous_level": (
        lambda: caep.check_change_direction_with_previous_level(
            event(ALC, {"namespace": "NIST-AAL", "current_level": "nist-aal2",
                        "previous_level": "nist-aal1", "change_direction": "increase"})),
        lambda: caep.check_change_direction_with_previous_level(
            event(ALC, {"namespace": "NIST-AAL", "current_level": "nist-aal2",
                        "previous_level": "nist-aal1"}))),
    "check_risk_reason_present": (
        lambda: caep.check_risk_reason_present(
            event(RLC, {"principal": "USER", "current_level": "HIGH",
                        "risk_reason": "PASSWORD_FOUND_IN_DATA_BREACH"})),
        lambda: caep.check_risk_reason_present(
            event(RLC, {"principal": "USER", "current_level": "HIGH"}))),
    "check_txn_distinct": (
        lambda: sets.check_txn_distinct([set_(jti="a", txn="t1"), set_(jti="b", txn="t2")]),
        lambda: sets.check_txn_distinct([set_(jti="a", txn="t1"), set_(jti="b", txn="t1")])),
}
