"""Passing and failing examples of harness/checks/receiver_subjects.py (issue 15, receiver
role): critical subject members, complex-subject revocations, the transmitter's certificate."""
from harness.checks import receiver_subjects as rs

STATE = {"sessions_active": 2, "account_state": "enabled"}

CASES = {
    "check_critical_member_event_discarded": (
        lambda: rs.check_critical_member_event_discarded([], STATE, dict(STATE)),
        lambda: rs.check_critical_member_event_discarded([], STATE,
                                                         {**STATE, "sessions_active": 0})),
    "check_complex_revocation_kept_unmatched_sessions": (
        lambda: rs.check_complex_revocation_kept_unmatched_sessions(STATE, dict(STATE)),
        lambda: rs.check_complex_revocation_kept_unmatched_sessions(
            STATE, {**STATE, "sessions_active": 0})),
    "check_untrusted_transmitter_endpoint_refused": (
        lambda: rs.check_untrusted_transmitter_endpoint_refused(0, "https://127.0.0.1:1/poll"),
        lambda: rs.check_untrusted_transmitter_endpoint_refused(1, "https://127.0.0.1:1/poll")),
}
