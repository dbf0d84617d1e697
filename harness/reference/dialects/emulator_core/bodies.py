"""Request bodies as strict JSON objects (harness.hardening), size-bounded."""
from __future__ import annotations

from starlette.requests import Request

from harness.hardening import StrictJSONError, loads

MAX_BODY_BYTES = 64 * 1024


class BodyError(ValueError):
    """The body is not a JSON object we accept; the message says why (safe to echo)."""


async def read_json(request: Request, *, allow_empty: bool = False) -> dict:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise BodyError(f"body larger than {MAX_BODY_BYTES} bytes")
    if not raw.strip() and allow_empty:
        return {}
    try:
        value = loads(raw)
    except StrictJSONError as exc:
        raise BodyError(f"body is not strict JSON: {exc}") from None
    if not isinstance(value, dict):
        raise BodyError("body must be a JSON object")
    return value
