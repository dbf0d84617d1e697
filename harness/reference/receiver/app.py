"""`create_app(config)`: the reference SSF receiver as a Starlette ASGI app."""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Route

from harness.reference.receiver import routes_control as control
from harness.reference.receiver import routes_observe as observe
from harness.reference.receiver import routes_stream_config as stream_config
from harness.reference.receiver.config import ReceiverConfig
from harness.reference.receiver.errors import (
    PUSH_PATH, ApiError, PushError, api_error_handler, http_exception_handler,
    push_error_handler, unexpected_error_handler,
)
from harness.reference.receiver.routes_push import push_endpoint
from harness.reference.receiver.runtime import ReceiverRuntime

RX = "/ssf/receiver"


def _routes() -> list[Route]:
    return [
        Route(PUSH_PATH, push_endpoint, methods=["POST"]),
        # control (control_token when configured)
        Route(f"{RX}/stream", control.create_stream, methods=["POST"]),
        Route(f"{RX}/stream", control.read_streams, methods=["GET"]),
        Route(f"{RX}/stream", control.update_stream, methods=["PATCH"]),
        Route(f"{RX}/stream", control.delete_stream, methods=["DELETE"]),
        Route(f"{RX}/stream", stream_config.replace_stream, methods=["PUT"]),
        Route(f"{RX}/stream/config", stream_config.read_stream_config, methods=["GET"]),
        Route(f"{RX}/stream/verify", control.verify_stream, methods=["POST"]),
        Route(f"{RX}/stream/status", control.stream_status, methods=["GET", "POST"]),
        Route(f"{RX}/stream/subjects/add", control.stream_subject, methods=["POST"]),
        Route(f"{RX}/stream/subjects/remove", control.stream_subject, methods=["POST"]),
        Route(f"{RX}/poll", control.poll_now, methods=["POST"]),
        Route(f"{RX}/poller", control.poller, methods=["GET", "POST"]),
        Route(f"{RX}/idp/users", control.idp_users, methods=["GET", "POST"]),
        # observation
        Route(f"{RX}/status", observe.status, methods=["GET"]),
        Route(f"{RX}/events", observe.events, methods=["GET"]),
        Route(f"{RX}/actions", observe.actions, methods=["GET"]),
        Route(f"{RX}/verifications", observe.verifications, methods=["GET"]),
        Route("/ssf/security-state", observe.security_states, methods=["GET"]),
        Route("/ssf/security-state/{email}", observe.security_state, methods=["GET"]),
    ]


def create_app(config: ReceiverConfig) -> Starlette:
    runtime = ReceiverRuntime(config)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = Starlette(routes=_routes(), lifespan=lifespan, exception_handlers={
        HTTPException: http_exception_handler, ApiError: api_error_handler,
        PushError: push_error_handler, Exception: unexpected_error_handler})
    app.state.receiver = runtime
    return app
