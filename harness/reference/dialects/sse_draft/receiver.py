"""`create_receiver_app(settings)`: an Apple Business Manager-style receiver that only speaks the
legacy SSE shape: it takes RFC 8935 pushes of SETs whose subject sits inside the event, and
refuses (400, RFC 8935 `{err, description}`) a SET whose subject is only a top-level `sub_id`.
What it received is shown at the reference receiver's observation paths (receiver_log.py).

Push: `POST /ssf/receiver/push` (the reference receiver's path), bearer settings.api_token,
Content-Type application/secevent+jwt. The signature is verified with the transmitter's keys:
options `jwks` (a JWK Set), `jwks_uri`, or `transmitter_issuer` (its
`/.well-known/sse-configuration` names the jwks_uri); `transmitter_issuer` also pins `iss`, and
`audience` (when set) must be in `aud`. Observation calls take the admin bearer.
"""
from __future__ import annotations

import ssl
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.hardening import AddressPolicy, async_transport, bearer_matches
from harness.jose import SETDecodeError, SETVerifyError, decode_set, is_set_typ, verify_set
from harness.reference.dialects.sse_draft.faults import selected
from harness.reference.dialects.sse_draft.receiver_log import (
    ReceivedLog, observation_routes_handler,
)
from harness.ssf.constants import SET_MEDIA_TYPE
from harness.ssf.events import VERIFICATION

# The SSF verification event and the RISC one the draft's Google flavour sends.
VERIFICATION_EVENTS = (VERIFICATION.uri,
                       "https://schemas.openid.net/secevent/risc/event-type/verification")

PUSH_PATH = "/ssf/receiver/push"
RX = "/ssf/receiver"
MAX_SET_BYTES = 64 * 1024


class Refused(Exception):
    def __init__(self, status: int, err: str, description: str):
        super().__init__(description)
        self.status, self.err, self.description = status, err, description


