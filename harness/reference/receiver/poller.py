"""Poll delivery client (RFC 8936) on the app's event loop.

Each round sends the acknowledgements (`ack`) and errors (`setErrs`) still pending from earlier
rounds, validates every returned SET exactly as push does, and queues an ack for good ones and a
setErrs entry for bad ones (never an ack). Pending reports live in SQLite until a poll request
carrying them got a 200, so a crash or a transmitter restart loses none.

The background poller long-polls (returnImmediately false, bounded by poll_long_wait_seconds),
polls again at once when `moreAvailable` is true, backs off on network errors by waiting on its
stop event (a deadline, not a fixed sleep), and stops promptly when its task is cancelled.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import httpx
from starlette.concurrency import run_in_threadpool

from harness.reference.receiver.engine import ReceiverEngine
from harness.reference.receiver.polling_wire import (
    PollResponseError, build_poll_body, parse_poll_response,
)
from harness.reference.receiver.transmitter_client import TransmitterError, TransmitterHTTPError
from harness.reference.receiver.worker import ActionWorker, Notifier


@dataclass
class RoundResult:
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    more_available: bool = False
    sent_acks: list[str] = field(default_factory=list)
    sent_errs: dict[str, dict] = field(default_factory=dict)


class PollClient:
    def __init__(self, engine: ReceiverEngine, worker: ActionWorker, notifier: Notifier,
                 http: httpx.AsyncClient):
        self.engine, self.worker, self.notifier, self.http = engine, worker, notifier, http
        self.config = engine.config
        self.lock = asyncio.Lock()
        self.stats = {"requests": 0, "sets_received": 0, "failures": 0, "last_error": None,
                      "last_poll_at": None}

    async def poll_round(self, endpoint_url: str, max_events: int | None,
                         return_immediately: bool) -> RoundResult:
        async with self.lock:
            store = self.engine.store
            acks, errs = await run_in_threadpool(store.pending)
            if self.config.has_fault("set-errs-without-description"):
                errs = {jti: {"err": e["err"]} for jti, e in errs.items()}
            headers = {"Accept": "application/json"}
            auth = await run_in_threadpool(self.engine.client.authorization_header)
            if auth:
                headers["Authorization"] = auth
            if errs:
                headers["Content-Language"] = "en"  # RFC 8936 §2.6
            wait = 0 if return_immediately else self.config.poll_long_wait_seconds
            body = build_poll_body(max_events, return_immediately, acks, errs)
            self.stats["requests"] += 1
            self.stats["last_poll_at"] = time.time()
            try:
                timeout = httpx.Timeout(self.config.http_timeout,
                                        read=self.config.http_timeout + wait)
                response = await self.http.post(endpoint_url, headers=headers, timeout=timeout,
                                                 **self._wire_body(body))
            except httpx.TimeoutException:
                if return_immediately:
                    raise
                return RoundResult()  # the long poll ran out with nothing: poll again
            if response.status_code == 401:  # an expired OAuth token: fetch a new one next time
                self.engine.client.forget_access_token()
            if response.status_code != 200:
                raise TransmitterHTTPError(f"poll: transmitter answered {response.status_code}",
                                           response.status_code)
            result = parse_poll_response(response)
            # The transmitter has our reports now; forget them.
            await run_in_threadpool(store.clear_pending, [*acks, *errs])
            outcome = RoundResult(len(result.sets), more_available=result.more_available,
                                  sent_acks=acks, sent_errs=errs)
            for jti, token in result.sets.items():
                text = token if isinstance(token, str) else json.dumps(token)
                ingested = await run_in_threadpool(self.engine.ingest, text, "poll", jti)
                if ingested.outcome == "accepted":
                    self.worker.submit(ingested.event_id)
                if ingested.ok:
                    outcome.accepted += 1
                elif ingested.outcome == "rejected":
                    outcome.rejected += 1
            self.stats["sets_received"] += outcome.received
            self.notifier.bump()
            return outcome

    def _wire_body(self, body: dict) -> dict:
        if self.config.has_fault("poll-without-json-content-type"):
            # The defect: the JSON goes out as bare bytes, without the Content-Type
            # application/json RFC 8936 §2 requires (a strict transmitter answers 415).
            return {"content": json.dumps(body).encode()}
        return {"json": body}

    async def drain(self, endpoint_url: str, max_events: int | None,
                    return_immediately: bool = True) -> dict:
        """Poll until the transmitter has nothing more, then flush the pending reports with an
        acknowledge-only request (maxEvents 0, returnImmediately true: RFC 8936 §2.4.2)."""
        summary = {"rounds": 0, "received": 0, "accepted": 0, "rejected": 0,
                   "acknowledged": [], "set_errs": {}, "more_available": False}

        def add(r: RoundResult) -> None:
            summary["rounds"] += 1
            for key in ("received", "accepted", "rejected"):
                summary[key] += getattr(r, key)
            summary["acknowledged"] += r.sent_acks
            summary["set_errs"].update(r.sent_errs)
            summary["more_available"] = r.more_available

        round_result = await self.poll_round(endpoint_url, max_events, return_immediately)
        add(round_result)
        while round_result.more_available and summary["rounds"] < self.config.poll_max_rounds:
            round_result = await self.poll_round(endpoint_url, max_events, True)
            add(round_result)
        acks, errs = await run_in_threadpool(self.engine.store.pending)
        if acks or errs:
            add(await self.poll_round(endpoint_url, 0, True))
        return summary


class BackgroundPoller:
    def __init__(self, client: PollClient):
        self.client = client
        self.config = client.config
        self.endpoint_url: str | None = None
        self._task: asyncio.Task | None = None
        self._wake = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, endpoint_url: str) -> None:
        if self.running and endpoint_url == self.endpoint_url:
            return
        self._cancel()
        self.endpoint_url = endpoint_url
        self._task = asyncio.create_task(self._run(endpoint_url), name="ssf-receiver-poller")

    def _cancel(self) -> asyncio.Task | None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
        return task

    async def stop(self) -> None:
        task = self._cancel()
        if task is not None:
            try:
                await task
            except asyncio.CancelledError:
                pass

    def status(self) -> dict:
        return {"running": self.running, "endpoint_url": self.endpoint_url, **self.client.stats}

    async def _run(self, endpoint_url: str) -> None:
        backoff = self.config.poll_backoff_initial
        return_immediately = False
        while True:
            try:
                result = await self.client.poll_round(endpoint_url, self.config.poll_max_events,
                                                      return_immediately)
            except (httpx.HTTPError, TransmitterError, PollResponseError) as exc:
                self.client.stats["failures"] += 1
                self.client.stats["last_error"] = f"{type(exc).__name__}: {exc}"[:300]
                await self._backoff(backoff)
                backoff = min(backoff * 2, self.config.poll_backoff_max)
                continue
            backoff = self.config.poll_backoff_initial
            # moreAvailable: fetch the rest at once instead of long-polling for it.
            return_immediately = result.more_available

    async def _backoff(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except asyncio.TimeoutError:
            pass
