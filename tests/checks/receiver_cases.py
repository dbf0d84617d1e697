"""Passing and failing examples of the receiver-role checks (harness/checks/receiver.py and
receiver_answers.py); every branch is in tests/checks/test_receiver_answer_branches.py."""
from harness.checks import receiver as rx
from harness.checks import receiver_answers as ans
from harness.checks.base import NOT_JSON
from tests.checks.helpers import SR, resp

ERR = {"err": "invalid_issuer", "description": "iss is not the transmitter"}
LANG = {"Content-Language": "en"}
CREATE = {"delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "https://rx/push",
                       "authorization_header": "Bearer t"},
          "events_requested": [SR]}
STATE = {"account_state": "disabled", "sessions": {"active": 0, "revoked": 2}}

CASES = {
    "check_set_accepted": (
        lambda: ans.check_set_accepted(resp(202, "", None), requirement="PUSH-07"),
        lambda: ans.check_set_accepted(resp(200, "", None), requirement="PUSH-07")),
    "check_each_set_accepted": (
        lambda: ans.check_each_set_accepted({"a": resp(202, "", None),
                                             "b": resp(202, "", None)}),
        lambda: ans.check_each_set_accepted({"a": resp(202, "", None), "b": resp(400, ERR)})),
    "check_set_refused": (
        lambda: ans.check_set_refused(resp(400, ERR, headers=LANG), requirement="SET-06"),
        lambda: ans.check_set_refused(resp(202, "", None), requirement="SET-06")),
    "check_refusal_status": (
        lambda: ans.check_refusal_status(resp(400, ERR, headers=LANG)),
        lambda: ans.check_refusal_status(resp(403, ERR, headers=LANG))),
    "check_error_body": (
        lambda: ans.check_error_body(resp(400, ERR, headers=LANG)),
        lambda: ans.check_error_body(resp(400, "bad SET", "text/plain"))),
    "check_content_language": (
        lambda: ans.check_content_language(resp(400, ERR, headers=LANG)),
        lambda: ans.check_content_language(resp(400, ERR))),
    "check_description_language": (
        lambda: ans.check_description_language(resp(400, ERR, headers=LANG), None),
        lambda: ans.check_description_language(
            resp(400, ERR, headers={"Content-Language": "fr"}), "de, en;q=0.5")),
    "check_err_code": (
        lambda: ans.check_err_code("invalid_issuer", ("invalid_issuer",), requirement="PUSH-13"),
        lambda: ans.check_err_code("invalid_request", ("invalid_issuer",),
                                   requirement="PUSH-13")),
    "check_poll_report": (
        lambda: ans.check_poll_report({"acked": False, "set_err": {"err": "invalid_key"}},
                                      valid=False, requirement="JOSE-03"),
        lambda: ans.check_poll_report({"acked": True, "set_err": None}, valid=False,
                                      requirement="JOSE-03")),
    "check_set_errs_entry": (
        lambda: ans.check_set_errs_entry(ERR),
        lambda: ans.check_set_errs_entry({"err": "invalid_key"})),
    "check_security_state": (
        lambda: rx.check_security_state(STATE, {"sessions.active": 0},
                                        requirement="PUSH-06"),
        lambda: rx.check_security_state(STATE, {"account_state": "enabled"},
                                        requirement="SET-22")),
    "check_action_logged": (
        lambda: rx.check_action_logged([{"action": "sessions-revoked"}], ["sessions-revoked"]),
        lambda: rx.check_action_logged([], ["sessions-revoked"])),
    "check_refused_set_not_acted_on": (
        lambda: rx.check_refused_set_not_acted_on([{"accepted": False}], []),
        lambda: rx.check_refused_set_not_acted_on([{"accepted": True}],
                                                  [{"action": "sessions-revoked"}])),
    "check_stream_created": (lambda: rx.check_stream_created(201),
                             lambda: rx.check_stream_created(None)),
    "check_create_body_receiver_members_only": (
        lambda: rx.check_create_body_receiver_members_only(CREATE),
        lambda: rx.check_create_body_receiver_members_only({**CREATE, "stream_id": "x"})),
    "check_events_requested": (lambda: rx.check_events_requested(CREATE),
                               lambda: rx.check_events_requested({"events_requested": []})),
    "check_push_endpoint_supplied": (
        lambda: rx.check_push_endpoint_supplied(CREATE),
        lambda: rx.check_push_endpoint_supplied({"delivery": {"endpoint_url": "http://rx"}})),
    "check_push_authorization_supplied": (
        lambda: rx.check_push_authorization_supplied(CREATE),
        lambda: rx.check_push_authorization_supplied({"delivery": {}})),
    "check_delete_names_stream": (
        lambda: rx.check_delete_names_stream({"stream_id": ["s-1"]}, "s-1"),
        lambda: rx.check_delete_names_stream({}, "s-1")),
    "check_request_names_stream": (
        lambda: rx.check_request_names_stream({"stream_id": "s-1"}, "s-1",
                                              requirement="SSF-STREAM-31"),
        lambda: rx.check_request_names_stream({"events_requested": []}, "s-1",
                                              requirement="SSF-STREAM-31")),
    "check_metadata_fetched_with_get": (lambda: rx.check_metadata_fetched_with_get(["GET"]),
                                        lambda: rx.check_metadata_fetched_with_get(["POST"])),
    "check_stream_not_used": (lambda: rx.check_stream_not_used([]),
                              lambda: rx.check_stream_not_used(["POST /ssf/verify"])),
    "check_poll_request_shape": (
        lambda: rx.check_poll_request_shape("POST", "application/json", {"ack": []}),
        lambda: rx.check_poll_request_shape("POST", "text/plain", NOT_JSON)),
    "check_no_add_subject": (lambda: rx.check_no_add_subject(0),
                             lambda: rx.check_no_add_subject(2)),
}
