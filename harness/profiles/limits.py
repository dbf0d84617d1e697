"""Sizes the suite accepts from an implementation (the profile's `limits:` section)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Largest response body the suite reads; past it the exchange fails "body exceeds N bytes".
    max_response_bytes: int = 4 << 20
    # Largest request body the suite's push endpoint accepts; a larger one is answered 413 unread.
    max_push_bytes: int = 1 << 20
