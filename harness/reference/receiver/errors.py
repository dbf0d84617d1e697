"""JSON error responses and bounded request-body reading.

Two error shapes: the push endpoint answers RFC 8935 `{"err", "description"}` (with
Content-Language); every other endpoint answers `{"error", "error_description"}`.
No handler ever returns a stack trace or echoes a credential.
"""
from __future__ import annotations

import json
import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

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


async def read_body(request: Request, limit: int, push: bool = False) -> bytes:
    """Read at most `limit` bytes; a larger body is refused with 413 without reading it all."""
    def too_large() -> Exception:
        text = f"request body exceeds {limit} bytes"
        return PushError(413, "invalid_request", text) if push else ApiError(
            413, "payload_too_large", text)

    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large()
        except ValueError:
            raise (PushError(400, "invalid_request", "invalid Content-Length") if push
                   else ApiError(400, "invalid_request", "invalid Content-Length"))
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
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "invalid_request", "body is not valid JSON") from None
    if not isinstance(value, dict):
        raise ApiError(400, "invalid_request", "body must be a JSON object")
    return value
