"""Issue 14 on the reference receiver: nothing an unauthenticated push sends can break a later
read, strict JSON and ASCII query numbers, the bearer scheme in any case, polls only to the
transmitter's own URLs, and no JWKS fetched from an address the policy refuses."""
from __future__ import annotations

import base64
import json

import pytest

from harness.jose import KeyRing
from tests.reference.receiver.conftest import (
    ALICE, PUSH_BEARER, ReceiverHandle, events, fresh, push, receiver_config, stop_all,
)
from tests.reference.receiver.standin import StandInTransmitter
from harness.runtime.servers import reserve_port

RX = "/ssf/receiver"
SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"


def _unsigned(claims_json: bytes) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    header = b64(json.dumps({"alg": "none", "typ": "secevent+jwt"}).encode())
    return f"{header}.{b64(claims_json)}."


@pytest.mark.parametrize("claims", [
    b'{"jti": "\\ud800", "sub_id": {"format": "email", "email": "\\udfff"}}',
    b'{"jti": "j", "sub_id": {"format": "opaque", "id": "x"}, "iat": NaN}',
    b'{"jti": "j", "jti": "k"}',
    b'{"jti": "j", "iat": 9223372036854775808}',
    b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
])
@pytest.mark.parametrize("bearer", [None, PUSH_BEARER])
def test_a_hostile_push_cannot_poison_the_event_log(http, receiver, claims, bearer):
    response = push(http, receiver, _unsigned(claims), bearer=bearer)
    assert response.status_code in (400, 401), response.text
    assert response.json()["err"] in ("invalid_request", "authentication_failed")
    logged = events(http, receiver)  # the read a stored lone surrogate used to break (500)
    assert logged[-1]["subject"] is None and logged[-1]["accepted"] is False
    assert http.get(receiver.url + RX + "/status").status_code == 200


def test_the_bearer_scheme_is_case_insensitive_on_push(http, receiver, transmitter):
    token = transmitter.make_set(SR, ALICE)
    response = http.post(receiver.url + RX + "/push", content=token, headers={
        "Content-Type": "application/secevent+jwt", "Authorization": f"bearer {PUSH_BEARER}"})
    assert response.status_code == 202, response.text


@pytest.mark.parametrize("body, member", [
    (b'{"email": "\\ud800@example.com"}', "email"),
    (b'{"email": "a@example.com", "email": "b@example.com"}', "email"),
    (b'{"email": "a@example.com", "sessions": [{"id": NaN}]}', "sessions[0].id"),
])
def test_control_bodies_must_be_strict_json(http, receiver, body, member):
    response = http.post(receiver.url + RX + "/idp/users", content=body,
                         headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert member in response.json()["error_description"]


@pytest.mark.parametrize("limit", ["٣", "²", "nan", "1e3"])
def test_query_numbers_take_ascii_digits_only(http, receiver, limit):
    response = http.get(receiver.url + RX + "/events", params={"limit": limit})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


@pytest.mark.parametrize("path, body", [
    ("/poll", {"endpoint_url": "http://127.0.0.1:1/steal-the-token"}),
    ("/poller", {"enabled": True, "endpoint_url": "https://attacker.example/poll"}),
    ("/poll", {"endpoint_url": "http://["}),
])
def test_polls_go_only_to_urls_the_transmitter_gave(http, receiver, transmitter, path, body):
    before = len(transmitter.log)
    response = http.post(receiver.url + RX + path, json=body)
    assert response.status_code == 400, response.text
    assert "endpoint_url" in response.json()["error_description"]
    assert len(transmitter.log) == before
    assert http.get(receiver.url + RX + "/poller").json()["running"] is False


def test_no_jwks_is_fetched_from_an_address_the_policy_refuses(http, tmp_path, rsa_keys):
    """The metadata names a jwks_uri on the cloud metadata address: the receiver refuses to
    connect there (the configured transmitter's own host stays allowed) and answers 503."""
    tx = StandInTransmitter(KeyRing([fresh(rsa_keys[0])]), metadata_overrides={
        "jwks_uri": "http://169.254.169.254/latest/meta-data/jwks"}).start()
    sock = reserve_port()
    port = sock.getsockname()[1]
    rx = ReceiverHandle(receiver_config(tx, tmp_path / "rx.sqlite3", port), port, sock).start()
    try:
        response = push(http, rx, tx.make_set(SR, ALICE))
        assert response.status_code == 503, response.text
        assert response.json()["err"] == "temporarily_unavailable"
        logged = events(http, rx)
        assert "jwks" in logged[-1]["description"]
    finally:
        stop_all(tx, rx)
