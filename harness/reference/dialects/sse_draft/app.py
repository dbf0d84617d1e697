"""`create_app(settings)`: a legacy SSE-draft transmitter (ABM-era IdPs, Google RISC).

Options (settings.options): `flavour` "abm" (default) | "google-risc"; `issuer_path` (default
""): the issuer is public_base_url + "/" + issuer_path and every endpoint sits under it, with the
metadata also at `/.well-known/sse-configuration/<issuer_path>`; `audience` (default
public_base_url + "/receiver"): the SET `aud` of a stream created without one;
`verify_on_create` (default False): push a verification SET as soon as a stream is created.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.reference.dialects.emulator_core import EmulatorCore, Stream, admin_routes
from harness.reference.dialects.sse_draft import legacy, streams
from harness.reference.dialects.sse_draft.faults import selected
from harness.ssf.events import BY_ACTION

POLL_WAIT_SECONDS = 5.0


class SseDraft:
    def __init__(self, settings):
        self.settings = settings
        self.faults = selected(settings.faults)
        self.flavour = settings.options.get("flavour", "abm")
        if self.flavour not in legacy.FLAVOURS:
            raise ValueError(f"flavour must be one of {legacy.FLAVOURS}, not {self.flavour!r}")
        path = str(settings.options.get("issuer_path", "")).strip("/")
        self.base = settings.public_base_url.rstrip("/")
        self.prefix = "/" + path if path else ""
        self.root = self.base + self.prefix
        self.issuer = self.root
        self.audience = settings.options.get("audience", self.base + "/receiver")
        self.poll_wait = POLL_WAIT_SECONDS
        self.core = EmulatorCore(settings)

    def metadata(self) -> dict:
        return legacy.metadata(self.flavour, self.base, self.issuer, self.prefix, self.faults)

    def verify(self, stream: Stream, state: str | None) -> str | None:
        claims = legacy.verification_claims(flavour=self.flavour, issuer=self.issuer,
                                            aud=stream.config["aud"], jti=self.core.new_jti(),
                                            stream_id=stream.stream_id, state=state,
                                            faults=self.faults)
        return self.core.deliver(stream, claims)

    async def emit(self, action: str, email: str, body: dict) -> list[str]:
        uri = BY_ACTION[action].uri
        session_id = body.get("session_id") if isinstance(body.get("session_id"), str) else None
        jtis = []
        for stream in self.core.streams():
            if uri not in stream.events:
                continue
            claims = legacy.event_claims(flavour=self.flavour, issuer=self.issuer,
                                         aud=stream.config["aud"], jti=self.core.new_jti(),
                                         event_uri=uri, email=email, session_id=session_id,
                                         faults=self.faults)
            if self.core.deliver(stream, claims):
                jtis.append(claims["jti"])
        return jtis


def _well_known_routes(sse: SseDraft) -> list[Route]:
    async def configuration(request: Request) -> Response:
        slug = request.path_params.get("slug")
        if slug is not None and "/" + slug.strip("/") != sse.prefix:
            return streams.error(404, "not_found", "no issuer at this path")
        return JSONResponse(sse.metadata())

    names = ["ssf-configuration"] if "sse-well-known-ssf-only" in sse.faults else \
        ["sse-configuration"] + (["risc-configuration"] if sse.flavour == "google-risc" else [])
    found = []
    for name in names:
        found.append(Route(f"/.well-known/{name}", configuration, methods=["GET"]))
        found.append(Route(f"/.well-known/{name}/{{slug:path}}", configuration, methods=["GET"]))
    return found


def _routes(sse: SseDraft) -> list[Route]:
    p = sse.prefix

    async def jwks(request: Request) -> Response:
        return JSONResponse(sse.core.keys.jwks())

    found = [
        *_well_known_routes(sse),
        Route(f"{p}/jwks", jwks, methods=["GET"]),
        Route(f"{p}/stream", streams.create, methods=["POST"]),
        Route(f"{p}/stream", streams.read, methods=["GET"]),
        Route(f"{p}/stream", streams.update, methods=["PATCH"]),
        Route(f"{p}/stream", streams.delete, methods=["DELETE"]),
        Route(f"{p}/status", streams.status, methods=["GET", "POST"]),
        Route(f"{p}/add-subject", streams.subject, methods=["POST"]),
        Route(f"{p}/remove-subject", streams.subject, methods=["POST"]),
        Route(f"{p}/verify", streams.verify, methods=["POST"]),
        Route(f"{p}/poll/{{stream_id}}", streams.poll, methods=["POST"]),
    ]
    if sse.flavour == "google-risc":
        found += [Route("/v1beta/stream", streams.google_read, methods=["GET"]),
                  Route("/v1beta/stream:update", streams.google_update, methods=["POST"]),
                  Route("/v1beta/stream:verify", streams.verify, methods=["POST"])]
    return found + admin_routes(sse.settings.admin_token, sse.emit, sse.core.set_status,
                                streams.error)


def create_app(settings) -> Starlette:
    sse = SseDraft(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            await sse.core.close()

    async def sse_error(request: Request, exc: streams.SseError) -> Response:
        return streams.error(exc.status, exc.code, exc.description)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code,
                                                                 "invalid_request")
        return streams.error(exc.status_code, code, str(exc.detail))

    app = Starlette(routes=_routes(sse), lifespan=lifespan, exception_handlers={
        streams.SseError: sse_error, HTTPException: http_error})
    app.state.sse = sse
    return app
