"""Stream status (SSF §8.1.2) and the stream-updated event (§8.1.5)."""
from __future__ import annotations

import asyncio
import time

import pytest

from tests.reference.transmitter.support import ADMIN, ALICE, SSF, TOKEN_A

STREAM_UPDATED = SSF + "stream-updated"


def set_status(tx, sid, status, reason=None):
    body = {"stream_id": sid, "status": status, **({"reason": reason} if reason else {})}
    return tx.call("POST", "/ssf/status", json=body)


def status_of(tx, sid):
    return tx.call("GET", "/ssf/status", params={"stream_id": sid})


def test_read_and_update_status(tx):
    sid = tx.create()["stream_id"]
    resp = status_of(tx, sid)
    assert resp.status_code == 200 and resp.json() == {"stream_id": sid, "status": "enabled"}
    for status in ("paused", "disabled", "enabled"):
        resp = set_status(tx, sid, status, reason=f"to {status}")
        assert resp.status_code == 200
        assert resp.json() == {"stream_id": sid, "status": status, "reason": f"to {status}"}
        assert status_of(tx, sid).json()["status"] == status


def test_status_errors(tx):
    sid = tx.create()["stream_id"]
    assert status_of(tx, "nope").status_code == 404
    assert tx.call("GET", "/ssf/status").status_code == 400
    assert set_status(tx, "nope", "paused").status_code == 404
    assert set_status(tx, sid, "sleeping").status_code == 400
    assert tx.call("POST", "/ssf/status", json={"stream_id": sid}).status_code == 400


def test_paused_push_stream_holds_events_then_delivers_in_order(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]
    set_status(tx, sid, "paused")
    jtis = [tx.trigger("session-revoked", {"subject": ALICE, "txn": f"t{i}"})
            ["deliveries"][0]["jti"] for i in range(5)]
    assert {r["status"] for r in tx.history(sid)} == {"queued"}
    set_status(tx, sid, "enabled")
    pushes = receiver.wait_for(5)
    assert [p.claims["jti"] for p in pushes] == jtis
    assert [p.claims["txn"] for p in pushes] == [f"t{i}" for i in range(5)]


def test_paused_poll_stream_returns_nothing_until_enabled(tx):
    stream = tx.create(events_requested=[tx.config.events_supported[0]])
    set_status(tx, stream["stream_id"], "paused")
    tx.trigger("session-revoked")
    assert tx.poll(stream, returnImmediately=True).json()["sets"] == {}
    set_status(tx, stream["stream_id"], "enabled")
    assert len(tx.poll(stream, returnImmediately=True).json()["sets"]) == 1


def test_disabled_stream_drops_events_for_good(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]
    set_status(tx, sid, "disabled")
    dropped = tx.trigger("session-revoked")["deliveries"][0]
    assert dropped["status"] == "dropped"
    set_status(tx, sid, "enabled")
    kept = tx.trigger("credential-change")["deliveries"][0]["jti"]
    (push,) = receiver.wait_for(1)
    assert push.claims["jti"] == kept
    assert tx.record(dropped["jti"])["status"] == "dropped"


def test_disabling_drops_events_already_held(tx):
    stream = tx.create(events_requested=[tx.config.events_supported[0]])
    sid = stream["stream_id"]
    set_status(tx, sid, "paused")
    jti = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    set_status(tx, sid, "disabled")
    set_status(tx, sid, "enabled")
    assert tx.poll(stream, returnImmediately=True).json()["sets"] == {}
    assert tx.record(jti)["status"] == "dropped"


@pytest.mark.parametrize("status", ["paused", "disabled"])
def test_admin_status_change_sends_stream_updated_before_stopping(tx, receiver, status):
    sid = tx.push_stream(receiver, authorization_header="Bearer rx")["stream_id"]
    resp = tx.call("POST", f"/ssf/admin/streams/{sid}/status", ADMIN,
                   json={"status": status, "reason": "maintenance"})
    assert resp.status_code == 200 and resp.json()["status"] == status
    (push,) = receiver.wait_for(1)
    claims = push.claims
    assert claims["events"] == {STREAM_UPDATED: {"status": status, "reason": "maintenance"}}
    assert claims["sub_id"] == {"format": "opaque", "id": sid}
    assert push.headers["authorization"] == "Bearer rx"
    assert status_of(tx, sid).json() == {"stream_id": sid, "status": status,
                                          "reason": "maintenance"}


