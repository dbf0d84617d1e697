"""JSON error responses and bounded request-body reading.

Two error shapes: the push endpoint answers RFC 8935 `{"err", "description"}` (with
Content-Language); every other endpoint answers `{"error", "error_description"}`.
No handler ever returns a stack trace or echoes a credential.
"""
from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from harness.hardening import StrictJSONError, bearer_matches, loads

log = logging.getLogger("harness.reference.receiver")

PUSH_PATH = "/ssf/receiver/push"


class ApiError(Exception):
    def __init__(self, status: int, error: str, description: str,
                 headers: dict[str, str] | None = None, extra: dict | None = None):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description
        self.headers = headers or {}
        self.extra = extra or {}

    def response(self) -> JSONResponse:
        body = {"error": self.error, "error_description": self.description, **self.extra}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


class PushError(Exception):
    """An RFC 8935 failure response."""

    def __init__(self, status: int, err: str, description: str,
                 headers: dict[str, str] | None = None):
        super().__init__(description)
        self.status, self.err, self.description = status, err, description
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return push_error_response(self.status, self.err, self.description, self.headers)


def push_error_response(status: int, err: str, description: str,
                        headers: dict[str, str] | None = None) -> JSONResponse:
    # RFC 8935 §2.3: the description is English, and the response says so.
    return JSONResponse({"err": err, "description": description}, status_code=status,
                        headers={"Content-Language": "en", **(headers or {})})


_STATUS_CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 413: "payload_too_large",
                 415: "unsupported_media_type"}


async def http_exception_handler(request: Request, exc: HTTPException) -> JSONResponse:
    code = _STATUS_CODES.get(exc.status_code, "http_error")
    text = exc.detail if isinstance(exc.detail, str) else code
    headers = dict(exc.headers or {})
    if request.url.path == PUSH_PATH:
        return push_error_response(exc.status_code, "invalid_request", text, headers)
    return JSONResponse({"error": code, "error_description": text},
                        status_code=exc.status_code, headers=headers)


async def api_error_handler(request: Request, exc: ApiError) -> JSONResponse:
    return exc.response()


async def push_error_handler(request: Request, exc: PushError) -> JSONResponse:
    return exc.response()


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    # Log the type only: exception text may carry request data.
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return JSONResponse({"error": "server_error", "error_description": "internal error"},
                        status_code=500)


def require_control(request: Request) -> None:
    """Control and observation endpoints: `Authorization: Bearer <control_token>` when one is
    configured (the scheme in any case, RFC 7235 §2.1)."""
    token = request.app.state.receiver.config.control_token
    if token and not bearer_matches(request.headers.get("authorization"), token):
        raise ApiError(401, "unauthorized", "this endpoint needs the control bearer token",
                       {"WWW-Authenticate": 'Bearer realm="ssf-receiver-control"'})


async def read_body(request: Request, limit: int, push: bool = False) -> bytes:
    """Read at most `limit` bytes; a larger body is refused with 413 without reading it all."""
    def too_large() -> Exception:
        text = f"request body exceeds {limit} bytes"
        return PushError(413, "invalid_request", text) if push else ApiError(
            413, "payload_too_large", text)

    declared = request.headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise (PushError(400, "invalid_request", "invalid Content-Length") if push
                   else ApiError(400, "invalid_request", "invalid Content-Length"))
        if int(declared) > limit:
            raise too_large()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json_object(request: Request, limit: int, empty_ok: bool = True) -> dict:
    raw = await read_body(request, limit)
    if not raw.strip():
        if empty_ok:
            return {}
        raise ApiError(400, "invalid_request", "a JSON object body is required")
    try:
        value = loads(raw)  # strict: harness.hardening.strict_json
    except StrictJSONError as exc:
        raise ApiError(400, "invalid_request", f"body is not strict JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ApiError(400, "invalid_request", "body must be a JSON object")
    return value
