"""Push delivery (RFC 8935): headers, retries, Retry-After, give-up, rejection, order, TLS."""
from __future__ import annotations

import email.utils
import time

import pytest

from harness.reference.transmitter.push import backoff_delay, parse_retry_after
from harness.runtime.servers import RunningServer, free_port
from harness.runtime.tls import make_local_tls
from tests.reference.transmitter.support import ALICE, SESSION_REVOKED, PushReceiver


def test_push_headers_and_exact_authorization_on_every_request(tx, receiver):
    sid = tx.push_stream(receiver, authorization_header="Bearer exact Value=1")["stream_id"]
    tx.call("POST", "/ssf/verify", json={"stream_id": sid})
    tx.trigger("session-revoked")
    for push in receiver.wait_for(2):
        assert push.headers["content-type"] == "application/secevent+jwt"
        assert push.headers["accept"] == "application/json"
        assert push.headers["authorization"] == "Bearer exact Value=1"
        assert push.body.count(".") == 2


def test_no_authorization_header_when_none_configured(tx, receiver):
    tx.push_stream(receiver)
    tx.trigger("session-revoked")
    (push,) = receiver.wait_for(1)
    assert "authorization" not in push.headers


def test_503_is_retried_with_the_same_set(tx, receiver):
    receiver.script = [(503, {}, b"")]
    jti = tx.push_stream(receiver) and tx.trigger("session-revoked")["deliveries"][0]["jti"]
    first, second = receiver.wait_for(2)
    assert first.body == second.body and second.at > first.at
    rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "delivered")
    assert rec["attempts"] == 2


def test_429_retry_after_seconds_is_honoured(tx, receiver):
    receiver.script = [(429, {"Retry-After": "1"}, b"")]
    tx.push_stream(receiver)
    tx.trigger("session-revoked")
    first, second = receiver.wait_for(2)
    assert second.at - first.at >= 0.9  # backoff alone would be ~0.01 s


def test_give_up_after_max_attempts_is_recorded(tx, receiver):
    receiver.script = [(503, {}, b"")] * 3
    tx.push_stream(receiver)
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "failed")
    assert rec["attempts"] == 3 and "HTTP 503" in rec["last_error"]
    assert len(receiver.pushes) == 3
    nxt = tx.trigger("credential-change")["deliveries"][0]["jti"]  # the queue moves on
    assert receiver.wait_for(4)[-1].claims["jti"] == nxt


def test_receiver_400_is_recorded_and_not_retried(tx, receiver):
    receiver.script = [(400, {"Content-Type": "application/json", "Content-Language": "en"},
                        b'{"err": "invalid_key", "description": "unknown kid"}')]
    tx.push_stream(receiver)
    bad = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    good = tx.trigger("credential-change")["deliveries"][0]["jti"]
    pushes = receiver.wait_for(2)
    assert [p.claims["jti"] for p in pushes] == [bad, good]
    rec = tx.wait_record(lambda r: r["jti"] == bad and r["status"] == "rejected")
    assert rec["last_error"] == "invalid_key: unknown kid" and rec["attempts"] == 1


def test_other_4xx_is_rejected_without_retry(tx, receiver):
    receiver.script = [(401, {}, b"")]
    tx.push_stream(receiver)
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "rejected")
    assert rec["last_error"] == "HTTP 401"


def test_strict_order_per_stream(tx, receiver):
    tx.push_stream(receiver)
    receiver.script = [(503, {}, b""), (500, {}, b"")]  # retries must not reorder
    jtis = [tx.trigger("session-revoked", {"subject": ALICE, "txn": str(i)})
            ["deliveries"][0]["jti"] for i in range(20)]
    pushes = receiver.wait_for(22)
    delivered = list(dict.fromkeys(p.claims["jti"] for p in pushes))
    assert delivered == jtis


def test_network_errors_are_retried_then_failed(tx):
    dead = f"http://127.0.0.1:{free_port()}/push"
    tx.create(events_requested=[SESSION_REVOKED],
              delivery={"method": "urn:ietf:rfc:8935", "endpoint_url": dead})
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "failed")
    assert rec["attempts"] == 3 and "ConnectError" in rec["last_error"]


