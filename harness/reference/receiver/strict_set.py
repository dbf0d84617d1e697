"""Decoding a compact SET strictly: base64url segments holding strict JSON objects
(harness.hardening.strict_json). What `harness.jose.decode_set` would also read (a lone surrogate
in `sub_id`, NaN, a 5,000-deep nesting, duplicate claims) is refused here as not well-formed, so
none of it reaches validation, the event log or a later read. RFC 7519 §4 lets a parser reject
duplicate claim names; RFC 8259 has no NaN; RFC 7493 (I-JSON) asks for Unicode text.
"""
from __future__ import annotations

import base64
import binascii
import re

from harness.hardening import StrictJSONError, loads
from harness.jose import DecodedSET, SETDecodeError

_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def _segment(text: str, what: str) -> dict:
    if not _B64URL.fullmatch(text):
        raise SETDecodeError(f"{what} is not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise SETDecodeError(f"{what} is not base64url") from None
    try:
        value = loads(raw)
    except StrictJSONError as exc:
        where = f"{what}.{exc.where}" if exc.where else what
        raise SETDecodeError(f"{what} is not strict JSON: {where}: {exc.reason}") from None
    if not isinstance(value, dict):
        raise SETDecodeError(f"{what} is not a JSON object")
    return value


def decode_strict(token: str) -> DecodedSET:
    token = token.strip()
    if not token.isascii():
        raise SETDecodeError("token is not ASCII")
    parts = token.split(".")
    if len(parts) != 3:
        raise SETDecodeError(f"compact JWS has 3 dot-separated parts, got {len(parts)}")
    return DecodedSET(token=token, header=_segment(parts[0], "JOSE header"),
                      claims=_segment(parts[1], "claims"))
