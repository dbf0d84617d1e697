"""Signing off the event loop (Transmitter.emit_async, used by the trigger endpoint): the SET
enters the outbox once signed, and its fate follows the stream as it is then: a stream disabled
or deleted while the signature was being made gets the SET dropped, never queued."""
from __future__ import annotations

import asyncio
import threading

from harness.reference.transmitter.service import SIGNING_THREADS
from tests.reference.transmitter.support import ALICE, SESSION_REVOKED, WAIT


def _emit_while_signing_is_held(tx, stream_id: str, meanwhile) -> object:
    """emit_async with every signing thread busy until `meanwhile(transmitter)` has run on
    the loop; the SetRecord it made."""
    transmitter = tx.tx
    gate = threading.Event()
    for _ in range(SIGNING_THREADS):  # the SET's signature queues behind these
        transmitter._signing.submit(gate.wait, WAIT)

    async def emit_then_change():
        stream = transmitter.streams.get(stream_id)
        emitted = asyncio.ensure_future(transmitter.emit_async(
            stream, SESSION_REVOKED, {"event_timestamp": 1700000000}, ALICE, txn="t"))
        await asyncio.sleep(0)  # emit_async runs up to its wait for the signature
        meanwhile(transmitter)
        gate.set()
        return await emitted
    return asyncio.run_coroutine_threadsafe(emit_then_change(), transmitter.loop).result(WAIT)


def test_triggered_sets_are_signed_off_the_loop_and_pushed_in_order(tx, receiver):
    tx.push_stream(receiver)
    jtis = [tx.trigger("session-revoked")["deliveries"][0]["jti"] for _ in range(5)]
    assert [p.claims["jti"] for p in receiver.wait_for(5)] == jtis


def test_a_set_signed_while_its_stream_is_disabled_is_dropped(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]

    def disable(transmitter):
        transmitter.change_status(transmitter.streams.get(sid), "disabled", None,
                                  by_transmitter=False)
    rec = _emit_while_signing_is_held(tx, sid, disable)
    assert (rec.state, rec.last_error, rec.token) == ("dropped", "stream disabled", None)
    assert tx.tx.sets.get(rec.id).state == "dropped"


def test_a_set_signed_while_its_stream_is_deleted_is_dropped(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]

    def delete(transmitter):
        transmitter.delete_stream(transmitter.streams.get(sid))
    rec = _emit_while_signing_is_held(tx, sid, delete)
    assert (rec.state, rec.last_error, rec.token) == ("dropped", "stream deleted", None)


def test_a_set_signed_while_nothing_changes_is_queued_and_delivered(tx, receiver):
    sid = tx.push_stream(receiver)["stream_id"]
    rec = _emit_while_signing_is_held(tx, sid, lambda transmitter: None)
    assert rec.state == "queued" and rec.token
    (push,) = receiver.wait_for(1)
    assert push.body == rec.token
