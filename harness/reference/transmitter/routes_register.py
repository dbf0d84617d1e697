"""RFC 7591 dynamic client registration by software statement, and the RFC 7592 client
configuration endpoint (read and delete) of the clients it creates.

POST {issuer}/register with `{"software_statement": "<SSA>", ...}` (application/json). What is
approved is decided in registration.py; the 201 client information response (RFC 7591 §3.2.1)
carries client_id, client_secret (client_secret_basic or _post at the token endpoint),
client_secret_expires_at 0 (never), the scopes the directory roles map to, and the metadata the
SSA conveys, which takes precedence over the same members in the body (§3.1.1).
Refusals are 400 `{"error", "error_description"}` (§3.2.2).
"""
from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.httputil import (
    ApiError, is_json_media_type, parse_json, read_body,
)
from harness.reference.transmitter.registration import (
    INVALID, ApprovedStatement, SoftwareStatementRefused, approve,
)
from harness.ssf.constants import SCOPE_READ

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# client metadata (RFC 7591 §2) <- SSA claim conveying it
_FROM_STATEMENT = {"software_id": "software_id", "software_version": "software_version",
                   "client_name": "software_client_name", "client_uri": "software_client_uri",
                   "logo_uri": "software_logo_uri", "tos_uri": "software_tos_uri",
                   "policy_uri": "software_policy_uri"}
_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def _refusal(tx, error: str, description: str) -> Response:
    if tx.config.fault("registration-error-not-json"):
        return Response("registration refused", status_code=400, media_type="text/plain")
    if tx.config.fault("registration-wrong-error-code"):
        error = "invalid_client_metadata"
    return JSONResponse({"error": error, "error_description": description}, status_code=400,
                        headers=_NO_STORE)


def _metadata(tx, body: dict, approved: ApprovedStatement) -> dict:
    """The registered metadata: the body's RFC 7591 members, then the SSA's on top."""
    method = body.get("token_endpoint_auth_method", "client_secret_basic")
    metadata = {name: body[name] for name in _FROM_STATEMENT if isinstance(body.get(name), str)}
    for name, claim in _FROM_STATEMENT.items():
        value = approved.claims.get(claim)
        if value is not None and not (tx.config.fault("registration-body-overrides-ssa")
                                      and name in metadata):
            metadata[name] = str(value) if name == "software_version" else value
    metadata.update({"grant_types": ["client_credentials"],
                     "token_endpoint_auth_method": method,
                     "scope": " ".join(approved.scopes),
                     "software_statement": approved.token})
    return metadata


def _check_metadata(body: dict) -> None:
    grants = body.get("grant_types", ["client_credentials"])
    if grants != ["client_credentials"]:
        raise _Metadata("this server issues client_credentials clients only")
    if body.get("token_endpoint_auth_method", _AUTH_METHODS[0]) not in _AUTH_METHODS:
        raise _Metadata("token_endpoint_auth_method must be client_secret_basic or"
                        " client_secret_post")


class _Metadata(Exception):
    pass


async def register(request: Request) -> Response:
    tx = transmitter(request)
    if not tx.config.registration_enabled:
        raise ApiError(404, "not_found", "this server trusts no directory: no registration")
    if not is_json_media_type(request.headers.get("content-type")):
        return _refusal(tx, "invalid_client_metadata", "the request must be application/json")
    try:
        body = parse_json(await read_body(request, tx.config.max_body_bytes))
    except ApiError:
        return _refusal(tx, "invalid_client_metadata", "the body is not valid JSON")
    if not isinstance(body, dict):
        return _refusal(tx, "invalid_client_metadata", "the body must be a JSON object")
    if "software_statement" not in body:
        return _refusal(tx, INVALID, "this server registers clients with a software statement"
                                     " only")
    try:
        _check_metadata(body)
        approved = await approve(tx.config, tx.directories, body["software_statement"])
    except _Metadata as exc:
        return _refusal(tx, "invalid_client_metadata", str(exc))
    except SoftwareStatementRefused as exc:
        return _refusal(tx, exc.error, exc.description)
    scopes = (SCOPE_READ,) if tx.config.fault("registration-scope-read-only") else approved.scopes
    approved = ApprovedStatement(approved.token, approved.claims, scopes)
    metadata = _metadata(tx, body, approved)
    # The aud of the client's streams: the software's client URI, else its client_id.
    audience = approved.claims.get("software_client_uri")
    issued = tx.tokens.registered.new(
        scopes, audience if isinstance(audience, str) and audience else None, metadata,
        stored_secret_differs=tx.config.fault("registration-credentials-unusable"))
    client = issued.client
    response = {"client_id": client.client_id, "client_secret": issued.client_secret,
                "client_id_issued_at": int(client.created_at), "client_secret_expires_at": 0,
                "registration_access_token": issued.registration_access_token,
                "registration_client_uri": tx.config.url(f"/register/{client.client_id}"),
                **metadata}
    if tx.config.fault("registration-no-secret-expiry"):
        del response["client_secret_expires_at"]
    status = 200 if tx.config.fault("registration-returns-200") else 201
    return JSONResponse(response, status_code=status, headers=_NO_STORE)


def _configured_client(request: Request):
    """RFC 7592 §2: the client behind a registration access token, else 401."""
    tx = transmitter(request)
    client = tx.tokens.registered.get(request.path_params["client_id"])
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    valid = client is not None and scheme.lower() == "bearer" and \
        client.registration_token_matches(token.strip())
    if not valid or tx.config.fault("registration-config-read-broken"):
        raise ApiError(401, "invalid_token", "the registration access token is not valid for"
                       " this client", headers={"WWW-Authenticate":
                                                'Bearer realm="ssf-registration",'
                                                ' error="invalid_token"'})
    return tx, client


async def read_client(request: Request) -> Response:
    tx, client = _configured_client(request)
    body = {**client.metadata, "client_id_issued_at": int(client.created_at),
            "client_secret_expires_at": 0,
            "registration_client_uri": tx.config.url(f"/register/{client.client_id}")}
    return Response(json.dumps(body), media_type="application/json", headers=_NO_STORE)


async def delete_client(request: Request) -> Response:
    tx, client = _configured_client(request)
    tx.tokens.forget_client(client.client_id)
    return Response(status_code=204, headers=_NO_STORE)
