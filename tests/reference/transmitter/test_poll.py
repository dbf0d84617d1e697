"""Poll delivery (RFC 8936)."""
from __future__ import annotations

import threading
import time

import pytest

from harness.jose import decode_set
from tests.reference.transmitter.support import ALICE, SESSION_REVOKED, TOKEN_B


@pytest.fixture
def stream(tx) -> dict:
    return tx.create(events_requested=[SESSION_REVOKED])


def emit(tx, count: int) -> list[str]:
    return [tx.trigger("session-revoked", {"subject": ALICE, "txn": str(i)})
            ["deliveries"][0]["jti"] for i in range(count)]


def test_empty_poll_returns_immediately(tx, stream):
    started = time.monotonic()
    resp = tx.poll(stream, returnImmediately=True)
    assert time.monotonic() - started < 1.0
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    assert resp.json() == {"sets": {}, "moreAvailable": False}


def test_sets_are_keyed_by_jti_in_generation_order(tx, stream):
    jtis = emit(tx, 3)
    sets = tx.poll(stream, returnImmediately=True).json()["sets"]
    assert list(sets) == jtis
    assert all(decode_set(token).claims["jti"] == jti for jti, token in sets.items())


def test_max_events_and_more_available(tx, stream):
    jtis = emit(tx, 3)
    first = tx.poll(stream, returnImmediately=True, maxEvents=2).json()
    assert list(first["sets"]) == jtis[:2] and first["moreAvailable"] is True
    second = tx.poll(stream, returnImmediately=True, maxEvents=2, ack=jtis[:2]).json()
    assert list(second["sets"]) == jtis[2:] and second["moreAvailable"] is False


def test_acknowledged_sets_never_come_back_unacknowledged_ones_do(tx, stream):
    jtis = emit(tx, 2)
    assert list(tx.poll(stream, returnImmediately=True).json()["sets"]) == jtis
    again = tx.poll(stream, returnImmediately=True, ack=[jtis[0]]).json()["sets"]
    assert list(again) == [jtis[1]]  # not acknowledged: returned again
    assert tx.poll(stream, returnImmediately=True, ack=[jtis[1]]).json()["sets"] == {}
    assert {tx.record(j)["status"] for j in jtis} == {"acked"}


def test_ack_only_request(tx, stream):
    jtis = emit(tx, 2)
    resp = tx.poll(stream, returnImmediately=True, maxEvents=0, ack=jtis[:1]).json()
    assert resp["sets"] == {} and resp["moreAvailable"] is True
    assert tx.record(jtis[0])["status"] == "acked"


def test_set_errs_are_recorded(tx, stream):
    (jti,) = emit(tx, 1)
    tx.poll(stream, returnImmediately=True)
    resp = tx.poll(stream, returnImmediately=True, setErrs={
        jti: {"err": "invalid_key", "description": "unknown kid"}})
    assert resp.json()["sets"] == {}
    rec = tx.record(jti)
    assert rec["status"] == "rejected" and rec["last_error"] == "invalid_key: unknown kid"


def test_long_poll_returns_as_soon_as_an_event_arrives(tx, stream):
    signals = tx.tx.signals
    waiting, original = threading.Event(), signals.current

    def current(key):  # observe the poll taking its wake-up signal, right before it waits
        if key == stream["stream_id"]:
            waiting.set()
        return original(key)
    signals.current = current
    result = {}

    def long_poll():
        result["resp"] = tx.poll(stream, returnImmediately=False, timeout=30)
    poller = threading.Thread(target=long_poll)
    poller.start()
    assert waiting.wait(10)
    started = time.monotonic()
    (jti,) = emit(tx, 1)
    poller.join(10)
    assert list(result["resp"].json()["sets"]) == [jti]
    assert time.monotonic() - started < 1.5  # woken by the event, not by the 2 s deadline


def test_long_poll_is_bounded(make_tx):
    tx = make_tx(long_poll_max_wait=0.3)
    stream = tx.create()
    started = time.monotonic()
    assert tx.poll(stream, timeout=60).json()["sets"] == {}  # requested 60 s, capped
    assert 0.25 <= time.monotonic() - started < 3
    started = time.monotonic()
    tx.poll(stream, returnImmediately=False, timeout=0.05)
    assert time.monotonic() - started < 0.3


@pytest.mark.parametrize("body", [
    b"not json", b"[]", b'{"maxEvents": "abc"}', b'{"maxEvents": -1}', b'{"maxEvents": true}',
    b'{"returnImmediately": "yes"}', b'{"ack": "x"}', b'{"ack": [1]}', b'{"setErrs": []}',
    b'{"setErrs": {"j": {"description": "no err"}}}', b'{"timeout": "long"}',
])
def test_invalid_poll_requests_are_400(tx, stream, body):
    path = stream["delivery"]["endpoint_url"].removeprefix(tx.config.public_base_url)
    resp = tx.call("POST", path, content=body, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400
    assert resp.json()["err"] == "invalid_request" and resp.json()["error"] == "invalid_request"


def test_poll_auth_and_ownership(tx, stream):
    unauthenticated = tx.poll(stream, token=None, returnImmediately=True)
    assert unauthenticated.status_code == 401 and "www-authenticate" in unauthenticated.headers
    assert tx.poll(stream, token=TOKEN_B, returnImmediately=True).status_code == 404


def test_push_stream_has_no_poll_endpoint(tx, receiver):
    push = tx.push_stream(receiver)
    path = f"/ssf/poll/{push['stream_id']}"
    assert tx.call("POST", path, json={"returnImmediately": True}).status_code == 404


def test_large_ack_lists_are_processed(tx, stream):
    jtis = emit(tx, 3)
    noise = [f"{i:032x}" for i in range(1200)]  # beyond one SQL statement's worth
    tx.poll(stream, returnImmediately=True, maxEvents=0, ack=noise + jtis)
    assert {tx.record(j)["status"] for j in jtis} == {"acked"}