def test_streams_are_independent_and_backoff_wait_is_interruptible(make_tx, receiver):
    tx = make_tx(push_backoff_base=30.0, push_backoff_max=30.0, push_jitter=False)
    stuck = PushReceiver()
    stuck.script = [(503, {}, b"")] * 5
    with stuck.server:
        tx.push_stream(stuck)
        tx.push_stream(receiver)
        tx.trigger("session-revoked")
        receiver.wait_for(1)  # delivered while the other stream waits 30 s to retry
        assert len(stuck.wait_for(1)) == 1
        started = time.monotonic()
        tx.stop()
        assert time.monotonic() - started < 5  # shutdown cut the 30 s backoff short


@pytest.mark.parametrize("trusted", [True, False])
def test_https_push_verifies_the_receiver_certificate(make_tx, tmp_path, trusted):
    tls = make_local_tls(tmp_path / "tls")
    rx = PushReceiver()
    rx.server = RunningServer(rx.app, ssl_certfile=str(tls.cert_file),
                              ssl_keyfile=str(tls.key_file))
    with rx.server:
        tx = make_tx(ca_file=str(tls.ca_file) if trusted else None)
        tx.push_stream(rx)
        jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
        want = "delivered" if trusted else "failed"
        rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == want)
        assert len(rx.pushes) == (1 if trusted else 0)
        if not trusted:
            assert "certificate" in rec["last_error"].lower()
        # Stop the client side first: an idle TLS keep-alive connection would otherwise hold
        # the receiver's shutdown in the TLS close handshake.
        tx.stop()


def test_switching_poll_to_push_delivers_the_queue(tx, receiver):
    stream = tx.create(events_requested=[SESSION_REVOKED])
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    tx.call("PATCH", "/ssf/stream", json={"stream_id": stream["stream_id"], "delivery": {
        "method": "urn:ietf:rfc:8935", "endpoint_url": receiver.url}})
    assert receiver.wait_for(1)[0].claims["jti"] == jti


def test_deleting_a_stream_drops_its_queue(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]
    tx.call("POST", "/ssf/status", json={"stream_id": sid, "status": "paused"})
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    tx.call("DELETE", "/ssf/stream", params={"stream_id": sid})
    rec = tx.record(jti)
    assert rec["status"] == "dropped" and rec["last_error"] == "stream deleted"


def test_parse_retry_after():
    now = time.time()
    assert parse_retry_after("7", now, 300) == 7
    assert parse_retry_after("100000", now, 300) == 300
    in_ten = email.utils.formatdate(now + 10, usegmt=True)
    assert 8 <= parse_retry_after(in_ten, now, 300) <= 10
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now, 300) == 0
    assert parse_retry_after("soon", now, 300) is None and parse_retry_after(None, now, 9) is None


def test_backoff_is_exponential_capped_and_jittered():
    assert [backoff_delay(n, 0.5, 3.0, False) for n in (1, 2, 3, 4, 5)] == [0.5, 1, 2, 3, 3]
    samples = [backoff_delay(3, 0.5, 3.0, True) for _ in range(200)]
    assert all(0 <= s <= 2.0 for s in samples) and len(set(samples)) > 100


def test_worker_survives_an_unexpected_error(tx, receiver):
    sets, original = tx.tx.sets, tx.tx.sets.next_push
    calls = []

    def flaky(*args):  # the first look at the queue fails, as a broken disk might
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return original(*args)
    sets.next_push = flaky
    tx.push_stream(receiver)
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    assert receiver.wait_for(1)[0].claims["jti"] == jti
    assert len(calls) >= 2


def test_an_endless_answer_to_a_push_is_read_only_up_to_the_limit(tx):
    """Issue 14: a receiver answering a push 400 with a body that never ends must not hold the
    push worker or its memory: the answer is read up to MAX_ANSWER_BYTES, the SET recorded."""
    import asyncio
    import resource

    from starlette.applications import Starlette
    from starlette.responses import StreamingResponse
    from starlette.routing import Route

    async def endless():
        yield b'{"err": "invalid_request", "description": "'
        while True:
            yield b"x" * 65536
            await asyncio.sleep(0)

    async def push(request):
        await request.body()
        return StreamingResponse(endless(), status_code=400, media_type="application/json")

    with RunningServer(Starlette(routes=[Route("/push", push, methods=["POST"])])) as hostile:
        tx.create(events_requested=[SESSION_REVOKED],
                  delivery={"method": "urn:ietf:rfc:8935",
                            "endpoint_url": hostile.base_url + "/push"})
        jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
        rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "rejected")
    assert rec["last_error"].startswith("HTTP 400")   # a truncated body is no RFC 8935 error
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 < 1000
