"""Branches of issue 15's stream, status, verification, token, TLS and inactivity checks: which
requirement each verdict names, and the legal answers that pass (examples: *_cases.py)."""
from harness.checks import (
    inactivity, interop, status, stream_lifecycle as life, tls, verification as ver,
)
from tests.checks.helpers import SR, resp
from tests.checks.stream_status_cases import CC, updated, verification


def test_a_deleted_stream_list_that_is_not_an_array_names_the_list_rule():
    verdict = life.check_deleted_stream_not_listed(resp(200, {"streams": []}), "s-1")
    assert not verdict.passed and verdict.requirements == ("SSF-STREAM-28",)
    listed = life.check_deleted_stream_not_listed(resp(200, [{"stream_id": "s-1"}]), "s-1")
    assert listed.requirements == ("SSF-STREAM-42",)


def test_a_narrowing_put_answered_202_is_judged_on_the_read_back():
    pending = resp(200, {"events_requested": [SR, CC], "events_delivered": [SR, CC]})
    assert life.check_events_delivered_narrowed(resp(202, ""), [SR], pending).passed
    applied = resp(200, {"events_requested": [SR], "events_delivered": [SR, CC]})
    assert not life.check_events_delivered_narrowed(resp(202, ""), [SR], applied).passed
    assert life.check_events_delivered_narrowed(resp(400, {"error": "x"}), [SR]).passed


def test_an_unanswered_request_leaves_an_odd_state_to_the_echo_check():
    # The state "s1" was never echoed: the stray state may be that answer, gone wrong.
    assert ver.check_unsolicited_verification_stateless(
        [], [verification("s1-garbled")], ["s1"]).passed
    # Every request answered: the extra SET with a state is the transmitter's own.
    assert not ver.check_unsolicited_verification_stateless(
        [], [verification("s1"), verification("own")], ["s1"]).passed
    assert ver.check_unsolicited_verification_stateless([verification()], [], []).passed


def test_stream_updated_missing_names_the_rule_of_the_direction():
    paused = status.check_stream_updated_received(None, "paused")
    enabled = status.check_stream_updated_received(None, "enabled")
    assert paused.requirements == ("SSF-STATUS-16", "SSF-UPD-03")
    assert enabled.requirements == ("SSF-STATUS-16", "SSF-UPD-04")


def test_status_read_refused_names_the_read_form_and_answer_rules():
    verdict = status.check_status_read(resp(400, {"error": "x"}), "s-1")
    assert verdict.requirements == ("SSF-STATUS-01", "SSF-STATUS-02")


def test_token_response_warnings_name_their_should_rows():
    long_lived = interop.check_token_response(resp(200, {"access_token": "t",
                                                         "token_type": "bearer",
                                                         "expires_in": 86400}))
    assert long_lived.requirements == ("INTEROP-OAUTH-11",)
    no_expiry = interop.check_token_response(resp(200, {"access_token": "t",
                                                        "token_type": "Bearer"}))
    assert no_expiry.requirements == ("INTEROP-OAUTH-10",)


def test_legacy_tls_needs_a_modern_handshake_as_control():
    verdict = tls.check_legacy_tls_refused(None, None, "https://tx", requirement="POLL-18")
    assert not verdict.passed and verdict.requirements == ("POLL-18",)


def test_inactivity_may_leave_a_stream_alone_or_delete_it_but_not_stop_it_silently():
    assert inactivity.check_inactivity_announced(
        None, resp(200, {"stream_id": "s", "status": "enabled"})).passed
    assert inactivity.check_inactivity_announced(None, resp(404, {"error": "x"})).passed
    assert not inactivity.check_inactivity_announced(
        updated("paused"), resp(200, {"stream_id": "s", "status": "disabled"})).passed


def test_legacy_tls_on_the_receivers_push_endpoint_is_graded_at_push_18():
    refused = tls.check_legacy_tls_refused(None, "TLSv1.3", "https://rx", requirement="PUSH-18")
    accepted = tls.check_legacy_tls_refused("TLSv1", "TLSv1.3", "https://rx",
                                            requirement="PUSH-18")
    assert refused.passed and refused.requirements == ("PUSH-18",)
    assert not accepted.passed and accepted.requirements == ("PUSH-18",)
