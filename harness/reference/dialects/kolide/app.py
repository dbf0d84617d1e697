"""`create_app(settings)`: the Kolide emulator as a Starlette ASGI app."""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from harness.reference.dialects import ADMIN_PREFIX, EmulatorSettings
from harness.reference.dialects.kolide import routes_events as events
from harness.reference.dialects.kolide import routes_streams as streams
from harness.reference.dialects.kolide.service import KolideEmulator
from harness.reference.transmitter.httputil import ApiError, NO_STORE, json_response
from harness.ssf.constants import WELL_KNOWN_SSF

_STREAM = streams.STREAMS_PATH + "/{key}"


def _routes() -> list[Route]:
    return [
        Route(WELL_KNOWN_SSF, streams.discovery, methods=["GET"]),
        Route(streams.JWKS_PATH, streams.jwks, methods=["GET"]),
        Route(streams.STREAMS_PATH, streams.list_streams, methods=["GET"]),
        Route(streams.STREAMS_PATH, streams.create_stream, methods=["POST"]),
        Route(_STREAM, streams.read_stream, methods=["GET"]),
        Route(_STREAM, streams.update_stream, methods=["PATCH"]),
        Route(_STREAM, streams.delete_stream, methods=["DELETE"]),
        Route(_STREAM + "/events", events.poll, methods=["GET"]),
        Route(_STREAM + "/events", events.ack, methods=["POST"]),
        Route(_STREAM + "/test", events.test_stream, methods=["POST"]),
        Route(ADMIN_PREFIX + "/legacy-streams", events.create_legacy_stream, methods=["POST"]),
    ]


async def _api_error(request: Request, exc: ApiError) -> Response:
    return exc.response()


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    text = {404: "no such resource", 405: "method not allowed"}.get(exc.status_code, "error")
    return json_response({"error": "not_found" if exc.status_code == 404 else "error",
                          "error_description": text}, status=exc.status_code,
                         headers={**NO_STORE, **(exc.headers or {})})


async def _client_gone(request: Request, exc: ClientDisconnect) -> Response:
    return Response(status_code=400)  # nobody is left to read it


def create_app(settings: EmulatorSettings) -> Starlette:
    emulator = KolideEmulator(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            await emulator.close()

    app = Starlette(routes=_routes() + events.admin_calls(emulator), lifespan=lifespan,
                    exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                                        ClientDisconnect: _client_gone})
    app.state.emulator = emulator
    return app
