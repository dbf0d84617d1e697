"""Who may call: bearer tokens per organisation (401/403), a rate limit (429), the admin token.

Tokens are kept only as SHA-256 digests; no message ever contains a token. The seed pages
document 401 (no or bad credentials), 403 (credentials not allowed for this organisation) and
429 ('Too many requests, maximum capacity reached'); the limit here is a fixed window per
credential (token digest, else client address), with Retry-After saying when it reopens.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import threading

from starlette.requests import Request

from harness.reference.directory.config import DirectoryConfig
from harness.reference.directory.httputil import DirectoryError, forbidden

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="directory"'}
_MAX_TRACKED = 10_000  # rate-limit windows kept in memory before stale ones are dropped


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DirectoryError(401, ["Authorization: must use the Bearer scheme"], _CHALLENGE)
    return token.strip()


class Access:
    def __init__(self, config: DirectoryConfig):
        self.config = config
        self._orgs_by_token: dict[str, set[str]] = {}
        self._limit_by_header: dict[str, int] = {}  # digest of "Bearer <token>" -> its limit
        for org in config.organisations:
            for token in org.tokens:
                self._orgs_by_token.setdefault(_digest(token), set()).add(org.organisation_id)
                if org.rate_limit is not None:
                    self._limit_by_header[_digest(f"Bearer {token}")] = org.rate_limit
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def caller(self, request: Request) -> frozenset[str]:
        """The organisations the request's bearer token may act for (401 without a good one)."""
        token = _bearer(request)
        if token is None:
            if self.config.fault("auth-not-required"):
                return frozenset(o.organisation_id for o in self.config.organisations)
            raise DirectoryError(401, ["Authorization: a bearer token is required"], _CHALLENGE)
        allowed = self._orgs_by_token.get(_digest(token))
        if allowed is None:
            raise DirectoryError(401, ["Authorization: the bearer token is not valid"],
                                 _CHALLENGE)
        return frozenset(allowed)

    def require_organisation(self, allowed: frozenset[str], organisation_id: str) -> None:
        # An unknown organisation looks like one the token may not act for: no existence probe.
        if organisation_id not in allowed and not self.config.fault("cross-organisation-allowed"):
            raise forbidden("OrganisationId: this token may not act for this organisation")

    def throttle(self, request: Request) -> None:
        config = self.config
        header = request.headers.get("authorization")
        key = _digest(header.strip()) if header else "address:" + (
            request.client.host if request.client else "?")
        limit = self._limit_by_header.get(key, config.rate_limit_requests)
        if limit <= 0 or config.fault("rate-limit-ignored"):
            return
        now, window = config.clock(), config.rate_limit_window_seconds
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= window:
                start, count = now, 0
            if count >= limit:
                retry = max(1, math.ceil(start + window - now))
                raise DirectoryError(429, ["too many requests: maximum capacity reached"],
                                     {"Retry-After": str(retry)})
            self._windows[key] = (start, count + 1)
            if len(self._windows) > _MAX_TRACKED:
                self._windows = {k: v for k, v in self._windows.items() if now - v[0] < window}


def require_admin(request: Request, config: DirectoryConfig) -> None:
    """Admin endpoints: open unless `admin_token` is configured (like the transmitter's)."""
    if config.admin_token is None:
        return
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                             config.admin_token.encode()):
        raise DirectoryError(401, ["Authorization: the admin token is missing or wrong"],
                             {"WWW-Authenticate": 'Bearer realm="directory-admin"'})
