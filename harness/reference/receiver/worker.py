"""Asynchronous response actions (RFC 8935 §2: answer first, process after) and the change
notifier the observation endpoints wait on.

The worker takes event ids from a queue; on start-up it re-queues every accepted event that
was not processed before a stop or crash, so a restart loses nothing.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from starlette.concurrency import run_in_threadpool

from harness.reference.receiver.engine import ReceiverEngine

log = logging.getLogger("harness.reference.receiver")
_BATCH = 200  # events processed in one group commit at most


class Notifier:
    """Wakes waiters whenever receiver state changes. A waiter grabs `event` *before* checking
    its condition, so a change between the check and the wait is never missed."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def bump(self) -> None:
        old, self.event = self.event, asyncio.Event()
        old.set()

    async def wait_until(self, condition: Callable[[], Awaitable[bool]], timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, timeout)
        while True:
            changed = self.event
            if await condition():
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except asyncio.TimeoutError:
                return await condition()


class ActionWorker:
    def __init__(self, engine: ReceiverEngine, notifier: Notifier):
        self.engine = engine
        self.notifier = notifier
        self.queue: asyncio.Queue[int] = asyncio.Queue()
        self._task: asyncio.Task | None = None

    def submit(self, event_id: int) -> None:
        self.queue.put_nowait(event_id)

    async def start(self) -> None:
        for event_id in await run_in_threadpool(self.engine.store.unprocessed_event_ids):
            self.submit(event_id)
        self._task = asyncio.create_task(self._run(), name="ssf-receiver-actions")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            # Everything queued by now is processed in one group commit, each event in its own
            # savepoint: one that fails stays unprocessed (retried at the next start) alone.
            event_ids = [await self.queue.get()]
            while not self.queue.empty() and len(event_ids) < _BATCH:
                event_ids.append(self.queue.get_nowait())
            try:
                errors = await run_in_threadpool(self.engine.process_many, event_ids)
            except Exception as exc:  # keep serving; the events stay unprocessed for a restart
                errors = [exc] * len(event_ids)
            for event_id, error in zip(event_ids, errors):
                if error is not None:
                    log.error("response action for event %s failed: %s", event_id,
                              type(error).__name__)
            self.notifier.bump()
