"""Authorization: OAuth client credentials, bearer errors (RFC 6750), scopes, isolation."""
from __future__ import annotations

import base64

import pytest

from harness.reference.transmitter import ReceiverClient
from harness.reference.transmitter.auth import SCOPE_POLL
from harness.ssf.constants import SCOPE_MANAGE, SCOPE_READ
from tests.reference.transmitter.support import (
    ADMIN, ALICE, SECRET_A, SESSION_REVOKED, TOKEN_A, TOKEN_B, TOKEN_RO,
)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def basic(client_id: str, secret: str) -> dict:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}", **FORM}


def token_call(tx, headers=None, **form):
    return tx.call("POST", "/ssf/token", None, data=form, headers=headers or FORM)


def test_client_credentials_with_basic_auth_gives_working_token(tx):
    resp = token_call(tx, basic("rx-a", SECRET_A), grant_type="client_credentials")
    assert resp.status_code == 200
    assert resp.headers["cache-control"] == "no-store"
    body = resp.json()
    assert body["token_type"] == "Bearer" and 0 < body["expires_in"] <= 3600
    assert set(body["scope"].split()) == {"ssf.read", "ssf.manage"}
    assert tx.call("POST", "/ssf/stream", body["access_token"], json={}).status_code == 201


def test_client_secret_post_and_read_scope_token(tx):
    resp = token_call(tx, grant_type="client_credentials", client_id="rx-a",
                      client_secret=SECRET_A, scope="ssf.read")
    token = resp.json()["access_token"]
    assert resp.json()["scope"] == "ssf.read"
    stream = tx.create()
    assert tx.call("GET", "/ssf/stream", token, params={"stream_id": stream["stream_id"]}) \
        .status_code == 200
    denied = tx.call("POST", "/ssf/stream", token, json={})
    assert denied.status_code == 403
    assert 'error="insufficient_scope"' in denied.headers["www-authenticate"]


@pytest.mark.parametrize("headers,form,status,error", [
    (basic("rx-a", "wrong"), {"grant_type": "client_credentials"}, 401, "invalid_client"),
    (basic("nobody", "x"), {"grant_type": "client_credentials"}, 401, "invalid_client"),
    (None, {"grant_type": "client_credentials"}, 401, "invalid_client"),
    (basic("rx-a", SECRET_A), {"grant_type": "password"}, 400, "unsupported_grant_type"),
    (basic("rx-a", SECRET_A), {}, 400, "invalid_request"),
    (basic("rx-a", SECRET_A), {"grant_type": "client_credentials", "scope": "admin"}, 400,
     "invalid_scope"),
    (basic("rx-a", SECRET_A), {"grant_type": "client_credentials", "client_secret": SECRET_A},
     400, "invalid_request"),
    (basic("rx-a", SECRET_A), {"grant_type": "client_credentials", "client_id": "rx-b"},
     400, "invalid_request"),
    ({"Authorization": "Bearer x", **FORM}, {"grant_type": "client_credentials"}, 401,
     "invalid_client"),
    ({"Authorization": "Basic !!!", **FORM}, {"grant_type": "client_credentials"}, 401,
     "invalid_client"),
    ({"Authorization": "Basic " + base64.b64encode(b"no-colon").decode(), **FORM},
     {"grant_type": "client_credentials"}, 401, "invalid_client"),
])
def test_token_endpoint_errors(tx, headers, form, status, error):
    resp = token_call(tx, headers, **form)
    assert resp.status_code == status
    assert resp.json()["error"] == error
    assert SECRET_A not in resp.text
    if status == 401 and headers and "Basic" in headers.get("Authorization", ""):
        assert resp.headers["www-authenticate"].startswith("Basic")
    assert resp.headers["cache-control"] == "no-store"


