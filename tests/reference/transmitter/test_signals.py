"""The in-loop wake-up primitives (no server needed)."""
from __future__ import annotations

import asyncio

from harness.reference.transmitter.signals import Broadcaster, Signals, wait_signal


def test_fire_wakes_waiters_and_close_wakes_everyone_for_good():
    async def scenario():
        signals = Signals()
        first = signals.current("s")
        assert signals.current("s") is first
        assert await wait_signal(first, 0.01) is False  # deadline passed, nothing fired
        signals.fire("s")
        assert await wait_signal(first, 5) is True
        pending = signals.current("s")
        assert pending is not first
        signals.close()
        assert pending.is_set() and signals.current("other").is_set()
    asyncio.run(scenario())


def test_broadcaster_drops_oldest_for_slow_consumers_and_ends_feeds():
    async def scenario():
        hub = Broadcaster(queue_size=2)
        assert not hub.active
        queue = hub.subscribe()
        for i in range(3):
            hub.publish({"n": i})
        assert [queue.get_nowait()["n"] for _ in range(2)] == [1, 2]
        hub.close()
        assert queue.get_nowait() is None
        hub.unsubscribe(queue)
        assert not hub.active and hub.subscribe().get_nowait() is None
    asyncio.run(scenario())
