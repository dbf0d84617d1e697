"""Examples for the checks of a dialect's documented API (harness/checks/documented_api.py),
with branch tests beyond the one pass/fail pair each."""
from harness.checks import documented_api as d
from tests.checks.helpers import resp

STREAM = {"id": "1", "iss": "https://api.example", "stream_id": "s-1", "name": "n",
          "aud": None, "delivery_type": "poll", "enabled": True, "events_supported": [],
          "created_at": "t", "updated_at": "t", "delivery": {"method": "urn:ietf:rfc:8936"}}
MEMBERS = tuple(STREAM)
CREATED = {**STREAM, "poll_bearer_token": "secret"}
LIST = {"data": [STREAM], "pagination": {"count": 1}}
TEST_ANSWER = {"success": True, "response_code": "200", "ssf_stream_event_id": 1}
CODES = ("invalid_request", "not_found", "server_error")
STATUSES = ("enabled", "paused", "disabled")
RISC_PUSH = "https://schemas.openid.net/secevent/risc/delivery-method/push"
ALICE = {"format": "email", "email": "alice@example.com"}
DCC = "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change"
SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
ISS_SUB = {"subject_type": "iss-sub", "iss": "https://accounts.example", "sub": "1047"}
VERIFY = "https://schemas.openid.net/secevent/ssf/event-type/verification"

CASES = {
    "check_created_as_documented": (
        lambda: d.check_created_as_documented(resp(200, STREAM), (200, 201),
                                              requirement="KOLIDE-03"),
        lambda: d.check_created_as_documented(resp(202, STREAM), (200, 201),
                                              requirement="KOLIDE-03")),
    "check_documented_members": (
        lambda: d.check_documented_members(STREAM, MEMBERS, requirement="KOLIDE-04"),
        lambda: d.check_documented_members({"stream_id": "s-1"}, MEMBERS,
                                           requirement="KOLIDE-04")),
    "check_poll_credential_once": (
        lambda: d.check_poll_credential_once(CREATED, {"read": STREAM, "list": LIST}),
        lambda: d.check_poll_credential_once(CREATED, {"read": CREATED, "list": LIST})),
    "check_answered_with": (
        lambda: d.check_answered_with(resp(200, {}), "the header", requirement="KOLIDE-01"),
        lambda: d.check_answered_with(resp(400, {}), "the header", requirement="KOLIDE-01")),
    "check_refused_without": (
        lambda: d.check_refused_without(resp(401, {}), "the token", requirement="KOLIDE-06"),
        lambda: d.check_refused_without(resp(200, {}), "the token", requirement="KOLIDE-06")),
    "check_validation_error": (
        lambda: d.check_validation_error(resp(422, {"error": "aud is invalid"}), "push URL"),
        lambda: d.check_validation_error(resp(201, STREAM), "push URL")),
    "check_list_wrapped": (
        lambda: d.check_list_wrapped(LIST, "s-1"),
        lambda: d.check_list_wrapped([STREAM], "s-1")),
    "check_fresh_identity": (
        lambda: d.check_fresh_identity(CREATED, {**CREATED, "stream_id": "s-2",
                                                 "poll_bearer_token": "other"}),
        lambda: d.check_fresh_identity(CREATED, {**CREATED, "poll_bearer_token": "other"})),
    "check_test_answer": (
        lambda: d.check_test_answer(TEST_ANSWER),
        lambda: d.check_test_answer({"success": True})),
    "check_top_level_sub_id": (
        lambda: d.check_top_level_sub_id({"sub_id": {"format": "email", "email": "a@b.c"}}),
        lambda: d.check_top_level_sub_id({"events": {}})),
    "check_acknowledged_not_returned": (
        lambda: d.check_acknowledged_not_returned("j1", {"j2": "x.y.z"}),
        lambda: d.check_acknowledged_not_returned("j1", {"j1": "x.y.z"})),
    "check_undocumented_event_left_out": (
        lambda: d.check_undocumented_event_left_out(
            resp(201, STREAM), {**STREAM, "events_delivered": [DCC, VERIFY]}, SR),
        lambda: d.check_undocumented_event_left_out(
            resp(201, STREAM), {**STREAM, "events_delivered": [DCC, SR]}, SR)),
    "check_delivered_within": (
        lambda: d.check_delivered_within([{"events": {DCC: {}}}, {"events": {VERIFY: {}}}],
                                         [DCC, VERIFY]),
        lambda: d.check_delivered_within([{"events": {DCC: {}}}, {"events": {SR: {}}}],
                                         [DCC, VERIFY])),
    "check_documented_value": (
        lambda: d.check_documented_value({"status": "paused"}, "status", STATUSES,
                                         requirement="STARFLY-05"),
        lambda: d.check_documented_value({"status": "active"}, "status", STATUSES,
                                         requirement="STARFLY-05")),
    "check_delivery_urns": (
        lambda: d.check_delivery_urns({"method": RISC_PUSH}, (RISC_PUSH,)),
        lambda: d.check_delivery_urns(["urn:ietf:rfc:8935"], (RISC_PUSH,))),
    "check_subject_inside_event": (
        lambda: d.check_subject_inside_event(
            {"events": {"e": {"subject": {"user": ALICE, "session": {}}}}}, ALICE),
        lambda: d.check_subject_inside_event({"sub_id": ALICE, "events": {"e": {}}}, ALICE)),
    "check_subject_type_spelled": (
        lambda: d.check_subject_type_spelled({"events": {"e": {"subject": ISS_SUB}}}, "iss-sub"),
        lambda: d.check_subject_type_spelled(
            {"events": {"e": {"subject": {**ISS_SUB, "subject_type": "iss_sub"}}}}, "iss-sub")),
    "check_client_certificate_required": (
        lambda: d.check_client_certificate_required(
            {"status": 404}, {"status": None, "detail": "SSLError: certificate required"}),
        lambda: d.check_client_certificate_required({"status": 404}, {"status": 404})),
    "check_dialect_metadata_served": (
        lambda: d.check_dialect_metadata_served(resp(200, {"issuer": "https://idp.example"})),
        lambda: d.check_dialect_metadata_served(resp(404, {"error": "not_found"}))),
    "check_documented_error": (
        lambda: d.check_documented_error(resp(404, {"error": "not_found"}), CODES,
                                         requirement="STARFLY-07"),
        lambda: d.check_documented_error(resp(400, {"error": "validation_error"}), CODES,
                                         requirement="STARFLY-07")),
}


