"""The transmitter's JWKS, cached for `jwks_cache_seconds`.

A SET naming a kid the cached set lacks triggers one refetch (the transmitter may have rotated
its key), after which the kid is either found or the SET is refused with invalid_key.
"""
from __future__ import annotations

import threading
import time
from typing import Callable


class JwksCache:
    def __init__(self, fetch: Callable[[], dict], ttl_seconds: float):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._jwks: dict | None = None
        self._fetched_at = 0.0
        self.fetches = 0

    def current(self) -> dict:
        with self._lock:
            if self._jwks is not None and time.monotonic() - self._fetched_at < self._ttl:
                return self._jwks
        return self.refresh()

    def refresh(self) -> dict:
        jwks = self._fetch()
        with self._lock:
            self._jwks, self._fetched_at = jwks, time.monotonic()
            self.fetches += 1
        return jwks


def has_kid(jwks: dict, kid: str | None) -> bool:
    keys = jwks.get("keys") or []
    if kid is None:
        return bool(keys)
    return any(isinstance(k, dict) and k.get("kid") == kid for k in keys)
