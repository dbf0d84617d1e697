"""Push, poll and status checks: legal behaviour that differs from the reference passes
(no retry, no long poll, 202 answers), each defect fails at the level of its own rule."""
from harness.checks import poll, push, status
from tests.checks.helpers import SR, VERIF, claims, resp

REFUSED = claims(jti="j-1", events={VERIF: {"state": "s-1"}})


def test_no_retry_after_a_503_is_no_finding():
    verdict = push.check_retry_keeps_jti(REFUSED, [])
    assert verdict.passed and "no retransmission" in verdict.message
    other_set = claims(jti="j-9", events={VERIF: {"state": "other"}})
    assert push.check_retry_keeps_jti(REFUSED, [other_set]).passed


def test_a_retry_with_the_same_jti_passes():
    assert push.check_retry_keeps_jti(REFUSED, [REFUSED, REFUSED]).passed


def test_a_retry_signed_again_under_a_new_jti_fails_set_08():
    resigned = claims(jti="j-2", iat=1_700_000_050, events={VERIF: {"state": "s-1"}})
    verdict = push.check_retry_keeps_jti(REFUSED, [resigned])
    assert not verdict.passed and verdict.requirements == ("SET-08",)
    assert verdict.expected == "j-1"


def test_poll_www_authenticate_is_only_about_401s():
    assert poll.check_poll_www_authenticate(resp(200, {})).passed  # SSF-DISC-22's verdict
    assert poll.check_poll_www_authenticate(resp(401, {}, headers={"WWW-Authenticate": "Bearer"})
                                            ).passed
    verdict = poll.check_poll_www_authenticate(resp(401, {}))
    assert not verdict.passed and verdict.requirements == ("POLL-17",)


def test_a_poll_answered_at_once_with_nothing_is_a_transmitter_without_long_poll():
    empty = resp(200, {"sets": {}})
    assert poll.check_long_poll_returns_event(empty, None, 0.05, 10.0, 2.5).passed
    assert not poll.check_long_poll_returns_event(empty, None, 9.0, 10.0, 2.5).passed


def test_set_errs_poll_is_graded_as_a_valid_poll():
    assert poll.check_set_errs_accepted(resp(400, {})).requirements == ("POLL-02",)


def test_held_events_dropped_are_the_should_out_of_order_the_must():
    assert status.check_held_events_delivered_in_order(["a", "b"], ["a", "b"]).passed
    assert status.check_held_events_delivered_in_order(["a", "b"], ["b"]).passed  # latest only
    dropped = status.check_held_events_delivered_in_order(["a", "b"], ["x"])
    reordered = status.check_held_events_delivered_in_order(["a", "b"], ["b", "a"])
    assert dropped.requirements == ("SSF-STATUS-13",) and not dropped.passed
    assert reordered.requirements == ("SSF-STATUS-14",) and not reordered.passed


def test_status_update_answered_202_is_pending_not_wrong():
    verdict = status.check_status_updated(resp(202, ""), resp(200, {"status": "enabled"}),
                                          "paused")
    assert verdict.passed and verdict.requirements == ("SSF-STATUS-08",)


def test_status_read_names_the_broken_rule():
    bad_value = status.check_status_read(resp(200, {"stream_id": "s", "status": "on"}), "s")
    bad_stream = status.check_status_read(resp(200, {"stream_id": "x", "status": "enabled"}),
                                          "s")
    assert bad_value.requirements == ("SSF-STATUS-03",)
    assert bad_stream.requirements == ("SSF-STATUS-02",)


def test_stream_updated_missing_and_wrong_payload_are_different_rules():
    from tests.checks.helpers import set_
    missing = status.check_stream_updated_received(None, "paused")
    wrong = status.check_stream_updated_received(
        set_(events={"https://schemas.openid.net/secevent/ssf/event-type/stream-updated":
                     {"status": "enabled"}}), "paused")
    assert missing.requirements == ("SSF-STATUS-16", "SSF-UPD-03")
    assert wrong.requirements == ("SSF-UPD-01",)


def test_push_request_checks_are_untouched_by_the_event_type():
    assert push.check_retry_keeps_jti(claims(events={SR: {}}), []).passed
