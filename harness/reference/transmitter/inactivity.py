"""Inactivity timeout (SSF §8.1.1): an enabled stream with no eligible receiver activity for
`inactivity_timeout` seconds is paused, and a stream-updated SET tells the receiver so.

The watcher sleeps until the earliest deadline (a deadline wait, woken early when streams are
created or change status), never on a fixed polling interval.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING

from harness.reference.transmitter.signals import INACTIVITY, wait_signal

if TYPE_CHECKING:
    from harness.reference.transmitter.service import Transmitter

REASON = "inactivity timeout"
FAULT_TIMEOUT = 3  # seconds: the inactivity faults give every stream this short timeout
_FAULTS = ("inactivity-timer-not-refreshed", "inactivity-pause-unannounced")


def inactivity_timeout(config) -> int | None:
    """The timeout streams advertise and are held to (None: they never time out)."""
    if config.inactivity_timeout:
        return int(config.inactivity_timeout)
    return FAULT_TIMEOUT if any(config.fault(f) for f in _FAULTS) else None


class InactivityWatcher:
    def __init__(self, tx: Transmitter):
        self.tx = tx
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if inactivity_timeout(self.tx.config):
            self._task = asyncio.get_running_loop().create_task(self._run(), name="inactivity")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def expire_due(self, now: float) -> float | None:
        """Pause every stream past its deadline; return the next deadline (None: none pending)."""
        tx, timeout = self.tx, float(inactivity_timeout(self.tx.config) or 0)
        announce = not tx.config.fault("inactivity-pause-unannounced")
        next_deadline = None
        for stream_id, last_activity in tx.streams.enabled_activity():
            deadline = last_activity + timeout
            if deadline <= now:
                stream = tx.streams.get(stream_id)
                if stream is not None and stream.status == "enabled":
                    tx.change_status(stream, "paused", REASON, by_transmitter=announce)
            elif next_deadline is None or deadline < next_deadline:
                next_deadline = deadline
        return next_deadline

    async def _run(self) -> None:
        signals = self.tx.signals
        while not signals.closed:
            signal = signals.current(INACTIVITY)
            deadline = self.expire_due(time.time())
            await wait_signal(signal, None if deadline is None else deadline - time.time())
