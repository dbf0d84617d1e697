"""Event-driven wake-ups inside the event loop: per-key signals and a live-record broadcaster.

A waiter takes `signals.current(key)` *before* looking at the database and then waits on it;
`fire(key)` wakes every such waiter. As all of this runs on one event loop thread there is no
window between the check and the wait.
"""
from __future__ import annotations

import asyncio
import contextlib

INACTIVITY = "inactivity"  # signal key of the inactivity watcher (stream ids are hex)


class Signals:
    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}
        self.closed = False

    def current(self, key: str) -> asyncio.Event:
        event = self._events.get(key)
        if event is None:
            event = self._events[key] = asyncio.Event()
            if self.closed:
                event.set()
        return event

    def fire(self, key: str) -> None:
        event = self._events.pop(key, None)
        if event is not None:
            event.set()

    def close(self) -> None:
        """Wake every waiter for good (shutdown)."""
        self.closed = True
        for event in self._events.values():
            event.set()
        self._events.clear()


async def wait_signal(event: asyncio.Event, timeout: float | None) -> bool:
    """Wait until `event` is set or `timeout` seconds pass; True when it was set."""
    if timeout is not None and timeout <= 0:
        return event.is_set()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)
    return event.is_set()


class Broadcaster:
    """Fan-out of history records to live subscribers (the SSE feed)."""

    def __init__(self, queue_size: int = 1000) -> None:
        self._subscribers: set[asyncio.Queue] = set()
        self._queue_size = queue_size
        self.closed = False

    @property
    def active(self) -> bool:
        return bool(self._subscribers)

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(self._queue_size)
        if self.closed:
            queue.put_nowait(None)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._subscribers.discard(queue)

    def publish(self, item: dict) -> None:
        for queue in list(self._subscribers):
            if queue.full():  # a slow consumer loses its oldest items, never blocks delivery
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(item)

    def close(self) -> None:
        """End every live feed: each subscriber receives the `None` sentinel."""
        self.closed = True
        for queue in list(self._subscribers):
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(None)