def test_token_endpoint_needs_form_body_and_rejects_repeats(tx):
    as_json = tx.call("POST", "/ssf/token", None, json={"grant_type": "client_credentials"})
    assert as_json.status_code == 400
    repeated = tx.call("POST", "/ssf/token", None, content="grant_type=a&grant_type=b",
                            headers=basic("rx-a", SECRET_A))
    assert repeated.status_code == 400 and repeated.json()["error"] == "invalid_request"


def test_token_endpoint_rejects_non_utf8_form(tx):
    resp = tx.call("POST", "/ssf/token", None, content=b"grant_type=\xff\xfe",
                   headers=basic("rx-a", SECRET_A))
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_request"


def test_optional_poll_scope_may_poll_but_not_manage(make_tx):
    tx = make_tx(clients=[ReceiverClient("rx-p", "secret-p",
                                         scopes=(SCOPE_READ, SCOPE_MANAGE, SCOPE_POLL))])

    def token(scope):
        return token_call(tx, basic("rx-p", "secret-p"), grant_type="client_credentials",
                          scope=scope).json()["access_token"]
    stream = tx.create(token(SCOPE_MANAGE))
    poller, reader = token(SCOPE_POLL), token(SCOPE_READ)
    assert tx.poll(stream, token=poller, returnImmediately=True).status_code == 200
    assert tx.poll(stream, token=reader, returnImmediately=True).status_code == 403
    assert tx.call("POST", "/ssf/stream", poller, json={}).status_code == 403


def test_expired_token_is_refused(make_tx):
    tx = make_tx(access_token_lifetime=0)
    token = token_call(tx, basic("rx-a", SECRET_A), grant_type="client_credentials") \
        .json()["access_token"]
    resp = tx.call("GET", "/ssf/stream", token)
    assert resp.status_code == 401 and 'error="invalid_token"' in resp.headers["www-authenticate"]


def test_missing_token_gives_401_with_bare_challenge(tx):
    resp = tx.call("GET", "/ssf/stream", token=None)
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"] == 'Bearer realm="ssf"'
    assert resp.json()["error"] == "invalid_token"


@pytest.mark.parametrize("header", ["Bearer nope", "Basic abc", "Bearer"])
def test_bad_token_gives_401_with_error(tx, header):
    resp = tx.call("GET", "/ssf/stream", None, headers={"Authorization": header})
    assert resp.status_code == 401
    assert 'error="invalid_token"' in resp.headers["www-authenticate"]
    assert "nope" not in resp.text


def test_token_in_query_is_never_accepted(tx):
    alone = tx.call("GET", "/ssf/stream", token=None, params={"access_token": TOKEN_A})
    assert alone.status_code == 401
    both = tx.call("GET", "/ssf/stream", params={"access_token": TOKEN_A})
    assert both.status_code == 400
    assert TOKEN_A not in alone.text + both.text


def test_read_only_client_may_read_but_not_write(tx):
    assert tx.call("GET", "/ssf/stream", TOKEN_RO).json() == []
    for method, path in [("POST", "/ssf/stream"), ("PATCH", "/ssf/stream"), ("PUT", "/ssf/stream"),
                         ("POST", "/ssf/status"), ("POST", "/ssf/verify"),
                         ("POST", "/ssf/subjects/add"), ("POST", "/ssf/subjects/remove")]:
        resp = tx.call(method, path, TOKEN_RO, json={"stream_id": "x"})
        assert resp.status_code == 403, (method, path)
        assert resp.json()["error"] == "insufficient_scope"
    assert tx.call("DELETE", "/ssf/stream", TOKEN_RO, params={"stream_id": "x"}).status_code == 403


