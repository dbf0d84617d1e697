"""Bearer authentication (RFC 6750) with the CAEP interop scopes, and the admin token.

Tokens are kept only as SHA-256 digests; error messages never contain a token or secret.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from starlette.requests import Request

from harness.reference.transmitter.config import ReceiverClient, TransmitterConfig
from harness.reference.transmitter.httputil import ApiError
from harness.reference.transmitter.registered_clients import RegisteredClients
from harness.ssf.constants import SCOPE_MANAGE, SCOPE_READ

SCOPE_POLL = "ssf.manage.poll"  # optional finer scope for the poll endpoint (INTEROP §2.7.2)
READ, MANAGE, POLL = "read", "manage", "poll"
_REALM = 'Bearer realm="ssf"'


@dataclass(frozen=True)
class Principal:
    client_id: str
    scopes: frozenset[str]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    def __init__(self, config: TransmitterConfig):
        self.config = config
        self._clients = {c.client_id: c for c in config.clients}
        self._static = {_digest(t): Principal(c.client_id, frozenset(c.scopes))
                        for c in config.clients for t in c.tokens}
        self._issued: dict[str, tuple[Principal, float]] = {}  # in memory only
        self.registered = RegisteredClients()  # RFC 7591 clients, loaded from the db at start

    def client(self, client_id: str) -> ReceiverClient | None:
        found = self._clients.get(client_id)
        if found is None and (registered := self.registered.get(client_id)) is not None:
            return registered.as_receiver_client()
        return found

    def forget_client(self, client_id: str) -> None:
        """A deleted registration (RFC 7592 §2.3): its access tokens stop working too."""
        self.registered.delete(client_id)
        self._issued = {d: e for d, e in self._issued.items() if e[0].client_id != client_id}

    def first_client(self) -> Principal | None:
        c = self.config.clients[0] if self.config.clients else None
        return None if c is None else Principal(c.client_id, frozenset(c.scopes))

    def secret_matches(self, client: ReceiverClient, secret: str) -> bool:
        registered = self.registered.get(client.client_id)
        if registered is not None and client.client_id not in self._clients:
            return registered.secret_matches(secret)
        return client.client_secret is not None and hmac.compare_digest(
            client.client_secret.encode(), secret.encode())

    def issue(self, client: ReceiverClient, scopes: frozenset[str]) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        lifetime = self.config.access_token_lifetime
        self._issued[_digest(token)] = (Principal(client.client_id, scopes), time.time() + lifetime)
        return token, lifetime

    def lookup(self, token: str) -> Principal | None:
        digest = _digest(token)
        if digest in self._static and not self.config.varies("oauth-only"):
            return self._static[digest]  # variation oauth-only: issued tokens only
        entry = self._issued.get(digest)
        if entry is None:
            return None
        principal, expires_at = entry
        if time.time() >= expires_at:
            del self._issued[digest]
            return None
        return principal


def _challenge(error: str | None = None, description: str | None = None,
               scope: str | None = None) -> dict[str, str]:
    value = _REALM
    if error:
        value += f', error="{error}"'
    if description:
        value += f', error_description="{description}"'
    if scope:
        value += f', scope="{scope}"'
    return {"WWW-Authenticate": value}


def _unauthorized(config: TransmitterConfig, description: str,
                  error: str | None = "invalid_token") -> ApiError:
    headers = ({} if config.fault("no-www-authenticate")
               else _challenge(error, description if error else None))
    return ApiError(401, error or "invalid_token", description, headers=headers)


def _allowed(scopes: frozenset[str], need: str, config: TransmitterConfig) -> bool:
    if SCOPE_MANAGE in scopes or scopes & set(config.protected_resource_scopes or ()):
        return True
    if need == READ:
        return SCOPE_READ in scopes and not config.fault("read-only-scope-cannot-read")
    if need == POLL and SCOPE_POLL in scopes:
        return True
    return config.fault("read-only-scope-can-write") and SCOPE_READ in scopes


def authenticate(request: Request, tokens: TokenStore, need: str) -> Principal:
    """The receiver behind this request, or an ApiError (401/400/403) with WWW-Authenticate."""
    config = tokens.config
    header = request.headers.get("authorization")
    query_token = request.query_params.get("access_token")
    principal = None
    if header is None:
        if query_token and config.fault("token-in-query-accepted"):
            principal = tokens.lookup(query_token)
        elif config.fault("no-token-required"):
            principal = tokens.first_client()
        if principal is None:
            # RFC 6750 §2.3 tokens in the URI are refused (INTEROP-OAUTH-06): treat as absent.
            text = ("access tokens are accepted only in the Authorization header" if query_token
                    else "a bearer token is required")
            raise _unauthorized(config, text, error=None)
    else:
        if query_token:
            raise ApiError(400, "invalid_request", "send the access token in one place only",
                           headers=_challenge("invalid_request"))
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized(config, "the Authorization header must use the Bearer scheme")
        principal = tokens.lookup(token.strip())
        if principal is None:
            raise _unauthorized(config, "the access token is invalid or expired",
                                error=None if config.fault("invalid-token-no-error") else
                                "invalid_token")
    if not _allowed(principal.scopes, need, config):
        scope = SCOPE_READ if need == READ else SCOPE_MANAGE
        raise ApiError(403, "insufficient_scope", f"this operation needs the '{scope}' scope",
                       headers=_challenge("insufficient_scope", scope=scope))
    return principal


def require_admin(request: Request, config: TransmitterConfig) -> None:
    """Admin and trigger endpoints: open unless `admin_token` is configured."""
    if config.admin_token is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                             config.admin_token.encode()):
        raise ApiError(401, "invalid_token", "the admin token is missing or wrong",
                       headers={"WWW-Authenticate": 'Bearer realm="ssf-admin"'})
