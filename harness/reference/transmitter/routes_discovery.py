"""Discovery (SSF §7), the JWKS, key rotation, and RFC 8414 metadata for the token endpoint."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.auth import require_admin
from harness.reference.transmitter.config import TransmitterConfig
from harness.reference.transmitter.httputil import json_response
from harness.reference.transmitter.routes_token import KNOWN_SCOPES
from harness.ssf.constants import SPEC_VERSION


def metadata(config: TransmitterConfig) -> dict:
    data = {
        "spec_version": SPEC_VERSION,
        "issuer": config.issuer,
        "jwks_uri": config.url("/jwks"),
        "delivery_methods_supported": list(config.delivery_methods),
        "configuration_endpoint": config.url("/stream"),
        "status_endpoint": config.url("/status"),
        "add_subject_endpoint": config.url("/subjects/add"),
        "remove_subject_endpoint": config.url("/subjects/remove"),
        "verification_endpoint": config.url("/verify"),
        "authorization_schemes": [{"spec_urn": "urn:ietf:rfc:6749"},
                                  {"spec_urn": "urn:ietf:rfc:6750"}],
        "default_subjects": config.default_subjects,
    }
    if config.fault("metadata-no-spec-version"):
        del data["spec_version"]
    if config.fault("metadata-no-jwks-uri"):
        del data["jwks_uri"]
    if config.fault("metadata-issuer-mismatch"):
        data["issuer"] = config.public_base_url + "/other-issuer"
    return data


async def ssf_configuration(request: Request) -> Response:
    """Public on purpose (SSF §7.1: authorization_schemes readable without authentication)."""
    return JSONResponse(metadata(transmitter(request).config))


async def oauth_metadata(request: Request) -> Response:
    config = transmitter(request).config
    return JSONResponse({
        "issuer": config.issuer,
        "token_endpoint": config.url("/token"),
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": list(KNOWN_SCOPES),
    })


async def jwks(request: Request) -> Response:
    return JSONResponse(transmitter(request).keys.jwks(),
                        media_type="application/json", headers={"Cache-Control": "no-cache"})


async def rotate_keys(request: Request) -> Response:
    """Admin: new signing key now; the old one stays published for key_grace_seconds."""
    tx = transmitter(request)
    require_admin(request, tx.config)
    new = tx.keys.rotate()
    return json_response({"kid": new.kid, "published": [k["kid"] for k in tx.keys.jwks()["keys"]]})
