"""Restart on the same db_path loses no stream, subject or undelivered SET."""
from __future__ import annotations

from tests.reference.transmitter.support import ALICE, BOB, SESSION_REVOKED


def test_streams_subjects_and_held_sets_survive_a_restart(tx, receiver):
    stream = tx.push_stream(receiver, authorization_header="Bearer keep")
    sid = stream["stream_id"]
    tx.call("POST", "/ssf/subjects/remove", json={"stream_id": sid, "subject": BOB})
    tx.call("POST", "/ssf/status", json={"stream_id": sid, "status": "paused"})
    held = [tx.trigger("session-revoked", {"subject": ALICE, "txn": str(i)})
            ["deliveries"][0]["jti"] for i in range(3)]
    tx.restart()
    assert tx.call("GET", "/ssf/stream").json() == [stream]
    assert tx.call("GET", "/ssf/status", params={"stream_id": sid}).json()["status"] == "paused"
    assert tx.trigger("session-revoked", {"subject": BOB})["deliveries"] == []  # still removed
    tx.call("POST", "/ssf/status", json={"stream_id": sid, "status": "enabled"})
    pushes = receiver.wait_for(3)
    assert [p.claims["jti"] for p in pushes] == held
    assert all(p.headers["authorization"] == "Bearer keep" for p in pushes)


def test_push_in_retry_resumes_after_restart(make_tx, receiver):
    tx = make_tx(push_backoff_base=1.0, push_backoff_max=1.0, push_jitter=False,
                 push_max_attempts=5)
    receiver.script = [(503, {}, b"")]
    tx.push_stream(receiver)
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    receiver.wait_for(1)
    tx.wait_record(lambda r: r["jti"] == jti and r["attempts"] == 1)
    tx.restart()  # the retry is due 1 s after the failure: after the old process stopped
    first, second = receiver.wait_for(2)
    assert first.body == second.body and second.at - first.at >= 0.9  # persisted schedule
    rec = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "delivered")
    assert rec["attempts"] == 2


def test_unacknowledged_poll_sets_survive_a_restart(tx):
    stream = tx.create(events_requested=[SESSION_REVOKED])
    jtis = [tx.trigger("session-revoked", {"subject": ALICE, "txn": str(i)})
            ["deliveries"][0]["jti"] for i in range(2)]
    assert list(tx.poll(stream, returnImmediately=True).json()["sets"]) == jtis
    tx.restart()
    assert list(tx.poll(stream, returnImmediately=True).json()["sets"]) == jtis
    assert tx.poll(stream, returnImmediately=True, ack=jtis).json()["sets"] == {}
    nxt = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    assert list(tx.poll(stream, returnImmediately=True).json()["sets"]) == [nxt]
