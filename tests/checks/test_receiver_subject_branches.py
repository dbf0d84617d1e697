"""The branches of harness/checks/receiver_subjects.py the CASES examples do not reach."""
from harness.checks import receiver_subjects as rs

STATE = {"sessions_active": 2}


def test_an_action_logged_for_the_discarded_event_fails_even_without_state():
    verdict = rs.check_critical_member_event_discarded(["sessions-revoked"], None, None)
    assert not verdict.passed and verdict.requirements == ("SUBID-21",)


def test_no_state_and_no_action_passes():
    assert rs.check_critical_member_event_discarded([], None, None).passed


def test_an_unreadable_session_count_fails():
    verdict = rs.check_complex_revocation_kept_unmatched_sessions(STATE, {})
    assert not verdict.passed and "sessions_active" in str(verdict.expected)


def test_more_sessions_after_is_fine():
    assert rs.check_complex_revocation_kept_unmatched_sessions(STATE, {"sessions_active": 3}
                                                               ).passed


def test_no_call_after_expiry_fails():
    from harness.checks import receiver_auth as ra
    verdict = ra.check_call_authorized_after_token_expiry([], 0)
    assert not verdict.passed and verdict.requirements == ("INTEROP-OAUTH-12",)


def test_no_token_request_or_no_scope_parameter_fails():
    from harness.checks import receiver_auth as ra
    assert not ra.check_scopes_from_resource_metadata([], ["ssf.manage.x"]).passed
    assert not ra.check_scopes_from_resource_metadata([None], ["ssf.manage.x"]).passed
