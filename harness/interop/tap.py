"""A recording relay in front of an embedded end of a pair: the other end talks to the relay's
address (it is the end's public origin), the relay forwards each request and notes what
happened: the evidence of a matrix cell and the push-vs-poll figures (SETs per request).

What is noted is the exchange's shape, never its credentials: method, path, status, timing, the
jti of a pushed SET, the jtis a poll answer carried and acknowledged, the `err` of a refusal.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.jose import SETDecodeError, decode_set

_HOP_HEADERS = {"host", "content-length", "connection", "transfer-encoding", "keep-alive"}
MAX_NOTED_TEXT = 300


@dataclass(frozen=True)
class Noted:
    seq: int
    at: float                    # epoch seconds the request arrived
    method: str
    path: str
    status: int
    seconds: float
    pushed_jti: str | None = None        # a push: the SET's jti
    polled_jtis: tuple[str, ...] = ()    # a poll answer: the SETs it carried
    acked: tuple[str, ...] = ()          # a poll request: the jtis it acknowledged
    err: str | None = None               # a refusal's err / error code
    text: str = ""                       # the start of a non-2xx answer (a reason)

    def public(self) -> dict:
        return asdict(self)


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _note(seq, at, request: Request, body: bytes, status: int, answer: bytes, seconds) -> Noted:
    pushed = None
    if request.method == "POST" and body[:2] == b"ey":
        try:
            pushed = decode_set(body).claims.get("jti")
        except SETDecodeError:
            pushed = None
    sent, got = _json(body), _json(answer)
    acked = tuple(a for a in (sent.get("ack") or []) if isinstance(a, str)) \
        if isinstance(sent, dict) and isinstance(sent.get("ack"), list) else ()
    polled = tuple(got["sets"]) if isinstance(got, dict) and isinstance(got.get("sets"), dict) \
        else ()
    err = None
    if isinstance(got, dict):
        err = got.get("err") or got.get("error")
        err = err if isinstance(err, str) else None
    text = "" if status < 300 else answer[:MAX_NOTED_TEXT].decode("utf-8", "replace")
    return Noted(seq, at, request.method, request.url.path, status, seconds, pushed, polled,
                 acked, err, text)


@dataclass
class Tap:
    upstream: str
    noted: list[Noted] = field(default_factory=list)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _client: httpx.AsyncClient | None = None

    def mark(self) -> int:
        with self._lock:
            return len(self.noted)

    def since(self, mark: int) -> list[Noted]:
        with self._lock:
            return list(self.noted[mark:])

    def wait_for(self, done, timeout: float, since: int = 0) -> list[Noted]:
        """The exchanges since `since` once `done(them)` holds, or at the deadline."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                noted = list(self.noted[since:])
                remaining = deadline - time.monotonic()
                if done(noted) or remaining <= 0:
                    return noted
                self._lock.wait(remaining)

    async def _relay(self, request: Request) -> Response:
        if self._client is None:   # made on the server's own loop
            self._client = httpx.AsyncClient(base_url=self.upstream, timeout=60.0)
        at, started = time.time(), time.monotonic()
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        try:
            answer = await self._client.request(request.method, request.url.path,
                                                params=request.query_params.multi_items(),
                                                content=body, headers=headers)
            status, content = answer.status_code, answer.content
            out = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_HEADERS
                   and k.lower() != "content-encoding"}
        except httpx.HTTPError as exc:
            status, content, out = 502, f"relay: {type(exc).__name__}".encode(), {}
        with self._lock:
            self.noted.append(_note(len(self.noted) + 1, at, request, body, status, content,
                                    time.monotonic() - started))
            self._lock.notify_all()
        return Response(content, status_code=status, headers=out)

    def app(self) -> Starlette:
        methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        return Starlette(routes=[Route("/{path:path}", self._relay, methods=methods)])
