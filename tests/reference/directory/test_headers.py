"""x-fapi-interaction-id on every response: a valid RFC 4122 id is echoed, anything else gets a
freshly generated one; x-fapi-auth-date is held to its documented pattern on both calls."""
from __future__ import annotations

import pytest

from harness.schemas import is_valid
from tests.reference.directory.support import AUTH_DATE, INTERACTION_ID, ORG_A, ORG_B

HEADER = "x-fapi-interaction-id"


@pytest.mark.parametrize("sent", [INTERACTION_ID, "3FA85F64-5717-4562-B3FC-2C963F66AFA6",
                                  "3fa85f64-5717-4562-b3fc-2c963f66afa6"])
def test_a_valid_interaction_id_is_echoed(shared_dir, sent):
    resp = shared_dir.create_call({}, headers={HEADER: sent})
    assert resp.status_code == 201 and resp.headers[HEADER] == sent


@pytest.mark.parametrize("sent", [None, "", "request-42", "{" + INTERACTION_ID + "}",
                                  "f81d4fae-7dec-01d0-a765-00a0c91e6bf6",
                                  "f81d4fae7dec11d0a76500a0c91e6bf6"])
def test_a_missing_or_malformed_interaction_id_is_replaced(shared_dir, sent):
    headers = {} if sent is None else {HEADER: sent}
    resp = shared_dir.create_call({}, headers=headers)
    assert resp.status_code == 201
    generated = resp.headers[HEADER]
    assert generated != sent and is_valid("directory/interaction-id", generated)


def test_generated_ids_differ_per_request(shared_dir):
    ids = {shared_dir.create_call({}).headers[HEADER] for _ in range(3)}
    assert len(ids) == 3


def test_every_response_carries_the_header(directory):
    sid = directory.create({})["SoftwareStatementId"]
    calls = [
        directory.create_call({}, token=None),                                    # 401
        directory.create_call({}, org=ORG_B),                                     # 403
        directory.create_call({"Mode": "Prod"}),                                  # 400
        directory.create_call(content=b"{}", headers={"Content-Type": "text/plain"}),  # 415
        directory.assertion_call(sid),                                            # 200
        directory.assertion_call("00000000-0000-4000-8000-000000000000"),         # 404
        directory.call("GET", "/no/such/path"),                                   # 404
        directory.call("DELETE", f"/organisations/{ORG_A}/softwarestatements"),   # 405
        directory.call("GET", "/.well-known/jwks.json"),                          # 200
    ]
    assert [c.status_code for c in calls] == [401, 403, 400, 415, 200, 404, 404, 405, 200]
    for resp in calls:
        assert is_valid("directory/interaction-id", resp.headers[HEADER]), resp.status_code
    echoed = directory.assertion_call(sid, token=None, headers={HEADER: INTERACTION_ID})
    assert echoed.status_code == 401 and echoed.headers[HEADER] == INTERACTION_ID


def test_auth_date_is_validated_on_the_assertion_call(directory):
    sid = directory.create({})["SoftwareStatementId"]
    good = directory.assertion_call(sid, headers={"x-fapi-auth-date": AUTH_DATE})
    assert good.status_code == 200
    bad = directory.assertion_call(sid, headers={"x-fapi-auth-date": "10 Sep 2017"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/json")
    assert bad.json()["errors"][0].startswith("x-fapi-auth-date:")
