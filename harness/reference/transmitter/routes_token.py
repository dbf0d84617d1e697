"""OAuth 2.0 token endpoint: client credentials grant (RFC 6749 §4.4), client authentication by
HTTP Basic or client_secret_post, scopes ssf.read / ssf.manage. Errors per RFC 6749 §5.2.
"""
from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl, unquote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse

from harness.reference.transmitter.auth import SCOPE_POLL
from harness.reference.transmitter.httputil import ApiError, read_body
from harness.ssf.constants import SCOPE_MANAGE, SCOPE_READ

_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}
KNOWN_SCOPES = (SCOPE_READ, SCOPE_MANAGE, SCOPE_POLL)


def _oauth_error(status: int, error: str, description: str, basic: bool = False) -> ApiError:
    headers = dict(_HEADERS)
    if basic:
        headers["WWW-Authenticate"] = 'Basic realm="ssf"'
    return ApiError(status, error, description, headers=headers)


def _form(raw: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
    except (UnicodeDecodeError, ValueError):
        raise _oauth_error(400, "invalid_request", "the body is not a valid form") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:  # RFC 6749 §3.2: parameters must not repeat
            raise _oauth_error(400, "invalid_request", f"parameter '{name}' is repeated")
        form[name] = value
    return form


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise _oauth_error(401, "invalid_client", "unsupported client authentication scheme",
                           basic=True)
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # ValueError: non-ASCII text, bad UTF-8
        raise _oauth_error(401, "invalid_client", "malformed Basic credentials", basic=True) \
            from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise _oauth_error(401, "invalid_client", "malformed Basic credentials", basic=True)
    return unquote_plus(client_id), unquote_plus(secret)  # RFC 6749 §2.3.1 form-encoding


async def token_endpoint(request: Request) -> JSONResponse:
    tx = request.app.state.tx
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        raise _oauth_error(400, "invalid_request",
                           "Content-Type must be application/x-www-form-urlencoded")
    form = _form(await read_body(request, tx.config.max_body_bytes))
    basic = _basic_credentials(request.headers.get("authorization"))
    if basic and ("client_secret" in form or "client_id" in form and form["client_id"] != basic[0]):
        raise _oauth_error(400, "invalid_request", "use exactly one client authentication method")
    client_id, secret = basic or (form.get("client_id"), form.get("client_secret"))
    if not client_id or secret is None:
        raise _oauth_error(401, "invalid_client", "client authentication is required", basic=True)
    client = tx.tokens.client(client_id)
    if client is None or not tx.tokens.secret_matches(client, secret):
        raise _oauth_error(401, "invalid_client", "client authentication failed", basic=bool(basic))
    grant = form.get("grant_type")
    if not grant:
        raise _oauth_error(400, "invalid_request", "grant_type is required")
    if grant != "client_credentials":
        raise _oauth_error(400, "unsupported_grant_type", "only client_credentials is supported")
    requested = form.get("scope", "").split()
    allowed = set(client.scopes)
    published = tx.config.protected_resource_scopes or ()
    if SCOPE_MANAGE in allowed:   # RFC 9728 scopes_supported: granted like ssf.manage
        allowed |= set(published)
    if not requested:
        granted = frozenset(client.scopes)
    elif set(requested) - allowed or set(requested) - set(KNOWN_SCOPES) - set(published):
        raise _oauth_error(400, "invalid_scope", "a requested scope is unknown or not allowed")
    else:
        granted = frozenset(requested)
    token, lifetime = tx.tokens.issue(client, granted)
    if tx.config.fault("token-long-lived"):
        lifetime = 86400  # what the answer claims; the token itself lives as configured
    body = {"access_token": token, "token_type": "Bearer", "expires_in": lifetime,
            "scope": " ".join(sorted(granted))}
    return JSONResponse(body, headers=_HEADERS)
