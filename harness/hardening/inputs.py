"""Small total validators for what arrives outside a JSON body: query parameters, header values
and URLs. Each returns the value or raises `InputError` naming the field; none can raise anything
else, whatever the text (non-ASCII digits, control characters, `http://[`, a port of 99999...).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

_ASCII_INT = re.compile(r"-?[0-9]{1,18}")
_ASCII_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
MAX_URL_LENGTH = 2048


class InputError(ValueError):
    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")


def ascii_int(text: str | None, where: str, *, minimum: int, maximum: int,
              default: int | None = None) -> int | None:
    """An integer written with ASCII digits only (str.isdigit also takes '²' and '٣')."""
    if text is None:
        return default
    if not _ASCII_INT.fullmatch(text) or not minimum <= int(text) <= maximum:
        raise InputError(where, f"must be an integer from {minimum} to {maximum}")
    return int(text)


def ascii_number(text: str | None, where: str, *, minimum: float, maximum: float,
                 default: float | None = None) -> float | None:
    """A decimal number in plain ASCII notation (no exponent, no 'nan', no 'inf')."""
    if text is None:
        return default
    if not _ASCII_NUMBER.fullmatch(text) or not minimum <= float(text) <= maximum:
        raise InputError(where, f"must be a number from {minimum:g} to {maximum:g}")
    return float(text)


def header_text(value: str | None, where: str) -> str | None:
    """A header value as visible ASCII (RFC 9110 §5.5: other octets are opaque data, which no
    field we read may hold). Starlette hands values over decoded as Latin-1."""
    if value is None:
        return None
    if not value.isascii() or not value.isprintable():
        raise InputError(where, "must be printable ASCII")
    return value


def http_url(value: object, where: str, *, https_only: bool = False) -> str:
    """An absolute http(s) URL that the outbound HTTP client can actually use."""
    if not isinstance(value, str) or not value:
        raise InputError(where, "must be a non-empty string")
    if len(value) > MAX_URL_LENGTH:
        raise InputError(where, f"must be at most {MAX_URL_LENGTH} characters")
    if not value.isascii() or not value.isprintable() or " " in value:
        raise InputError(where, "must be an ASCII URL without spaces or control characters")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port out of range or not a number
        host = parts.hostname
        httpx.URL(value)
    except (ValueError, httpx.InvalidURL):
        raise InputError(where, "is not a well-formed URL") from None
    schemes = ("https",) if https_only else ("http", "https")
    if parts.scheme not in schemes:
        raise InputError(where, f"must be an absolute {' or '.join(schemes)} URL")
    if not host:
        raise InputError(where, "must name a host")
    return value


def bearer_matches(header: str | None, expected: str) -> bool:
    """`Authorization: Bearer <expected>`, with the scheme matched case-insensitively (RFC 7235
    §2.1: "It uses a case-insensitive token") and the token compared in constant time."""
    import hmac

    scheme, _, token = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode("utf-8", "surrogateescape"),
                               expected.encode("utf-8", "surrogateescape"))
