"""The transmitter's JWKS, cached for `jwks_cache_seconds`.

A SET naming a kid the cached set lacks triggers one refetch (the transmitter may have rotated
its key), after which the kid is either found or the SET is refused with invalid_key.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Callable

from jwcrypto import jwk


class JwksCache:
    def __init__(self, fetch: Callable[[], dict], ttl_seconds: float):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._jwks: dict | None = None
        self._keyset: jwk.JWKSet | None = None  # _jwks parsed once (keys loaded on first use)
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
            self._jwks, self._keyset, self._fetched_at = jwks, None, time.monotonic()
            self.fetches += 1
        return jwks

    def keyset(self, jwks: dict) -> dict | jwk.JWKSet:
        """`jwks` as a parsed JWKSet, kept while it is the cached document, so verifying a SET
        does not re-import the transmitter's keys every time; a document jwcrypto cannot parse
        is handed back as it is (the verifier reports it)."""
        with self._lock:
            if jwks is self._jwks and self._keyset is not None:
                return self._keyset
        try:
            if not isinstance(jwks.get("keys"), list):
                return jwks
            keyset = jwk.JWKSet.from_json(json.dumps(jwks, allow_nan=False))
        except Exception:  # noqa: BLE001 - any failure: the verifier's own parse reports it
            return jwks
        with self._lock:
            if jwks is self._jwks:
                self._keyset = keyset
        return keyset


def has_kid(jwks: dict, kid: str | None) -> bool:
    keys = jwks.get("keys") or []
    if kid is None:
        return bool(keys)
    return any(isinstance(k, dict) and k.get("kid") == kid for k in keys)
