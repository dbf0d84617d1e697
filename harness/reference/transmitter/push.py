"""Push delivery (RFC 8935): one worker task per push stream, one SET in flight per stream.

Outcomes: 2xx → delivered; 400 `{err, description}` → rejected (recorded, not retried);
other 4xx → rejected; 5xx, 408, 429 and network errors (resets, timeouts, refused connections)
→ retried with exponential backoff and full jitter (Retry-After honoured, up to
push_retry_after_max) for `push_retry_budget_seconds` from the first failure (hours by default)
or until `push_max_attempts` when one is set, then recorded as failed; an endpoint on an address
the policy refuses fails at once. Failed SETs stay in the outbox and can be replayed
(POST {issuer}/admin/streams/{stream_id}/replay). Nothing is ever lost silently.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

import httpx

from harness.hardening import refused_by_policy
from harness.reference.transmitter.push_client import push_client
from harness.reference.transmitter.signals import wait_signal
from harness.ssf.constants import PUSH, SET_MEDIA_TYPE

if TYPE_CHECKING:
    from harness.reference.transmitter.service import Transmitter
    from harness.reference.transmitter.sets_store import SetRecord
    from harness.reference.transmitter.streams_store import Stream

_MAX_ERROR_TEXT = 300
log = logging.getLogger("harness.reference.transmitter.push")


@dataclass(frozen=True)
class Outcome:
    kind: str  # "delivered" | "rejected" | "retry" | "refused" (address policy)
    error: str | None = None
    retry_after: float | None = None
    server_error: bool = False


def parse_retry_after(value: str | None, now: float, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), within [0, cap]."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return min(max(when.timestamp() - now, 0.0), cap)


def backoff_delay(attempt: int, base: float, cap: float, jitter: bool) -> float:
    """Exponential backoff with full jitter (AWS style): uniform(0, min(cap, base * 2^(n-1)))."""
    delay = min(cap, base * (2 ** max(attempt - 1, 0)))
    return random.uniform(0, delay) if jitter else delay


def _describe_rejection(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("err"), str):
        text = body["err"]
        if isinstance(body.get("description"), str):
            text += ": " + body["description"]
        return text[:_MAX_ERROR_TEXT]
    return f"HTTP {response.status_code}"


class PushWorkers:
    def __init__(self, tx: Transmitter):
        self.tx = tx
        self._tasks: dict[str, asyncio.Task] = {}
        self._stopping = False

    def ensure(self, stream_id: str) -> None:
        """Make sure a worker runs for this push stream (idempotent)."""
        if self._stopping:
            return
        task = self._tasks.get(stream_id)
        if task is None or task.done():
            self._tasks[stream_id] = asyncio.get_running_loop().create_task(
                self._run(stream_id), name=f"push-{stream_id}")

    async def stop(self) -> None:
        self._stopping = True
        tasks = list(self._tasks.values())
        for task in tasks:  # an interrupted in-flight SET stays queued: redelivered on restart
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    async def _run(self, stream_id: str) -> None:
        tx = self.tx
        try:
            while not tx.signals.closed:
                signal = tx.signals.current(stream_id)
                try:
                    if not await self._step(stream_id, signal):
                        return
                except Exception as exc:  # keep the stream's worker alive; retry after a pause
                    log.error("push worker for stream %s: %s", stream_id, type(exc).__name__)
                    await wait_signal(signal, self.tx.config.push_backoff_max)
        finally:
            if self._tasks.get(stream_id) is asyncio.current_task():
                del self._tasks[stream_id]

    async def _step(self, stream_id: str, signal: asyncio.Event) -> bool:
        """Deliver the head of the queue or wait for a reason to look again; False: stop."""
        tx = self.tx
        stream = tx.streams.get(stream_id)
        if stream is None or stream.method != PUSH:
            return False
        rec = tx.sets.next_push(stream_id, tx.deliverable(stream))
        if rec is None:
            await wait_signal(signal, None)
        elif (delay := rec.next_attempt_at - time.time()) > 0:
            await wait_signal(signal, delay)  # backoff: new work or shutdown interrupts it
        else:
            await self._attempt(stream, rec)
        return True

    async def deliver_now(self, stream: Stream, rec: SetRecord) -> None:
        """One attempt outside the stream's worker (fault paused-still-delivers only)."""
        await self._attempt(stream, rec)

    async def _attempt(self, stream: Stream, rec: SetRecord) -> None:
        cfg, sets = self.tx.config, self.tx.sets
        attempts = rec.attempts + 1
        token = rec.token or ""
        if rec.attempts and token and cfg.fault("retry-new-jti"):
            from harness.reference.transmitter.setbuilder import resign_with_new_jti
            token = resign_with_new_jti(cfg, self.tx.keys, token)
        outcome = await self._post(stream, token)
        if outcome.kind == "delivered":
            sets.update(rec.id, state="delivered", attempts=attempts, if_states=("queued",))
        elif outcome.kind == "rejected":
            sets.update(rec.id, state="rejected", attempts=attempts, last_error=outcome.error,
                        if_states=("queued",))
        elif outcome.kind == "refused":
            sets.update(rec.id, state="failed", attempts=attempts, last_error=outcome.error,
                        if_states=("queued",))
        elif self._give_up(rec, attempts, now := time.time()):
            sets.update(rec.id, state="failed", attempts=attempts, if_states=("queued",),
                        last_error=f"gave up after {attempts} attempt(s): {outcome.error}")
        else:
            delay = outcome.retry_after
            if delay is None:
                delay = backoff_delay(attempts, cfg.push_backoff_base, cfg.push_backoff_max,
                                      cfg.push_jitter)
            sets.update(rec.id, attempts=attempts, last_error=outcome.error,
                        next_attempt_at=now + delay, retry_since=rec.retry_since or now,
                        if_states=("queued",))
        self.tx.publish([rec.id])

    def _give_up(self, rec: SetRecord, attempts: int, now: float) -> bool:
        cfg = self.tx.config
        if cfg.push_max_attempts is not None and attempts >= cfg.push_max_attempts:
            return True
        return now - (rec.retry_since or now) >= cfg.push_retry_budget_seconds

    async def _post(self, stream: Stream, token: str) -> Outcome:
        cfg = self.tx.config
        media = "application/json" if cfg.fault("push-wrong-content-type") else SET_MEDIA_TYPE
        headers = {"Content-Type": media, "Accept": "application/json"}
        authorization = stream.delivery.get("authorization_header")
        if authorization and not cfg.fault("auth-header-not-sent"):
            headers["Authorization"] = authorization  # exactly as configured (SSF §6.1.1)
        if cfg.fault("push-body-folded"):
            token = token.replace(".", ".\r\n  ")
        method = "PUT" if cfg.fault("push-method-put") else "POST"
        try:
            # Through the client, not its transport: the suite's transmitter persona (this
            # transmitter) routes its pushes through the recording proxy (mounts) and logs
            # them with a response hook.
            client = push_client(self.tx)
            request = client.build_request(method, stream.delivery["endpoint_url"],
                                           content=token.encode(), headers=headers)
            if cfg.fault("push-no-accept"):
                del request.headers["Accept"]
            response = await client.send(request)
        except (httpx.HTTPError, httpx.InvalidURL, ssl.SSLError, OSError) as exc:
            refused = refused_by_policy(exc)
            if refused:
                return Outcome("refused", f"address policy: {refused}"[:_MAX_ERROR_TEXT])
            return Outcome("retry", f"{type(exc).__name__}: {exc}"[:_MAX_ERROR_TEXT])
        status = response.status_code
        if 200 <= status < 300:
            return Outcome("delivered")
        if status == 400:
            return Outcome("rejected", _describe_rejection(response))
        if status in (408, 429) or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"), time.time(),
                                            cfg.push_retry_after_max)
            return Outcome("retry", f"HTTP {status}", retry_after, server_error=status >= 500)
        return Outcome("rejected", f"HTTP {status}")
