"""Hostile and malformed input: always the right 4xx with a JSON error, never a 500.

The `make_tx` fixture asserts at teardown that nothing reached the catch-all 500 handler.
"""
from __future__ import annotations

import socket

import pytest

from tests.reference.transmitter.support import ADMIN, ALICE, TOKEN_A

JSON = {"Content-Type": "application/json"}


def assert_json_error(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert isinstance(body["error"], str) and isinstance(body["error_description"], str)
    assert "Traceback" not in resp.text
    return body


@pytest.mark.parametrize("method,path", [
    ("POST", "/ssf/stream"), ("PATCH", "/ssf/stream"), ("PUT", "/ssf/stream"),
    ("POST", "/ssf/status"), ("POST", "/ssf/verify"), ("POST", "/ssf/subjects/add"),
    ("POST", "/ssf/subjects/remove"),
])
@pytest.mark.parametrize("raw", [b"{", b"not json", b"[1, 2]", b'"text"', b"NaN",
                                 b'{"stream_id": NaN}', b"\xff\xfe", b""])
def test_malformed_json_is_400(shared_tx, method, path, raw):
    assert_json_error(shared_tx.call(method, path, content=raw, headers=JSON), 400)


@pytest.mark.parametrize("path", ["/ssf/status", "/ssf/verify", "/ssf/subjects/add"])
@pytest.mark.parametrize("stream_id", [None, 5, [], {}, ""])
def test_wrong_stream_id_types_are_400(shared_tx, path, stream_id):
    body = {"stream_id": stream_id, "status": "paused", "subject": ALICE}
    assert_json_error(shared_tx.call("POST", path, json=body), 400)


def test_wrong_member_types_are_400(tx):
    sid = tx.create()["stream_id"]
    cases = [("/ssf/status", {"stream_id": sid, "status": 1}),
             ("/ssf/status", {"stream_id": sid, "status": "sleeping"}),
             ("/ssf/status", {"stream_id": sid, "status": "paused", "reason": 3}),
             ("/ssf/verify", {"stream_id": sid, "state": 12}),
             ("/ssf/subjects/add", {"stream_id": sid, "subject": ALICE, "verified": "yes"})]
    for path, body in cases:
        assert_json_error(tx.call("POST", path, json=body), 400)
    assert tx.call("GET", "/ssf/status", params={"stream_id": sid}).json()["status"] == "enabled"


def test_missing_content_type_is_415(tx):
    resp = tx.call("POST", "/ssf/stream", content=b"{}", headers={"Content-Type": "text/plain"})
    assert_json_error(resp, 415)
    assert_json_error(tx.call("POST", "/ssf/verify", content=b"{}"), 415)


def test_oversized_bodies_are_413(make_tx):
    tx = make_tx(max_body_bytes=1024)
    big = b'{"description": "' + b"x" * 2000 + b'"}'
    assert_json_error(tx.call("POST", "/ssf/stream", content=big, headers=JSON), 413)

    def chunks():  # no Content-Length: the limit is enforced while streaming
        yield big[:600]
        yield big[600:]
    assert_json_error(tx.call("POST", "/ssf/stream", content=chunks(), headers=JSON), 413)
    assert_json_error(tx.call("POST", "/ssf/actions/session-revoked", ADMIN, content=big,
                              headers=JSON), 413)
    assert tx.call("GET", "/ssf/stream").json() == []


def test_wrong_methods_are_405_json_with_allow(tx):
    for method, path in [("GET", "/ssf/verify"), ("DELETE", "/ssf/status"),
                         ("GET", "/ssf/token"), ("POST", "/ssf/jwks"),
                         ("GET", "/ssf/actions/session-revoked"), ("PUT", "/ssf/subjects/add")]:
        resp = tx.call(method, path)
        assert_json_error(resp, 405)
        assert "allow" in resp.headers
    assert "PATCH" in tx.call("OPTIONS", "/ssf/stream").headers["allow"]


def test_unknown_paths_are_404_json(tx):
    assert_json_error(tx.call("GET", "/nothing/here"), 404)
    assert_json_error(tx.call("POST", "/ssf/poll/"), 404)


def test_invalid_content_length_is_400(tx):
    # httpx refuses to send this, so speak raw HTTP/1.1 over a socket.
    with socket.create_connection(("127.0.0.1", tx.port), timeout=10) as sock:
        sock.sendall(b"POST /ssf/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                     + TOKEN_A.encode() + b"\r\nContent-Type: application/json\r\n"
                     b"Content-Length: abc\r\nConnection: close\r\n\r\n{}")
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 400")


def test_catch_all_returns_generic_500_without_trace(tx):
    def broken():
        raise RuntimeError("secret detail")
    tx.tx.keys.jwks = broken  # simulate an unexpected defect
    resp = tx.call("GET", "/ssf/jwks", token=None)
    body = assert_json_error(resp, 500)
    assert body == {"error": "server_error", "error_description": "internal error"}
    assert "secret detail" not in resp.text
    assert tx.tx.internal_errors == 1
    tx.tx.internal_errors = 0  # the fixture asserts zero for everything else
    del tx.tx.keys.jwks


def test_errors_never_echo_secrets(tx):
    sid = tx.create()["stream_id"]
    resp = tx.call("PATCH", "/ssf/stream", json={
        "stream_id": sid, "delivery": {"method": "urn:ietf:rfc:8935",
                                       "endpoint_url": "nope",
                                       "authorization_header": "Bearer s3"}})
    assert resp.status_code == 400 and "s3" not in resp.text and TOKEN_A not in resp.text
