"""Test support: the reference transmitter and a recording push receiver, both real uvicorn
servers on 127.0.0.1 (port 0 → free port), talked to over real HTTP with one httpx.Client each.

Waits are event-driven: the receiver notifies a threading.Condition per push, and transmitter
history changes are awaited on the transmitter's own SSE feed.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.jose import decode_set
from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.ssf.constants import PUSH, SCOPE_READ

TOKEN_A, TOKEN_B, TOKEN_RO, ADMIN = "token-a-1f", "token-b-2e", "token-ro-3d", "admin-4c"
SECRET_A = "secret-a-5b"
CAEP = "https://schemas.openid.net/secevent/caep/event-type/"
RISC = "https://schemas.openid.net/secevent/risc/event-type/"
SSF = "https://schemas.openid.net/secevent/ssf/event-type/"
SESSION_REVOKED = CAEP + "session-revoked"
CREDENTIAL_CHANGE = CAEP + "credential-change"
ALICE = {"format": "email", "email": "alice@example.com"}
BOB = {"format": "email", "email": "bob@example.com"}
WAIT = 10.0  # generous deadline for event-driven waits; they return as soon as the event happens


@dataclass
class Push:
    headers: dict
    body: str
    at: float

    @property
    def claims(self) -> dict:
        return decode_set(self.body).claims

    @property
    def header(self) -> dict:
        return decode_set(self.body).header

    @property
    def event_uri(self) -> str:
        return next(iter(self.claims["events"]))


class PushReceiver:
    """RFC 8935 endpoint that records every push; `script` holds (status, headers, body)
    answers used in order before the default 202."""

    def __init__(self) -> None:
        self.pushes: list[Push] = []
        self.script: list[tuple[int, dict, bytes]] = []
        self.cond = threading.Condition()
        self.app = Starlette(routes=[Route("/push", self._push, methods=["POST"])])
        self.server = RunningServer(self.app)

    async def _push(self, request: Request) -> Response:
        body = (await request.body()).decode()
        with self.cond:
            self.pushes.append(Push(dict(request.headers), body, time.monotonic()))
            status, headers, content = self.script.pop(0) if self.script else (202, {}, b"")
            self.cond.notify_all()
        return Response(content, status_code=status, headers=headers)

    @property
    def url(self) -> str:
        return self.server.base_url + "/push"

    def wait_for(self, count: int, timeout: float = WAIT) -> list[Push]:
        with self.cond:
            done = self.cond.wait_for(lambda: len(self.pushes) >= count, timeout)
            assert done, f"expected {count} pushes, got {len(self.pushes)}"
            return list(self.pushes)


class Tx:
    """A running reference transmitter with helpers for the management API."""

    def __init__(self, tmp_path: Path, http: httpx.Client, **overrides):
        self._socket = reserve_port()   # held until the first start; a restart binds the port
        self.port = self._socket.getsockname()[1]
        defaults = dict(
            public_base_url=f"http://127.0.0.1:{self.port}", db_path=tmp_path / "tx.sqlite3",
            clients=[ReceiverClient("rx-a", SECRET_A, tokens=(TOKEN_A,)),
                     ReceiverClient("rx-b", "secret-b", tokens=(TOKEN_B,)),
                     ReceiverClient("rx-ro", scopes=(SCOPE_READ,), tokens=(TOKEN_RO,))],
            # ES256 keys are fast to make; RS256 (the default) is tested separately.
            admin_token=ADMIN, signing_alg="ES256", allow_loopback_addresses=True,
            push_backoff_base=0.01, push_backoff_max=0.05, push_max_attempts=3,
            long_poll_max_wait=2.0)
        defaults.update(overrides)
        self.config = TransmitterConfig(**defaults)
        self.http = http  # shared by the whole test session: building a Client is slow
        self.server: RunningServer | None = None
        self.start()

    def start(self) -> None:
        self.app = create_app(self.config)
        self.server = RunningServer(self.app, port=self.port, listen_socket=self._socket).start()
        self._socket = None

    def stop(self) -> None:
        if self.server is not None:
            self.tx.close_streams_threadsafe()
            self.server.stop()
            self.server = None
            assert self.tx.internal_errors == 0, "bad input reached the catch-all 500 handler"

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def tx(self):
        return self.app.state.tx

    def call(self, method: str, path: str, token: str | None = TOKEN_A, **kw) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, self.base + path, headers=headers, **kw)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def create(self, token: str = TOKEN_A, **body) -> dict:
        resp = self.call("POST", "/ssf/stream", token, json=body)
        assert resp.status_code == 201, resp.text
        return resp.json()

    def push_stream(self, receiver: PushReceiver, events: list[str] | None = None,
                    token: str = TOKEN_A, **delivery) -> dict:
        return self.create(token, events_requested=events or [SESSION_REVOKED, CREDENTIAL_CHANGE],
                           delivery={"method": PUSH, "endpoint_url": receiver.url, **delivery})

    def trigger(self, action: str, body: dict | None = None, expect: int = 202) -> dict:
        resp = self.call("POST", f"/ssf/actions/{action}", ADMIN, json=body or {"subject": ALICE})
        assert resp.status_code == expect, resp.text
        return resp.json()

    def poll(self, stream: dict, token: str = TOKEN_A, **body) -> httpx.Response:
        path = stream["delivery"]["endpoint_url"].removeprefix(self.config.public_base_url)
        return self.call("POST", path, token, json=body)

    def history(self, stream_id: str | None = None) -> list[dict]:
        params = {"stream_id": stream_id, "limit": 1000} if stream_id else {"limit": 1000}
        resp = self.call("GET", "/ssf/events", ADMIN, params=params)
        assert resp.status_code == 200, resp.text
        return resp.json()["events"]

    def record(self, rec_id: str) -> dict:
        return next(r for r in self.history() if r["id"] == rec_id)

    def wait_record(self, predicate, timeout: float = WAIT) -> dict:
        """First history record satisfying `predicate`, now or as soon as the SSE feed says so."""
        with self.http.stream("GET", self.base + "/ssf/events/stream", timeout=timeout,
                              headers={"Authorization": f"Bearer {ADMIN}"}) as resp:
            lines = resp.iter_lines()
            assert next(lines).startswith("retry:")  # subscribed from here on
            for rec in self.history():
                if predicate(rec):
                    return rec
            deadline = time.monotonic() + timeout
            for line in lines:
                if line.startswith("data: ") and predicate(rec := json.loads(line[6:])):
                    return rec
                assert time.monotonic() < deadline, "record did not appear in time"
        raise AssertionError("event feed ended before the record appeared")