def test_a_create_answer_without_the_credential_fails_before_later_answers_count():
    assert not d.check_poll_credential_once(STREAM, {}).passed


def test_the_credential_in_a_listed_stream_counts_as_repeated():
    verdict = d.check_poll_credential_once(CREATED, {"list": {"data": [CREATED]}})
    assert not verdict.passed and "list" in str(verdict.actual)


def test_a_created_answer_without_a_stream_id_fails():
    assert not d.check_created_as_documented(resp(201, {"id": "1"}), (201,),
                                             requirement="KOLIDE-03").passed


def test_a_stream_the_document_names_by_no_id_needs_only_to_be_an_object():
    assert d.check_created_as_documented(resp(200, {"delivery": {}}), (200,), id_member=None,
                                         requirement="SSE-03").passed
    assert not d.check_created_as_documented(resp(200, "<html>"), (200,), id_member=None,
                                             requirement="SSE-03").passed


def test_a_validation_error_needs_a_json_body():
    assert not d.check_validation_error(resp(400, "<html>"), "push URL").passed


def test_a_list_without_the_stream_fails():
    assert not d.check_list_wrapped({"data": [], "pagination": {}}, "s-1").passed


def test_a_new_stream_id_with_the_old_token_fails():
    assert not d.check_fresh_identity(CREATED, {**CREATED, "stream_id": "s-2"}).passed


def test_a_mistyped_response_code_fails():
    assert not d.check_test_answer({**TEST_ANSWER, "response_code": 200}).passed


def test_a_documented_error_may_leave_out_its_description():
    assert d.check_documented_error(resp(503, {"error": "server_error"}), CODES,
                                    requirement="STARFLY-08").passed


def test_an_error_that_is_not_json_or_a_success_fails():
    for answer in (resp(500, "Internal Server Error"), resp(201, {"stream_id": "s"})):
        assert not d.check_documented_error(answer, CODES, requirement="STARFLY-07").passed


def test_another_documented_code_than_the_expected_one_fails():
    answer = resp(400, {"error": "not_found", "error_description": "x"})
    assert not d.check_documented_error(answer, CODES, "invalid_request",
                                        requirement="STARFLY-06").passed


def test_a_non_string_error_description_fails():
    answer = resp(400, {"error": "invalid_request", "error_description": 3})
    assert not d.check_documented_error(answer, CODES, requirement="STARFLY-07").passed


def test_an_answer_without_the_enumerated_member_fails():
    assert not d.check_documented_value({}, "status", STATUSES, requirement="STARFLY-05").passed


def test_a_subject_inside_the_event_with_a_top_level_sub_id_too_fails():
    claims = {"sub_id": ALICE, "events": {"e": {"subject": ALICE}}}
    assert not d.check_subject_inside_event(claims, ALICE).passed


def test_a_subject_inside_the_event_about_someone_else_fails():
    other = {"format": "email", "email": "bob@example.com"}
    assert not d.check_subject_inside_event({"events": {"e": {"subject": other}}}, ALICE).passed


def test_googles_delivery_method_spelling_is_read():
    assert d.check_delivery_urns({"delivery_method": RISC_PUSH, "url": "u"}, (RISC_PUSH,)).passed


def test_a_create_refusing_an_unsupported_event_type_passes():
    refused = resp(422, {"error": "validation_failed"})
    assert d.check_undocumented_event_left_out(refused, {"error": "x"}, SR).passed


def test_a_create_answered_without_its_events_or_with_a_server_error_fails():
    assert not d.check_undocumented_event_left_out(resp(201, STREAM), STREAM, SR).passed
    assert not d.check_undocumented_event_left_out(resp(500, {}), None, SR).passed


def test_nothing_delivered_is_within_any_events():
    assert d.check_delivered_within([], [DCC]).passed


def test_an_iss_sub_subject_without_its_pair_or_outside_the_event_fails():
    bare = {"events": {"e": {"subject": {"subject_type": "iss-sub", "iss": "https://a"}}}}
    assert not d.check_subject_type_spelled(bare, "iss-sub").passed
    assert not d.check_subject_type_spelled({"sub_id": ISS_SUB, "events": {"e": {}}},
                                            "iss-sub").passed
    assert not d.check_subject_type_spelled({"events": {}}, "iss-sub").passed


def test_a_4xx_without_a_client_certificate_is_a_refusal_unless_the_twin_got_it_too():
    assert d.check_client_certificate_required({"status": 200}, {"status": 403}).passed
    assert not d.check_client_certificate_required({"status": 404}, {"status": 404}).passed


def test_no_answer_even_with_the_client_certificate_fails_the_twin():
    outcome = d.check_client_certificate_required({"status": None, "detail": "reset"},
                                                  {"status": None})
    assert not outcome.passed
