"""Errors raised by TransmitterClient, and small response helpers that never echo secrets."""
from __future__ import annotations

import httpx

from harness.hardening import StrictJSONError, loads


class TransmitterError(Exception):
    """The transmitter could not be used; `status` is its HTTP status when there was one."""
    code = "transmitter_error"

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class DiscoveryError(TransmitterError):
    code = "discovery_failed"


class IssuerMismatchError(TransmitterError):
    code = "issuer_mismatch"


class TransmitterHTTPError(TransmitterError):
    code = "transmitter_http_error"


class TransmitterUnavailable(TransmitterError):
    code = "transmitter_unavailable"


def strict_json(response: httpx.Response):
    """The response body as strict JSON (harness.hardening): what the transmitter says is kept
    and shown later, so nothing may slip in that breaks a later read (a lone surrogate in a
    `description`, NaN, ...). Raises ValueError otherwise."""
    try:
        return loads(response.content)
    except StrictJSONError as exc:
        raise ValueError(str(exc)) from None


def json_object(response: httpx.Response, operation: str, error: type[TransmitterError]) -> dict:
    try:
        value = strict_json(response)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise error(f"{operation}: response is not a JSON object", response.status_code)
    return value


def error_hint(response: httpx.Response) -> str:
    """The transmitter's own error code, if it sent one (short and credential-free)."""
    try:
        body = strict_json(response)
    except ValueError:
        return ""
    code = body.get("error") or body.get("err") if isinstance(body, dict) else None
    return f" ({code})" if isinstance(code, str) and len(code) <= 64 else ""
