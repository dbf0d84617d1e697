"""A small stand-in SSF transmitter for the receiver's tests: real HTTP on 127.0.0.1 serving
discovery metadata (path-form issuer), a JWKS, a stream management API, a verification endpoint
that really delivers, an RFC 8936 poll endpoint with long poll, and an OAuth token endpoint.

It plays an external transmitter; it is deliberately simple and records every request so tests
can assert what the receiver sent.
"""
from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.jose import KeyRing, SigningKey, sign_set
from harness.runtime.servers import RunningServer
from harness.ssf.constants import POLL, PUSH, SET_MEDIA_TYPE
from harness.ssf.events import VERIFICATION

AUDIENCE = "https://receiver.example/ssf"
MGMT_TOKEN = "mgmt-token-7c1d"
CLIENT_ID, CLIENT_SECRET = "rx-client", "rx-client-secret-93af"


class StandInTransmitter:
    def __init__(self, keyring: KeyRing, poll_wait: float = 1.0,
                 metadata_overrides: dict | None = None, ssl_certfile: str | None = None,
                 ssl_keyfile: str | None = None):
        self.keyring = keyring
        self.poll_wait = poll_wait
        self.metadata_overrides = metadata_overrides or {}
        self.stream_overrides: dict = {}     # e.g. {"iss": "https://evil.example"}
        self.fail_poll_with: int | None = None
        self.jwks_override: dict | None = None
        self.log: list[dict] = []
        self.streams: dict[str, dict] = {}
        self.queue: OrderedDict[str, str] = OrderedDict()   # poll: not yet served
        self.outstanding: dict[str, str] = {}               # served, not yet acked
        self.acks: list[str] = []
        self.set_errs: dict[str, dict] = {}
        self.jwks_fetches = 0
        self._issued_tokens: set[str] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._tls = (ssl_certfile, ssl_keyfile)
        self.server: RunningServer | None = None
        self._cond = threading.Condition()
        self._closing = False

    # -- lifecycle --------------------------------------------------------------------------
    def start(self, port: int = 0) -> "StandInTransmitter":
        self.server = RunningServer(self._app(), port=port, ssl_certfile=self._tls[0],
                                    ssl_keyfile=self._tls[1]).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            # Release held long polls first: uvicorn's graceful shutdown waits for them.
            self._closing = True
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._bump)
            self.server.stop()
            self._closing = False

    def restart(self) -> None:
        port = self.server.port
        self.stop()
        self.start(port)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def issuer(self) -> str:
        return self.base_url + "/ssf"

    # -- SETs -------------------------------------------------------------------------------
    def claims(self, event_uri: str, subject: dict, payload: dict | None = None, **extra) -> dict:
        claims = {"iss": self.issuer, "aud": AUDIENCE, "iat": int(time.time()),
                  "jti": secrets.token_hex(8), "txn": secrets.token_hex(4), "sub_id": subject,
                  "events": {event_uri: payload or {}}}
        for name, value in extra.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return claims

    def sign(self, claims: dict, header: dict | None = None, key: SigningKey | None = None) -> str:
        return sign_set(claims, key or self.keyring.current, header)

    def make_set(self, event_uri: str, subject: dict, payload: dict | None = None, **extra) -> str:
        return self.sign(self.claims(event_uri, subject, payload, **extra))

    def enqueue(self, token: str, jti: str | None = None) -> str:
        jti = jti or json.loads(_b64decode(token.split(".")[1]))["jti"]
        self.queue[jti] = token
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._bump)
        return jti

    def requests_to(self, path: str, method: str | None = None) -> list[dict]:
        return [r for r in self.log if r["path"] == path and (method is None
                                                               or r["method"] == method)]

    def _notify(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = 5.0) -> bool:
        """Block the test thread until `predicate()` holds (woken by each request)."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def _bump(self) -> None:
        old, self._changed = self._changed, asyncio.Event()
        old.set()

    # -- the app ----------------------------------------------------------------------------
    def _app(self) -> Starlette:
        routes = [
            # POST is routed only to be logged and refused (fault metadata-fetched-with-post).
            Route("/.well-known/ssf-configuration/ssf", self._metadata, methods=["GET", "POST"]),
            Route("/ssf/jwks", self._jwks, methods=["GET"]),
            Route("/ssf/stream", self._stream, methods=["GET", "POST", "PATCH", "PUT", "DELETE"]),
            Route("/ssf/status", self._status, methods=["GET", "POST"]),
            Route("/ssf/subjects/add", self._subjects, methods=["POST"]),
            Route("/ssf/subjects/remove", self._subjects, methods=["POST"]),
            Route("/ssf/verify", self._verify, methods=["POST"]),
            Route("/ssf/poll", self._poll, methods=["POST"]),
            Route("/token", self._token, methods=["POST"]),
        ]

        @asynccontextmanager
        async def lifespan(app):
            self._loop = asyncio.get_running_loop()
            self._changed = asyncio.Event()
            yield
            self._loop = None

        return Starlette(routes=routes, lifespan=lifespan)

    async def _record(self, request: Request) -> dict:
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("latin-1")
        entry = {"method": request.method, "path": request.url.path,
                 "query": dict(request.query_params), "headers": dict(request.headers),
                 "body": body}
        self.log.append(entry)
        self._notify()
        return entry

    def _authorized(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ")
        return auth.startswith("Bearer ") and (token == MGMT_TOKEN or token in self._issued_tokens)

    async def _metadata(self, request: Request) -> Response:
        await self._record(request)
        if request.method != "GET":  # SSF §7.2.1: the document is fetched with GET
            return JSONResponse({"error": "method_not_allowed"}, status_code=405)
        base = self.base_url
        return JSONResponse({
            "spec_version": "1_0", "issuer": self.issuer, "jwks_uri": f"{base}/ssf/jwks",
            "delivery_methods_supported": [PUSH, POLL],
            "configuration_endpoint": f"{base}/ssf/stream", "status_endpoint": f"{base}/ssf/status",
            "add_subject_endpoint": f"{base}/ssf/subjects/add",
            "remove_subject_endpoint": f"{base}/ssf/subjects/remove",
            "verification_endpoint": f"{base}/ssf/verify", **self.metadata_overrides})

    async def _jwks(self, request: Request) -> Response:
        self.jwks_fetches += 1
        return JSONResponse(self.jwks_override or self.keyring.jwks())

    async def _stream(self, request: Request) -> Response:
        entry = await self._record(request)
        if not self._authorized(request):
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        body, stream_id = entry["body"], request.query_params.get("stream_id")
        if request.method == "POST":
            stream_id = "stream-" + secrets.token_hex(4)
            delivery = dict(body.get("delivery") or {"method": POLL})
            if delivery["method"] == POLL:
                delivery["endpoint_url"] = f"{self.base_url}/ssf/poll"
            self.streams[stream_id] = {
                "stream_id": stream_id, "iss": self.issuer, "aud": AUDIENCE, "delivery": delivery,
                "events_requested": body.get("events_requested", []),
                "events_delivered": body.get("events_requested", []),
                "description": body.get("description")}
            return JSONResponse({**self.streams[stream_id], **self.stream_overrides}, 201)
        if request.method == "GET" and stream_id is None:
            return JSONResponse([{**s, **self.stream_overrides} for s in self.streams.values()])
        stream_id = stream_id or (body or {}).get("stream_id")
        if stream_id not in self.streams:
            return JSONResponse({"error": "not_found"}, status_code=404)
        if request.method == "DELETE":
            del self.streams[stream_id]
            return Response(status_code=204)
        if request.method in ("PATCH", "PUT"):
            self.streams[stream_id].update(body)
        return JSONResponse({**self.streams[stream_id], **self.stream_overrides})

    async def _status(self, request: Request) -> Response:
        entry = await self._record(request)
        stream_id = request.query_params.get("stream_id") or (entry["body"] or {}).get("stream_id")
        if stream_id not in self.streams:
            return JSONResponse({"error": "not_found"}, status_code=404)
        stream = self.streams[stream_id]
        if request.method == "POST":
            stream["status"] = entry["body"]["status"]
        return JSONResponse({"stream_id": stream_id, "status": stream.get("status", "enabled")})

    async def _subjects(self, request: Request) -> Response:
        await self._record(request)
        return Response(status_code=200 if request.url.path.endswith("add") else 204)

    async def _verify(self, request: Request) -> Response:
        entry = await self._record(request)
        stream = self.streams.get((entry["body"] or {}).get("stream_id"))
        if stream is None:
            return JSONResponse({"error": "not_found"}, status_code=404)
        payload = {"state": entry["body"]["state"]} if "state" in entry["body"] else {}
        token = self.make_set(VERIFICATION.uri, {"format": "opaque", "id": stream["stream_id"]},
                              payload)
        if stream["delivery"]["method"] == POLL:
            self.enqueue(token)
            return Response(status_code=204)
        # Push after answering, as a real transmitter's asynchronous delivery would.
        return Response(status_code=204, background=BackgroundTask(self._push, stream, token))

    async def _push(self, stream: dict, token: str) -> None:
        headers = {"Content-Type": SET_MEDIA_TYPE, "Accept": "application/json"}
        if stream["delivery"].get("authorization_header"):
            headers["Authorization"] = stream["delivery"]["authorization_header"]
        try:
            async with httpx.AsyncClient() as client:
                response = await client.post(stream["delivery"]["endpoint_url"], content=token,
                                             headers=headers)
            status = response.status_code
        except httpx.HTTPError:
            status = None  # an unreachable receiver: recorded, as a transmitter would log it
        self.log.append({"method": "PUSHED", "path": stream["delivery"]["endpoint_url"],
                         "status": status, "headers": headers, "body": token,
                         "query": {}})
        self._notify()

    async def _poll(self, request: Request) -> Response:
        entry = await self._record(request)
        if not self._authorized(request):
            return JSONResponse({"error": "invalid_token"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        if self.fail_poll_with:
            return JSONResponse({"error": "unavailable"}, status_code=self.fail_poll_with)
        body = entry["body"] if isinstance(entry["body"], dict) else {}
        for jti in body.get("ack", []):
            self.acks.append(jti)
            self.outstanding.pop(jti, None)
        for jti, error in body.get("setErrs", {}).items():
            self.set_errs[jti] = error
            self.outstanding.pop(jti, None)
        self._notify()
        max_events = body.get("maxEvents")
        if max_events == 0:
            return JSONResponse({"sets": {}})
        if not self.queue and not body.get("returnImmediately", False) and not self._closing:
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), self.poll_wait)
            except asyncio.TimeoutError:
                pass
        served = {}
        while self.queue and (max_events is None or len(served) < max_events):
            jti, token = self.queue.popitem(last=False)
            served[jti] = self.outstanding[jti] = token
        return JSONResponse({"sets": served, "moreAvailable": bool(self.queue)})

    async def _token(self, request: Request) -> Response:
        entry = await self._record(request)
        auth = httpx.BasicAuth(CLIENT_ID, CLIENT_SECRET)
        expected = next(auth.auth_flow(httpx.Request("POST", "http://x"))).headers["Authorization"]
        if request.headers.get("authorization") != expected:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        token = "at-" + secrets.token_hex(8)
        self._issued_tokens.add(token)
        entry["issued"] = token
        return JSONResponse({"access_token": token, "token_type": "Bearer", "expires_in": 300})


def _b64decode(segment: str) -> bytes:
    import base64
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
