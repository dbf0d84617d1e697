"""Every branch of the receiver-answer checks (harness/checks/receiver_answers.py), and the
issue 10 example: one defect of a refusal fails its own requirement only."""
import pytest

from harness.checks import receiver_answers as ans
from tests.checks.helpers import resp

ERR = {"err": "invalid_key", "description": "signature does not verify"}
LANG = {"Content-Language": "en"}


def test_a_400_without_content_language_fails_push_10_only():
    """The issue's receiver: it verifies signatures and refuses alg none, but its 400 answers
    have no Content-Language. Only PUSH-10 fails; the rule the SET broke (JOSE-03/04) passes."""
    answer = resp(400, ERR)
    verdicts = [ans.check_set_refused(answer, requirement="JOSE-03"),
                ans.check_set_refused(answer, requirement="JOSE-04"),
                ans.check_refusal_status(answer), ans.check_error_body(answer),
                ans.check_err_code("invalid_key", ("invalid_key", "invalid_request"),
                                   requirement="PUSH-13"),
                ans.check_content_language(answer)]
    failed = [(v.check_id, v.requirements) for v in verdicts if not v.passed]
    assert failed == [("check_content_language", ("PUSH-10",))]


@pytest.mark.parametrize("status, refused", [(202, False), (200, False), (400, True),
                                             (401, True), (500, True)])
def test_refused_means_not_acknowledged(status, refused):
    verdict = ans.check_set_refused(resp(status, ""), requirement="PUSH-17")
    assert verdict.passed is refused and verdict.requirements == ("PUSH-17",)


def test_refusal_status_accepts_the_listed_statuses():
    assert ans.check_refusal_status(resp(401, ""), (400, 401)).passed
    assert not ans.check_refusal_status(resp(500, ""), (400, 401)).passed
    assert not ans.check_refusal_status(resp(401, ""), (400,)).passed


@pytest.mark.parametrize("answer, passed", [
    (resp(400, ERR), True),
    (resp(400, "not json", "application/json"), False),
    (resp(400, ERR, "text/plain"), False),
    (resp(400, ["err"]), False),
    (resp(400, {"err": "invalid_key"}), False),
    (resp(400, {"err": 3, "description": "x"}), False),
])
def test_error_body_branches(answer, passed):
    assert ans.check_error_body(answer).passed is passed


def test_content_language_branches():
    assert ans.check_content_language(resp(400, ERR, headers={"Content-Language": "de"})).passed
    assert not ans.check_content_language(resp(400, ERR,
                                                headers={"Content-Language": " "})).passed


@pytest.mark.parametrize("content_language, accept_language, passed", [
    (None, "de", True),            # nothing to judge: PUSH-10 reports the missing header
    ("en-US", None, True),         # English without Accept-Language
    ("de", None, False),           # not English, and nobody asked for German
    ("de", "de, en;q=0.5", True),  # the language asked for
    ("fr", "de, en;q=0.5", False),
    ("fr, en", "de", True),        # one of the descriptions is English
    ("fr", "*", True),
])
def test_description_language_branches(content_language, accept_language, passed):
    headers = {"Content-Language": content_language} if content_language else {}
    verdict = ans.check_description_language(resp(400, ERR, headers=headers), accept_language)
    assert verdict.passed is passed


def test_any_applicable_err_code_passes():
    applicable = ("invalid_key", "authentication_failed", "invalid_request")
    for err in applicable:
        assert ans.check_err_code(err, applicable, requirement="PUSH-13").passed
    unregistered = ans.check_err_code("bad_sig", applicable, requirement="PUSH-13")
    registered = ans.check_err_code("invalid_audience", applicable, requirement="PUSH-13")
    assert not unregistered.passed and "registered" in unregistered.message
    assert not registered.passed and "names the failure" in registered.message
    wrong_state = ans.check_err_code("invalid_request", ("invalid_state",),
                                     requirement="SSF-VERIFY-12")
    assert wrong_state.requirements == ("SSF-VERIFY-12",) and not wrong_state.passed


@pytest.mark.parametrize("report, valid, passed", [
    ({"acked": True, "set_err": None}, True, True),
    ({"acked": False, "set_err": {"err": "invalid_key"}}, True, False),
    ({"acked": True, "set_err": {"err": "invalid_key"}}, True, False),
    (None, True, False),
    ({"acked": False, "set_err": {"err": "invalid_key"}}, False, True),
    ({"acked": False, "set_err": None}, False, True),   # setErrs is optional (RFC 8936 2.4.4)
    (None, False, True),                               # never acknowledged
    ({"acked": True, "set_err": None}, False, False),
])
def test_poll_report_branches(report, valid, passed):
    assert ans.check_poll_report(report, valid, requirement="POLL-12").passed is passed


@pytest.mark.parametrize("entry, passed", [
    ({"err": "invalid_key", "description": "x"}, True),
    ("invalid_key", False),
    ({"err": "invalid_key"}, False),
    ({"description": "x"}, False),
])
def test_set_errs_entry_branches(entry, passed):
    assert ans.check_set_errs_entry(entry).passed is passed


def test_accepted_branches():
    assert not ans.check_set_accepted(None, requirement="PUSH-07").passed
    assert not ans.check_set_accepted(resp(202, "{}"), requirement="PUSH-07").passed
    assert not ans.check_each_set_accepted({}).passed
