"""Authorization checks: 401 with and without error="invalid_token", the update's 400 tolerance,
and each verdict naming the one requirement its call or branch tests."""
import pytest

from harness.checks import errors as e
from tests.checks.helpers import resp

INVALID = 'Bearer realm="ssf", error="invalid_token", error_description="expired"'


@pytest.mark.parametrize("challenge", [
    INVALID, 'Bearer error="invalid_token"', "Bearer error=invalid_token",
    'bearer realm="x",error="invalid_token"',
])
def test_invalid_token_challenge_passes_with_the_error_attribute(challenge):
    verdict = e.check_invalid_token_challenge(resp(401, {}, headers={"WWW-Authenticate": challenge}),
                                              requirement="INTEROP-OAUTH-08")
    assert verdict.passed, verdict


@pytest.mark.parametrize("challenge", [
    None, 'Bearer realm="ssf"', 'Bearer error="invalid_request"',
    'Basic realm="x", error="invalid_token"', 'Bearer error_description="invalid_token"',
])
def test_invalid_token_challenge_fails_without_it(challenge):
    headers = {"WWW-Authenticate": challenge} if challenge else {}
    verdict = e.check_invalid_token_challenge(resp(401, {}, headers=headers),
                                              requirement="INTEROP-OAUTH-08")
    assert not verdict.passed and verdict.requirements == ("INTEROP-OAUTH-08",)


def test_invalid_token_challenge_leaves_a_non_401_to_the_status_check():
    assert e.check_invalid_token_challenge(resp(403, {}), requirement="SSF-DISC-22").passed


def test_invalid_token_challenge_on_the_poll_endpoint_is_graded_with_the_should():
    verdict = e.check_invalid_token_challenge(resp(401, {}), requirement="SSF-DISC-22")
    assert verdict.requirements == ("SSF-DISC-22",)


def test_an_update_with_an_invalid_token_may_get_400_other_calls_may_not():
    assert e.check_unauthenticated_401(resp(400, {}), tolerate_400=True,
                                       requirement="SSF-MGMT-01").passed
    assert not e.check_unauthenticated_401(resp(400, {}), requirement="SSF-MGMT-01").passed
    assert not e.check_unauthenticated_401(resp(403, {}), tolerate_400=True,
                                           requirement="SSF-MGMT-01").passed


def test_bearer_challenge_is_an_ssf_rule_not_an_interop_one():
    verdict = e.check_www_authenticate_bearer(resp(401, {}))
    assert not verdict.passed and verdict.requirements == ("SSF-MGMT-01",)
    assert e.check_www_authenticate_bearer(resp(403, {})).passed  # not a 401: nothing to see


def test_foreign_stream_refusal_names_only_the_isolation_rule():
    assert e.check_foreign_stream_refused(resp(200, {})).requirements == ("SSF-MGMT-02",)


def test_read_only_token_that_writes_and_a_wrong_refusal_code_are_different_rules():
    writes = e.check_insufficient_scope_403(resp(201, {}))
    wrong_code = e.check_insufficient_scope_403(resp(401, {}))
    assert writes.requirements == ("INTEROP-OAUTH-04",) and not writes.passed
    assert wrong_code.requirements == ("INTEROP-OAUTH-08",) and not wrong_code.passed
    assert e.check_insufficient_scope_403(resp(403, {})).passed


def test_challenge_params_parse_quoted_and_bare_values():
    assert e.challenge_params(INVALID) == {"realm": "ssf", "error": "invalid_token",
                                           "error_description": "expired"}
