"""The suite's push endpoint when it plays the receiver (RFC 8935 from the receiving side).

It records every request the transmitter under test makes, live and unredacted (for exact
header comparisons), and answers 202 unless a scenario asked for failures (to test retries).
Waiting is event-driven: a Condition is notified on every arrival, waits have deadlines.

A body over `max_body_bytes` (profile: limits.max_push_bytes) is refused with 413 without being
read whole: a declared Content-Length over the limit is refused before reading, a chunked body is
read in chunks and cut at the limit. The push is still recorded (`refused` says why), so the
scenario's failure can name it.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.jose import DecodedSET, SETDecodeError, decode_set

MAX_PUSH_BYTES = 1 << 20


@dataclass(frozen=True)
class ReceivedPush:
    seq: int
    path_key: str            # which of the suite's push URLs was called
    method: str
    scheme: str
    headers: dict[str, str]  # lower-case names, live values (never written to reports)
    body: bytes
    received_at: float
    answered: int            # the status the suite answered with
    exchange_id: str | None  # id the recording proxy stamped on the request, if any
    refused: str | None = None  # why the suite refused the body unread (e.g. over the limit)

    def decoded(self) -> DecodedSET | None:
        if self.refused:
            return None
        try:
            return decode_set(self.body)
        except SETDecodeError:
            return None

    def claims(self) -> dict:
        d = self.decoded()
        return d.claims if d else {}

    @property
    def jti(self) -> str | None:
        return self.claims().get("jti")

    def event_uris(self) -> list[str]:
        return list((self.claims().get("events") or {}).keys())


@dataclass
class _Plan:
    status: int
    remaining: int
    retry_after: str | None = None


async def read_bounded(request: Request, limit: int) -> tuple[bytes, str | None]:
    """(body, None), or (the first `limit` bytes at most, why) when the body is over `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.strip().isdigit() and int(declared) > limit:
        return b"", f"body exceeds {limit} bytes (Content-Length {int(declared)})"
    chunks, size = [], 0
    async for chunk in request.stream():
        if size + len(chunk) > limit:
            chunks.append(chunk[:limit - size])
            return b"".join(chunks), f"body exceeds {limit} bytes"
        size += len(chunk)
        chunks.append(chunk)
    return b"".join(chunks), None


@dataclass
class PushCollector:
    pushes: list[ReceivedPush] = field(default_factory=list)
    max_body_bytes: int = MAX_PUSH_BYTES
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _plans: dict[str, list[_Plan]] = field(default_factory=dict)

    # -- scenario controls -------------------------------------------------------------
    def fail_next(self, path_key: str, status: int, count: int = 1,
                  retry_after: str | None = None) -> None:
        """Answer the next `count` pushes on `path_key` with `status` (e.g. 503, 429)."""
        with self._cond:
            self._plans.setdefault(path_key, []).append(_Plan(status, count, retry_after))

    def mark(self) -> int:
        with self._cond:
            return len(self.pushes)

    def since(self, mark: int, path_key: str | None = None) -> list[ReceivedPush]:
        with self._cond:
            return [p for p in self.pushes[mark:] if path_key in (None, p.path_key)]

    def wait_for(self, predicate: Callable[[ReceivedPush], bool], timeout: float,
                 since: int = 0) -> ReceivedPush | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            seen = since
            while True:
                for push in self.pushes[seen:]:
                    if predicate(push):
                        return push
                seen = len(self.pushes)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)

    # -- the ASGI side -----------------------------------------------------------------
    def _answer(self, path_key: str) -> tuple[int, str | None]:
        plans = self._plans.get(path_key) or []
        while plans:
            plan = plans[0]
            if plan.remaining > 0:
                plan.remaining -= 1
                return plan.status, plan.retry_after
            plans.pop(0)
        return 202, None

    async def _push(self, request: Request) -> Response:
        body, refused = await read_bounded(request, self.max_body_bytes)
        key = request.path_params["key"]
        with self._cond:
            status, retry_after = (413, None) if refused else self._answer(key)
            push = ReceivedPush(len(self.pushes) + 1, key, request.method, request.url.scheme,
                                {k.lower(): v for k, v in request.headers.items()},
                                body, time.time(), status,
                                request.headers.get("x-ssf-exchange-id"), refused)
            self.pushes.append(push)
            self._cond.notify_all()
        if refused:
            # Connection: close, since the rest of the body was never read.
            return JSONResponse({"err": "invalid_request", "description": refused},
                                status_code=413, headers={"Connection": "close"})
        if status == 202:
            return Response(status_code=202)
        headers = {"Retry-After": retry_after} if retry_after else None
        if status == 400:
            return JSONResponse({"err": "invalid_request", "description": "rejected by plan"},
                                status_code=400, headers={"Content-Language": "en"})
        return JSONResponse({"error": "planned failure"}, status_code=status, headers=headers)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/push/{key}", self._push, methods=["POST", "PUT", "GET"])])
