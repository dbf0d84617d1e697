"""HTTP plumbing shared by the routes: JSON errors, bounded body reading, typed field access.

Every client mistake becomes an `ApiError` with a JSON body `{"error", "error_description"}`;
descriptions name fields, never values, so secrets in a bad request are not echoed.
"""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.hardening import InputError, StrictJSONError, ascii_int, loads

NO_STORE = {"Cache-Control": "no-store"}


class ApiError(Exception):
    def __init__(self, status: int, error: str, description: str,
                 headers: dict[str, str] | None = None, extra: dict | None = None):
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description
        self.headers = headers or {}
        self.extra = extra or {}

    def response(self) -> JSONResponse:
        body = {"error": self.error, "error_description": self.description, **self.extra}
        return JSONResponse(body, status_code=self.status, headers={**NO_STORE, **self.headers})


def bad_request(description: str, error: str = "invalid_request") -> ApiError:
    return ApiError(400, error, description)


def not_found(description: str = "no stream with this stream_id for this receiver") -> ApiError:
    return ApiError(404, "not_found", description)


def json_response(data: Any, status: int = 200, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={**NO_STORE, **(headers or {})})


def empty_response(status: int) -> Response:
    return Response(status_code=status, headers=NO_STORE)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything beyond `limit` bytes without buffering it all."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise bad_request("Content-Length is not a number")
        if int(declared) > limit:
            raise ApiError(413, "request_too_large", f"request body exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "request_too_large", f"request body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> Any:
    """Strict JSON (harness.hardening.strict_json): lone surrogates, NaN/Infinity, integers
    beyond 64 bits, duplicate members and deep nesting are refused naming the member."""
    try:
        return loads(raw)
    except StrictJSONError as exc:
        raise bad_request(f"request body is not strict JSON: {exc}") from None


def query_int(request: Request, name: str, *, minimum: int, maximum: int,
              default: int) -> int:
    """A query parameter written in ASCII digits ('٣' and '²' pass str.isdigit, not this)."""
    try:
        return ascii_int(request.query_params.get(name), name, minimum=minimum,
                         maximum=maximum, default=default)
    except InputError:
        raise bad_request(f"'{name}' must be an integer from {minimum} to {maximum}") from None



def is_json_media_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/")
                                           and media.endswith("+json"))


async def read_json_object(request: Request, limit: int) -> dict:
    if not is_json_media_type(request.headers.get("content-type")):
        raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json")
    value = parse_json(await read_body(request, limit))
    if not isinstance(value, dict):
        raise bad_request("request body must be a JSON object")
    return value


# Typed access to JSON members; `bool` is excluded from numbers on purpose (JSON true is not 1).

def get_str(body: dict, name: str, *, required: bool = False, nonempty: bool = True) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f"'{name}' is required")
        if name in body:
            raise bad_request(f"'{name}' must be a string, not null")
        return None
    if not isinstance(value, str) or (nonempty and not value):
        raise bad_request(f"'{name}' must be a non-empty string")
    return value


def get_bool(body: dict, name: str, default: bool) -> bool:
    if name not in body:
        return default
    value = body[name]
    if not isinstance(value, bool):
        raise bad_request(f"'{name}' must be a boolean")
    return value


def get_int(body: dict, name: str, *, minimum: int = 0) -> int | None:
    if name not in body:
        return None
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise bad_request(f"'{name}' must be an integer >= {minimum}")
    return value


def get_number(body: dict, name: str) -> float | None:
    if name not in body:
        return None
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise bad_request(f"'{name}' must be a non-negative number")
    return value


def get_str_list(body: dict, name: str) -> list[str] | None:
    if name not in body:
        return None
    value = body[name]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad_request(f"'{name}' must be an array of strings")
    return value


def get_object(body: dict, name: str) -> dict | None:
    if name not in body:
        return None
    value = body[name]
    if not isinstance(value, dict):
        raise bad_request(f"'{name}' must be a JSON object")
    return value
