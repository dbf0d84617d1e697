"""401 (no or bad bearer token), 403 (token not allowed for the organisation), 429 (rate limit
with Retry-After), and the order of the gates."""
from __future__ import annotations

import pytest

from harness.reference.directory import Organisation
from tests.reference.directory.support import ORG_A, ORG_B, TOKEN_A, TOKEN_B


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic dXNlcjpwYXNz",
                                           "Bearer", "token-org-a-7f"])
def test_create_without_a_good_bearer_token_is_401(shared_dir, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    resp = shared_dir.create_call({}, token=None, headers=headers)
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"].startswith("Bearer")
    assert resp.json()["errors"] and TOKEN_A not in resp.text


def test_assertion_without_a_token_is_401(directory):
    statement = directory.create({})
    resp = directory.assertion_call(statement["SoftwareStatementId"], token=None)
    assert resp.status_code == 401


def test_token_of_another_organisation_is_403(shared_dir):
    assert shared_dir.create_call({}, org=ORG_B).status_code == 403
    assert shared_dir.create_call({}, org=ORG_B, token=TOKEN_B).status_code == 201


def test_assertion_of_another_organisation_is_403(directory):
    created = directory.create_call({}, org=ORG_B, token=TOKEN_B).json()
    resp = directory.assertion_call(created["SoftwareStatementId"], org=ORG_B, token=TOKEN_A)
    assert resp.status_code == 403


def test_unknown_organisation_is_403_not_a_hint_that_it_does_not_exist(shared_dir):
    assert shared_dir.create_call({}, org="no-such-org").status_code == 403


def test_a_statement_is_only_found_under_its_own_organisation(make_dir):
    both = [Organisation(ORG_A, "Organisation A", tokens=(TOKEN_A,)),
            Organisation(ORG_B, "Organisation B", tokens=(TOKEN_A,))]
    directory = make_dir(organisations=both)
    statement = directory.create({})
    assert directory.assertion_call(statement["SoftwareStatementId"], org=ORG_B).status_code == 404
    assert directory.assertion_call(statement["SoftwareStatementId"]).status_code == 200


def test_gates_run_in_order_credentials_before_validation_before_access(shared_dir):
    bad_body = {"Mode": "Prod"}
    assert shared_dir.create_call(bad_body, token=None).status_code == 401
    assert shared_dir.create_call(bad_body, org="a" * 41).status_code == 400
    assert shared_dir.create_call(bad_body, org=ORG_B).status_code == 403
    assert shared_dir.create_call(bad_body).status_code == 400


def test_rate_limit_is_429_with_retry_after_until_the_window_reopens(make_dir):
    directory = make_dir(rate_limit_requests=2, rate_limit_window_seconds=30)
    assert directory.create_call({}).status_code == 201
    assert directory.create_call({}).status_code == 201
    limited = directory.create_call({})
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "30"
    assert limited.headers["x-fapi-interaction-id"]
    directory.clock.advance(20)
    assert directory.create_call({}).headers["retry-after"] == "10"
    # Another credential has its own window.
    assert directory.create_call({}, org=ORG_B, token=TOKEN_B).status_code == 201
    directory.clock.advance(10)
    assert directory.create_call({}).status_code == 201


def test_rate_limit_applies_to_the_assertion_call_too(make_dir):
    directory = make_dir(rate_limit_requests=2, rate_limit_window_seconds=5)
    statement = directory.create({})
    assert directory.assertion_call(statement["SoftwareStatementId"]).status_code == 200
    assert directory.assertion_call(statement["SoftwareStatementId"]).status_code == 429


def test_unauthenticated_callers_are_limited_by_address(make_dir):
    directory = make_dir(rate_limit_requests=1)
    assert directory.create_call({}, token=None).status_code == 401
    assert directory.create_call({}, token=None).status_code == 429


def test_no_limit_by_default(directory):
    for _ in range(5):
        assert directory.create_call({}).status_code == 201


def test_an_organisation_may_have_its_own_rate_limit(make_dir):
    from harness.reference.directory import Organisation
    from tests.reference.directory.support import organisations
    probe = Organisation("org-probe", "Probe", tokens=("token-probe-1",), rate_limit=1)
    directory = make_dir(organisations=organisations() + [probe])
    assert directory.create_call({}, org="org-probe", token="token-probe-1").status_code == 201
    limited = directory.create_call({}, org="org-probe", token="token-probe-1")
    assert limited.status_code == 429 and limited.headers["retry-after"]
    assert [directory.create_call({}).status_code for _ in range(3)] == [201] * 3
