"""HTTP plumbing of the directory: `{"errors": [...]}` answers and hostile-safe body reading.

Every client mistake becomes a `DirectoryError`; its messages name fields, never values (a
body may hold a secret). The same bounded-read and strict-JSON rules as the reference
transmitter (harness/reference/transmitter/httputil.py), kept here because reference rooms do
not import each other (docs/architecture.md).
"""
from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

NO_STORE = {"Cache-Control": "no-store"}


class DirectoryError(Exception):
    def __init__(self, status: int, errors: list[str], headers: dict[str, str] | None = None):
        super().__init__("; ".join(errors))
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return JSONResponse({"errors": self.errors}, status_code=self.status,
                            headers={**NO_STORE, **self.headers})


def bad_request(*errors: str) -> DirectoryError:
    return DirectoryError(400, list(errors))


def forbidden(message: str) -> DirectoryError:
    return DirectoryError(403, [message])


def json_response(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything beyond `limit` bytes without buffering it all."""
    too_large = DirectoryError(413, [f"body: larger than {limit} bytes"])
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise bad_request("Content-Length: not a number")
        if int(declared) > limit:
            raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Iterative, so a hostile nesting cannot exhaust the stack here."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False


def parse_json(raw: bytes, max_depth: int) -> Any:
    """Strict JSON: no NaN/Infinity, bounded nesting, and text that is valid Unicode (a lone
    surrogate escape such as "\\ud800" would be stored and echoed as invalid UTF-8)."""
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise bad_request("body: not valid JSON") from None
    if _depth_exceeds(value, max_depth):
        raise bad_request(f"body: nested deeper than {max_depth} levels")
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request("body: holds a lone surrogate, which is not Unicode text") from None
    return value


def is_json_media_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/")
                                           and media.endswith("+json"))


async def read_json(request: Request, limit: int, max_depth: int) -> Any:
    if not is_json_media_type(request.headers.get("content-type")):
        raise DirectoryError(415, ["Content-Type: must be application/json"])
    return parse_json(await read_body(request, limit), max_depth)
