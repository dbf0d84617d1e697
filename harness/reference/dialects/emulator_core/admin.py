"""The admin calls every emulator answers (harness.reference.dialects contract), behind the
admin bearer: emit an event about a subject, and change a stream's status from the transmitter
side. The dialect supplies what they do and how its errors look."""
from __future__ import annotations

from typing import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.hardening import bearer_matches
from harness.reference.dialects import ADMIN_PREFIX
from harness.reference.dialects.emulator_core.bodies import BodyError, read_json
from harness.ssf.constants import STATUS_VALUES
from harness.ssf.events import BY_ACTION

ErrorResponder = Callable[[int, str, str], Response]
# (action, email, body) -> jtis ; (stream_id, status) -> found?
Emit = Callable[[str, str, dict], Awaitable[list[str]]]
SetStatus = Callable[[str, str], Awaitable[bool]]


def admin_routes(admin_token: str, emit: Emit, set_status: SetStatus,
                 error: ErrorResponder) -> list[Route]:
    async def guarded(request: Request) -> dict | Response:
        if not bearer_matches(request.headers.get("authorization"), admin_token):
            return error(401, "access_denied", "the admin bearer is missing or wrong")
        try:
            return await read_json(request)
        except BodyError as exc:
            return error(400, "invalid_request", str(exc))

    async def action(request: Request) -> Response:
        body = await guarded(request)
        if isinstance(body, Response):
            return body
        name = request.path_params["action"]
        if name not in BY_ACTION:
            return error(404, "not_found", f"unknown action; known: {sorted(BY_ACTION)}")
        email = body.get("email")
        if not isinstance(email, str) or "@" not in email:
            return error(400, "invalid_request", "email must be an email address")
        return JSONResponse({"jti": await emit(name, email, body)}, status_code=202)

    async def status(request: Request) -> Response:
        body = await guarded(request)
        if isinstance(body, Response):
            return body
        value = body.get("status")
        if value not in STATUS_VALUES:
            return error(400, "invalid_request", f"status must be one of {list(STATUS_VALUES)}")
        if not await set_status(request.path_params["stream_id"], value):
            return error(404, "not_found", "no such stream")
        return JSONResponse({"stream_id": request.path_params["stream_id"], "status": value})

    return [Route(f"{ADMIN_PREFIX}/actions/{{action}}", action, methods=["POST"]),
            Route(f"{ADMIN_PREFIX}/streams/{{stream_id}}/status", status, methods=["POST"])]
