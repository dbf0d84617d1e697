"""What the suite's transmitter persona sees and does, recorded in-process and waited on with
deadlines (no polling): every request made to it (`RequestTap`, an ASGI middleware around the
persona app) and every push it makes to the receiver under test (`PushLog`, an httpx response
hook on the persona's client).

A request is recorded as soon as its body has arrived (a long poll carrying `ack`/`setErrs` is
visible before the poll returns) and updated when it is answered. Authorization values are never
stored: a classifier names the caller ("rut", "suite", "anonymous", "other") instead.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs

import httpx

from harness.jose import SETDecodeError, decode_set

BODY_LIMIT = 1 << 20  # bytes of a body kept for inspection; the rest passes through unrecorded


class EventLog:
    """An append-only list with a Condition: mark / since / wait_for(predicate, deadline)."""

    def __init__(self) -> None:
        self.items: list = []
        self.cond = threading.Condition()

    def append(self, item) -> None:
        with self.cond:
            self.items.append(item)
            self.cond.notify_all()

    def changed(self) -> None:
        with self.cond:
            self.cond.notify_all()

    def mark(self) -> int:
        with self.cond:
            return len(self.items)

    def since(self, mark: int = 0, predicate: Callable | None = None) -> list:
        with self.cond:
            return [i for i in self.items[mark:] if predicate is None or predicate(i)]

    def wait_for(self, predicate: Callable, timeout: float, since: int = 0):
        """The first item from `since` on that satisfies `predicate`, or None at the deadline.
        Items may change after being appended (a request gets its answer), so every wake-up
        re-checks all of them."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for item in self.items[since:]:
                    if predicate(item):
                        return item
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.cond.wait(remaining)


@dataclass
class TappedRequest:
    seq: int
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]          # lower-case names, without authorization / cookie
    caller: str
    body: bytes
    status: int | None = None        # None until answered
    response_body: bytes = b""
    answered: bool = False
    answered_at: float | None = None  # monotonic; a long poll may end long after it began

    def json(self, default: Any = None) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return default

    def response_json(self, default: Any = None) -> Any:
        try:
            return json.loads(self.response_body)
        except ValueError:
            return default


@dataclass
class _Rewrite:
    matches: Callable[[TappedRequest], bool]
    mutate: Callable[[Any], Any]


class RequestTap:
    """ASGI middleware recording every HTTP request to the wrapped app."""

    def __init__(self, app, classify: Callable[[str], str]):
        self.app = app
        self.classify = classify      # Authorization header value -> caller name
        self.log = EventLog()
        self._rewrites: list[_Rewrite] = []
        self._lock = threading.Lock()

    def rewrite_next(self, matches: Callable[[TappedRequest], bool],
                     mutate: Callable[[Any], Any]) -> None:
        """Change the JSON answer of the next matching request (one-shot), e.g. a stream
        configuration with a foreign `iss` to see whether the receiver notices."""
        with self._lock:
            self._rewrites.append(_Rewrite(matches, mutate))

    def _take_rewrite(self, entry: TappedRequest) -> _Rewrite | None:
        with self._lock:
            for rewrite in self._rewrites:
                if rewrite.matches(entry):
                    self._rewrites.remove(rewrite)
                    return rewrite
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        buffered, receive = await _buffer_body(receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        caller = self.classify(headers.pop("authorization", ""))
        headers.pop("cookie", None)
        entry = TappedRequest(self.log.mark() + 1, scope["method"], scope["path"],
                              parse_qs(scope.get("query_string", b"").decode("latin-1")),
                              headers, caller, buffered)
        rewrite = self._take_rewrite(entry)
        self.log.append(entry)
        response: dict = {"start": None, "body": bytearray()}

        async def tapped_send(message):
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                if rewrite is not None:  # held back until the whole body is known
                    response["start"] = message
                    return
                self.log.changed()
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if len(entry.response_body) < BODY_LIMIT:
                    entry.response_body += chunk[:BODY_LIMIT - len(entry.response_body)]
                if rewrite is not None:
                    response["body"] += chunk
                    if message.get("more_body"):
                        return
                    await _send_rewritten(send, response, rewrite, entry)
                    return
            await send(message)

        try:
            await self.app(scope, receive, tapped_send)
        finally:
            entry.answered, entry.answered_at = True, time.monotonic()
            self.log.changed()


async def _buffer_body(receive):
    """Read the request body (up to BODY_LIMIT) and give the app a receive that replays it."""
    chunks, size, more = [], 0, True
    while more and size <= BODY_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            chunks.append(message)
            break
        chunks.append(message)
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    queue = list(chunks)

    async def replay():
        return queue.pop(0) if queue else await receive()
    body = b"".join(m.get("body", b"") for m in chunks if m["type"] == "http.request")
    return body[:BODY_LIMIT], replay


async def _send_rewritten(send, response: dict, rewrite: _Rewrite, entry: TappedRequest):
    try:
        body = json.dumps(rewrite.mutate(json.loads(bytes(response["body"])))).encode()
    except ValueError:
        body = bytes(response["body"])  # not JSON: pass it on untouched
    entry.response_body = body
    start = dict(response["start"])
    start["headers"] = [(k, v) for k, v in start.get("headers", [])
                        if k.lower() != b"content-length"] + [
        (b"content-length", str(len(body)).encode())]
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


@dataclass(frozen=True)
class OutboundPush:
    """A push the persona made to the receiver under test, with the receiver's answer."""
    seq: int
    url: str
    token: str
    status: int
    headers: dict[str, str]          # response headers, lower-case
    text: str
    at: float = field(default_factory=time.time)

    @property
    def jti(self) -> str | None:
        try:
            return decode_set(self.token).claims.get("jti")
        except SETDecodeError:
            return None


class PushLog(EventLog):
    """Installed as an httpx response hook on the persona's outbound client."""

    def install(self, client: httpx.AsyncClient) -> None:
        hooks = client.event_hooks
        hooks["response"] = [*hooks.get("response", []), self._on_response]
        client.event_hooks = hooks

    async def _on_response(self, response: httpx.Response) -> None:
        request = response.request
        if request.method != "POST":
            return
        await response.aread()
        token = request.content.decode("ascii", errors="replace")
        self.append(OutboundPush(self.mark() + 1, str(request.url), token,
                                 response.status_code,
                                 {k.lower(): v for k, v in response.headers.items()},
                                 response.text[:BODY_LIMIT]))