def test_every_management_endpoint_needs_a_token(tx):
    stream = tx.create()
    sid = stream["stream_id"]
    calls = [("GET", "/ssf/stream", {}), ("POST", "/ssf/stream", {"json": {}}),
             ("PATCH", "/ssf/stream", {"json": {"stream_id": sid}}),
             ("PUT", "/ssf/stream", {"json": {"stream_id": sid}}),
             ("DELETE", "/ssf/stream", {"params": {"stream_id": sid}}),
             ("GET", "/ssf/status", {"params": {"stream_id": sid}}),
             ("POST", "/ssf/status", {"json": {"stream_id": sid, "status": "paused"}}),
             ("POST", "/ssf/verify", {"json": {"stream_id": sid}}),
             ("POST", "/ssf/subjects/add", {"json": {"stream_id": sid, "subject": ALICE}}),
             ("POST", "/ssf/subjects/remove", {"json": {"stream_id": sid, "subject": ALICE}}),
             ("POST", f"/ssf/poll/{sid}", {"json": {"returnImmediately": True}})]
    for method, path, kw in calls:
        resp = tx.call(method, path, token=None, **kw)
        assert resp.status_code == 401 and "www-authenticate" in resp.headers, (method, path)


def test_receivers_see_and_touch_only_their_own_streams(tx):
    a = tx.create(events_requested=[SESSION_REVOKED])
    sid = a["stream_id"]
    assert tx.call("GET", "/ssf/stream", TOKEN_B).json() == []
    calls = [("GET", "/ssf/stream", {"params": {"stream_id": sid}}),
             ("PATCH", "/ssf/stream", {"json": {"stream_id": sid, "description": "x"}}),
             ("PUT", "/ssf/stream", {"json": {"stream_id": sid}}),
             ("DELETE", "/ssf/stream", {"params": {"stream_id": sid}}),
             ("GET", "/ssf/status", {"params": {"stream_id": sid}}),
             ("POST", "/ssf/status", {"json": {"stream_id": sid, "status": "disabled"}}),
             ("POST", "/ssf/verify", {"json": {"stream_id": sid}}),
             ("POST", "/ssf/subjects/add", {"json": {"stream_id": sid, "subject": ALICE}}),
             ("POST", "/ssf/subjects/remove", {"json": {"stream_id": sid, "subject": ALICE}}),
             ("POST", f"/ssf/poll/{sid}", {"json": {"returnImmediately": True}})]
    for method, path, kw in calls:
        assert tx.call(method, path, TOKEN_B, **kw).status_code == 404, (method, path)
    assert tx.call("GET", "/ssf/stream", params={"stream_id": sid}).json() == a  # unchanged
    assert tx.call("GET", "/ssf/status", params={"stream_id": sid}).json()["status"] == "enabled"


def test_admin_endpoints_need_the_admin_token(tx):
    for token in (None, TOKEN_A, "wrong"):
        assert tx.call("POST", "/ssf/actions/session-revoked", token,
                       json={"subject": ALICE}).status_code == 401
        assert tx.call("GET", "/ssf/events", token).status_code == 401
    assert tx.call("GET", "/ssf/events", ADMIN).status_code == 200


def test_without_admin_token_configured_triggers_are_open(make_tx):
    tx = make_tx(admin_token=None)
    resp = tx.call("POST", "/ssf/actions/session-revoked", None, json={"subject": ALICE})
    assert resp.status_code == 202


def test_protected_resource_metadata_names_a_scope_that_works_like_manage(make_tx):
    # RFC 9728 (INTEROP §2.7.2), off by default (404); when configured, its scope is granted to
    # a client allowed ssf.manage and authorizes management calls.
    assert make_tx().call("GET", "/.well-known/oauth-protected-resource/ssf", None
                          ).status_code == 404
    tx = make_tx(protected_resource_scopes=("ssf.manage.custom",))
    prm = tx.call("GET", "/.well-known/oauth-protected-resource/ssf", None).json()
    assert prm["scopes_supported"] == ["ssf.manage.custom"] and prm["resource"].endswith("/ssf")
    resp = token_call(tx, basic("rx-a", SECRET_A), grant_type="client_credentials",
                      scope="ssf.manage.custom")
    assert resp.status_code == 200 and resp.json()["scope"] == "ssf.manage.custom"
    assert tx.call("POST", "/ssf/stream", resp.json()["access_token"], json={}).status_code == 201