class LegacyReceiver:
    def __init__(self, settings):
        self.settings = settings
        self.options = settings.options
        self.faults = selected(settings.faults)
        self.log = ReceivedLog(settings.db_path)
        self._jwks: dict | None = self.options.get("jwks")
        verify = ssl.create_default_context()
        if settings.ca_file:
            verify.load_verify_locations(cafile=settings.ca_file)
        policy = AddressPolicy.build(settings.allow_loopback_addresses, False)
        self.http = httpx.AsyncClient(transport=async_transport(policy, verify=verify),
                                      timeout=10.0)

    async def _fetch_json(self, url: str) -> dict:
        answer = await self.http.get(url)
        answer.raise_for_status()
        value = answer.json()
        if not isinstance(value, dict):
            raise ValueError(f"{url} did not answer a JSON object")
        return value

    async def keys(self, refresh: bool = False) -> dict:
        if self._jwks is not None and not (refresh and "jwks" not in self.options):
            return self._jwks
        uri = self.options.get("jwks_uri")
        issuer = self.options.get("transmitter_issuer")
        if not uri and issuer:
            parts = urlsplit(issuer)
            uri = (await self._fetch_json(f"{parts.scheme}://{parts.netloc}/.well-known/"
                                          f"sse-configuration{parts.path.rstrip('/')}"))["jwks_uri"]
        if not uri:
            raise Refused(400, "invalid_key", "this receiver has no transmitter keys configured")
        self._jwks = await self._fetch_json(uri)
        return self._jwks

    @staticmethod
    def check_header(header: dict) -> None:
        """RFC 8417 §2.3 typ (JOSE-01) and RFC 7515 §4.1.11 crit (JOSE-02): this receiver
        understands no JWS extension, so any crit is refused."""
        if not is_set_typ(header.get("typ")):
            raise Refused(400, "invalid_request", "typ must be secevent+jwt (RFC 8417 §2.3)")
        if "crit" in header:
            raise Refused(400, "invalid_request", "crit names an extension this receiver "
                                                  "does not understand (RFC 7515 §4.1.11)")

    async def verified(self, token: str) -> dict:
        if "sse-receiver-skips-signature" in self.faults:
            return decode_set(token).claims
        try:
            jwks = await self.keys()
            try:
                return verify_set(token, jwks).claims
            except SETVerifyError as exc:
                if exc.code != "invalid_key" or "jwks" in self.options:
                    raise
                return verify_set(token, await self.keys(refresh=True)).claims  # rotated keys
        except SETVerifyError as exc:
            raise Refused(400, exc.code, str(exc)) from None
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise Refused(400, "invalid_key", f"the transmitter's keys cannot be read: "
                                              f"{type(exc).__name__}") from None

    def check_claims(self, claims: dict) -> tuple[str, dict]:
        """The event URI and its subject; Refused unless the SET has the legacy shape."""
        issuer = self.options.get("transmitter_issuer")
        if issuer and claims.get("iss") != issuer:
            raise Refused(400, "invalid_issuer", "iss is not the configured transmitter")
        audience = self.options.get("audience")
        aud = claims.get("aud")
        if audience and audience != aud and not (isinstance(aud, list) and audience in aud):
            raise Refused(400, "invalid_audience", "aud does not name this receiver")
        events = claims.get("events")
        if not isinstance(events, dict) or len(events) != 1 or \
                not isinstance(next(iter(events.values())), dict):
            raise Refused(400, "invalid_request", "events must hold exactly one event object")
        uri, payload = next(iter(events.items()))
        if uri in VERIFICATION_EVENTS and "state" in payload:
            # SSF §8.1.4.1: this receiver never asks for verification, so no state is expected
            raise Refused(400, "invalid_state", "this receiver requested no verification")
        subject = payload.get("subject")
        if isinstance(subject, dict) and subject:
            return uri, subject
        raise Refused(400, "invalid_request", "the event carries no subject: this receiver "
                                              "reads the subject inside the event (legacy "
                                              "SSE), not a top-level sub_id")

    async def push(self, request: Request) -> Response:
        token, claims = "", {}
        try:
            if not bearer_matches(request.headers.get("authorization"), self.settings.api_token):
                raise Refused(401, "authentication_failed", "missing or wrong bearer token")
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media != SET_MEDIA_TYPE:
                raise Refused(400, "invalid_request", f"Content-Type must be {SET_MEDIA_TYPE}")
            raw = b""
            async for chunk in request.stream():
                raw += chunk
                if len(raw) > MAX_SET_BYTES:
                    raise Refused(413, "invalid_request", "the SET is too large")
            try:
                token = raw.decode("ascii").strip()
                decoded = decode_set(token)
                claims = decoded.claims
            except (UnicodeDecodeError, SETDecodeError) as exc:
                raise Refused(400, "invalid_request", f"not a SET: {exc}") from None
            self.check_header(decoded.header)
            claims = await self.verified(token)
            uri, subject = self.check_claims(claims)
        except Refused as exc:
            jti = claims.get("jti") if isinstance(claims.get("jti"), str) else None
            self.log.record(jti=jti, event_uri=None, subject=None, accepted=False,
                            err=exc.err, description=exc.description, claims=claims or None)
            return JSONResponse({"err": exc.err, "description": exc.description},
                                status_code=exc.status, headers={"Content-Language": "en"})
        jti = claims.get("jti") if isinstance(claims.get("jti"), str) else None
        self.log.record(jti=jti, event_uri=uri, subject=subject, accepted=True, claims=claims,
                        duplicate=bool(jti) and self.log.seen(jti))
        return Response(status_code=202)


def create_receiver_app(settings) -> Starlette:
    rx = LegacyReceiver(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            await rx.http.aclose()
            rx.log.close()

    token = settings.admin_token
    app = Starlette(routes=[
        Route(PUSH_PATH, rx.push, methods=["POST"]),
        Route(f"{RX}/events", observation_routes_handler(rx.log, token, "rx_events", "events"),
              methods=["GET"]),
        Route(f"{RX}/actions", observation_routes_handler(rx.log, token, "rx_actions",
                                                          "actions"), methods=["GET"]),
    ], lifespan=lifespan)
    app.state.receiver = rx
    return app
