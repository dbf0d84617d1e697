"""`create_app(config)`: the reference SSF transmitter as a Starlette ASGI app.

Background work (push workers, inactivity watcher) starts and stops in the lifespan, so a
new app on the same db_path resumes where the previous one stopped.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.reference.transmitter import (
    routes_actions as actions, routes_discovery as discovery, routes_observe as observe,
    routes_ops as ops, routes_inject as inject,
)
from harness.reference.transmitter.config import TransmitterConfig
from harness.reference.transmitter.httputil import NO_STORE, ApiError
from harness.reference.transmitter.routes_forward import forward
from harness.reference.transmitter.routes_poll import poll
from harness.reference.transmitter.routes_replay import replay
from harness.reference.transmitter.routes_register import delete_client, read_client, register
from harness.reference.transmitter.routes_streams import StreamEndpoint
from harness.reference.transmitter.routes_token import token_endpoint
from harness.reference.transmitter.service import Transmitter
from harness.ssf.constants import WELL_KNOWN_SSF
from harness.ssf.legacy_sse import WELL_KNOWN_SSE

log = logging.getLogger("harness.reference.transmitter")
_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
_HTTP_ERRORS = {404: "not_found", 405: "method_not_allowed"}


def _routes(p: str) -> list[Route]:
    routes = [
        Route(WELL_KNOWN_SSF + p, discovery.ssf_configuration, methods=["GET"]),
        Route(WELL_KNOWN_SSE + p, discovery.sse_configuration, methods=["GET"]),
        Route("/.well-known/oauth-authorization-server" + p, discovery.oauth_metadata,
              methods=["GET"]),
        Route("/.well-known/oauth-protected-resource" + p, discovery.protected_resource_metadata,
              methods=["GET"]),
        Route(p + "/jwks", discovery.jwks, methods=["GET"]),
        Route(p + "/token", token_endpoint, methods=["POST"]),
        Route(p + "/register", register, methods=["POST"]),
        Route(p + "/register/{client_id}", read_client, methods=["GET"]),
        Route(p + "/register/{client_id}", delete_client, methods=["DELETE"]),
        Route(p + "/stream", StreamEndpoint),
        Route(p + "/status", ops.StatusEndpoint),
        Route(p + "/subjects/add", ops.add_subject, methods=["POST"]),
        Route(p + "/subjects/remove", ops.remove_subject, methods=["POST"]),
        Route(p + "/verify", ops.verify, methods=["POST"]),
        Route(p + "/poll/{stream_id}", poll, methods=["POST"]),
        Route(p + "/actions/{action}", actions.trigger, methods=["POST"]),
        Route(p + "/admin/rotate-keys", discovery.rotate_keys, methods=["POST"]),
        Route(p + "/admin/streams/{stream_id}/status", ops.admin_status, methods=["POST"]),
        Route(p + "/admin/streams/{stream_id}/sets", inject.inject_set, methods=["POST"]),
        Route(p + "/admin/streams/{stream_id}/replay", replay, methods=["POST"]),
        Route(p + "/events", observe.history, methods=["GET"]),
        Route(p + "/events/stream", observe.live_feed, methods=["GET"]),
        Route(p + "/decode", observe.decode, methods=["POST"]),
        Route(p + "/receiver/{path:path}", forward, methods=_ALL_METHODS),
        Route(p + "/security-state", forward, methods=_ALL_METHODS),
        Route(p + "/security-state/{rest:path}", forward, methods=_ALL_METHODS),
    ]
    if p:  # the sandbox alias of the discovery document
        routes.append(Route(p + WELL_KNOWN_SSF, discovery.ssf_configuration, methods=["GET"]))
    return routes


async def _api_error(request: Request, exc: ApiError) -> Response:
    return exc.response()


async def _http_error(request: Request, exc: HTTPException) -> Response:
    body = {"error": _HTTP_ERRORS.get(exc.status_code, "http_error"),
            "error_description": str(exc.detail)}
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse(body, status_code=exc.status_code, headers={**NO_STORE,
                                                                   **(exc.headers or {})})


async def _client_gone(request: Request, exc: ClientDisconnect) -> Response:
    return Response(status_code=400)  # nobody is left to read it


async def _internal_error(request: Request, exc: Exception) -> Response:
    """Last resort only: a generic body, no trace, and a counter tests assert stays at zero."""
    request.app.state.tx.internal_errors += 1
    log.error("internal error on %s %s: %s", request.method, request.url.path,
              type(exc).__name__)
    return JSONResponse({"error": "server_error", "error_description": "internal error"},
                        status_code=500, headers=NO_STORE)


def create_app(config: TransmitterConfig) -> Starlette:
    tx = Transmitter(config)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await tx.start()
        try:
            yield
        finally:
            await tx.stop()

    routes = _routes(config.issuer_path)
    if config.fault("metadata-any-issuer-path"):  # after the real one: any other issuer path
        routes.append(Route(WELL_KNOWN_SSF + "/{other:path}", discovery.ssf_configuration,
                            methods=["GET"]))
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                                        ClientDisconnect: _client_gone,
                                        Exception: _internal_error})
    app.state.tx = tx
    app.state.config = config
    return app
