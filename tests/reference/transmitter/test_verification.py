"""Verification (SSF §8.1.4): 204, then a verification SET on the stream."""
from __future__ import annotations

from harness.jose import decode_set, verify_set
from tests.reference.transmitter.support import SSF, TOKEN_B

VERIFICATION = SSF + "verification"


def verify(tx, body, token=None):
    return tx.call("POST", "/ssf/verify", **({"token": token} if token else {}), json=body)


def test_verification_push_carries_state_and_stream_subject(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]
    resp = verify(tx, {"stream_id": sid, "state": "VGhpcyBpcyBzdGF0ZQ"})
    assert resp.status_code == 204 and resp.content == b""
    (push,) = receiver.wait_for(1)
    claims = push.claims
    assert claims["events"] == {VERIFICATION: {"state": "VGhpcyBpcyBzdGF0ZQ"}}
    assert claims["sub_id"] == {"format": "opaque", "id": sid}
    assert claims["iss"] == tx.config.issuer and claims["aud"] == "rx-a"
    assert "sub" not in claims and "exp" not in claims
    jwks = tx.call("GET", "/ssf/jwks", token=None).json()
    assert verify_set(push.body, jwks).header["typ"] == "secevent+jwt"


def test_verification_without_state_has_no_state_and_ignores_events_requested(tx):
    stream = tx.create()  # nothing requested: verification still arrives (SSF §8.1.4)
    assert verify(tx, {"stream_id": stream["stream_id"]}).status_code == 204
    (token,) = tx.poll(stream, returnImmediately=True).json()["sets"].values()
    assert decode_set(token).claims["events"] == {VERIFICATION: {}}


def test_verification_errors(tx):
    sid = tx.create()["stream_id"]
    assert verify(tx, {"stream_id": "nope"}).status_code == 404
    assert verify(tx, {}).status_code == 400
    assert verify(tx, {"stream_id": sid, "state": ["x"]}).status_code == 400
    assert verify(tx, {"stream_id": sid}, token=TOKEN_B).status_code == 404


def test_min_verification_interval_answers_429_with_retry_after(make_tx):
    tx = make_tx(min_verification_interval=3600)
    sid = tx.create()["stream_id"]
    assert verify(tx, {"stream_id": sid}).status_code == 204
    resp = verify(tx, {"stream_id": sid})
    assert resp.status_code == 429
    assert 3500 <= int(resp.headers["retry-after"]) <= 3600
    other = tx.create()["stream_id"]  # the interval is per stream
    assert verify(tx, {"stream_id": other}).status_code == 204


def test_no_interval_configured_never_429(tx):
    sid = tx.create()["stream_id"]
    assert [verify(tx, {"stream_id": sid}).status_code for _ in range(3)] == [204] * 3


def test_verification_is_held_while_paused(tx):
    stream = tx.create()
    sid = stream["stream_id"]
    tx.call("POST", "/ssf/status", json={"stream_id": sid, "status": "paused"})
    assert verify(tx, {"stream_id": sid, "state": "s1"}).status_code == 204
    assert tx.poll(stream, returnImmediately=True).json()["sets"] == {}
    tx.call("POST", "/ssf/status", json={"stream_id": sid, "status": "enabled"})
    (token,) = tx.poll(stream, returnImmediately=True).json()["sets"].values()
    assert decode_set(token).claims["events"][VERIFICATION] == {"state": "s1"}