def test_admin_re_enable_sends_stream_updated_before_held_events(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]
    set_status(tx, sid, "paused")  # receiver-initiated: no stream-updated
    held = tx.trigger("session-revoked")["deliveries"][0]["jti"]
    tx.call("POST", f"/ssf/admin/streams/{sid}/status", ADMIN, json={"status": "enabled"})
    first, second = receiver.wait_for(2)
    assert first.claims["events"] == {STREAM_UPDATED: {"status": "enabled"}}
    assert second.claims["jti"] == held


def test_admin_status_errors(tx):
    sid = tx.create()["stream_id"]
    url = f"/ssf/admin/streams/{sid}/status"
    assert tx.call("POST", url, TOKEN_A, json={"status": "paused"}).status_code == 401
    assert tx.call("POST", url, ADMIN, json={"status": "nap"}).status_code == 400
    assert tx.call("POST", "/ssf/admin/streams/nope/status", ADMIN,
                   json={"status": "paused"}).status_code == 404


def test_admin_same_status_sends_nothing(tx):
    stream = tx.create()
    tx.call("POST", f"/ssf/admin/streams/{stream['stream_id']}/status", ADMIN,
            json={"status": "enabled"})
    assert tx.history(stream["stream_id"]) == []


def test_receiver_status_change_sends_no_stream_updated(tx):
    stream = tx.create()
    set_status(tx, stream["stream_id"], "paused")
    set_status(tx, stream["stream_id"], "enabled")
    assert tx.history(stream["stream_id"]) == []


def test_inactivity_timeout_pauses_with_stream_updated(make_tx, receiver):
    tx = make_tx(inactivity_timeout=1)
    sid = tx.push_stream(receiver)["stream_id"]
    (push,) = receiver.wait_for(1, timeout=5)
    assert push.claims["events"] == {STREAM_UPDATED: {"status": "paused",
                                                      "reason": "inactivity timeout"}}
    assert status_of(tx, sid).json()["status"] == "paused"


def test_management_calls_and_polls_restart_the_inactivity_timer(make_tx):
    tx = make_tx(inactivity_timeout=3600)
    idle, busy, polled = tx.create(), tx.create(), tx.create()
    half_way = time.time() - 1800  # all three were last active half a timeout ago
    for stream in (idle, busy, polled):
        tx.tx.db.execute("UPDATE streams SET last_activity = ? WHERE stream_id = ?",
                         (half_way, stream["stream_id"]))
    status_of(tx, busy["stream_id"])
    tx.poll(polled, returnImmediately=True)
    later = time.time() + 2000  # past idle's deadline, before the refreshed ones

    async def expire():
        return tx.tx.inactivity.expire_due(later)
    next_deadline = asyncio.run_coroutine_threadsafe(expire(), tx.tx.loop).result(10)
    assert status_of(tx, idle["stream_id"]).json()["status"] == "paused"
    assert status_of(tx, busy["stream_id"]).json()["status"] == "enabled"
    assert status_of(tx, polled["stream_id"]).json()["status"] == "enabled"
    assert later < next_deadline <= time.time() + 3600


def test_paused_stream_keeps_at_most_max_held_events(make_tx):
    tx = make_tx(max_held_events=2)
    stream = tx.create(events_requested=[tx.config.events_supported[0]])
    set_status(tx, stream["stream_id"], "paused")
    jtis = [tx.trigger("session-revoked")["deliveries"][0]["jti"] for _ in range(3)]
    oldest = tx.record(jtis[0])
    assert oldest["status"] == "dropped" and "hold limit" in oldest["last_error"]
    set_status(tx, stream["stream_id"], "enabled")
    assert list(tx.poll(stream, returnImmediately=True).json()["sets"]) == jtis[1:]
