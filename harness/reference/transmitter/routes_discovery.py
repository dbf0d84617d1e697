"""Discovery (SSF §7), the JWKS, key rotation, and RFC 8414 metadata for the token endpoint."""
from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.auth import require_admin
from harness.reference.transmitter.config import TransmitterConfig
from harness.reference.transmitter.httputil import json_response
from harness.reference.transmitter.routes_token import KNOWN_SCOPES
from harness.ssf import legacy_sse
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
    if config.critical_subject_members:
        data["critical_subject_members"] = list(config.critical_subject_members)
    if config.varies("extra-members"):  # SSF §7.2.3: "Other Claims MAY also be returned."
        data["x_reference_extension"] = {"region": "eu"}
    if config.varies("metadata-minimal"):  # both OPTIONAL (SSF §7.1)
        del data["authorization_schemes"], data["default_subjects"]
    return _with_faults(config, data)


def _with_faults(config: TransmitterConfig, data: dict) -> dict:
    """Metadata defects, one per fault switch."""
    fault = config.fault
    for name, member in (("metadata-no-spec-version", "spec_version"),
                         ("metadata-no-jwks-uri", "jwks_uri"),
                         ("metadata-no-delivery-methods", "delivery_methods_supported"),
                         ("metadata-no-status-endpoint", "status_endpoint")):
        if fault(name):
            del data[member]
    if fault("metadata-issuer-mismatch"):
        data["issuer"] = config.public_base_url + "/other-issuer"
    if fault("metadata-issuer-query"):
        data["issuer"] = config.issuer + "?tenant=default"
    if fault("metadata-http-endpoint"):
        data["remove_subject_endpoint"] = "http://" + data["remove_subject_endpoint"].split(
            "://", 1)[1]
    if fault("metadata-bad-authorization-scheme"):
        data["authorization_schemes"] = [{"spec_urn": "urn:ietf:rfc:6749"}, "urn:ietf:rfc:6750"]
    if fault("metadata-no-oauth-scheme"):
        data["authorization_schemes"] = [{"spec_urn": "urn:ietf:rfc:6750"}]
    if fault("metadata-bad-default-subjects"):
        data["default_subjects"] = config.default_subjects.lower()
    if fault("metadata-empty-array"):
        data["critical_subject_members"] = []
    return data


async def ssf_configuration(request: Request) -> Response:
    """Public on purpose (SSF §7.1: authorization_schemes readable without authentication)."""
    config = transmitter(request).config
    if config.fault("metadata-html-page"):
        return HTMLResponse("<!doctype html><html><body><h1>Shared Signals</h1></body></html>")
    if config.fault("metadata-wrong-content-type"):
        return Response(json.dumps(metadata(config)), media_type="text/plain")
    return JSONResponse(metadata(config))


async def sse_configuration(request: Request) -> Response:
    """The legacy SSE draft's discovery document, served only when this transmitter speaks the
    draft to its receivers (set_shape "sse-draft": the suite's persona for ABM-style
    receivers, which read their keys from here)."""
    config = transmitter(request).config
    if config.set_shape != "sse-draft":
        return JSONResponse({"error": "not_found", "error_description": "this transmitter "
                             "speaks SSF 1.0: see /.well-known/ssf-configuration"},
                            status_code=404)
    return JSONResponse(legacy_sse.legacy_metadata(metadata(config)))


async def oauth_metadata(request: Request) -> Response:
    config = transmitter(request).config
    data = {
        "issuer": config.issuer,
        "token_endpoint": config.url("/token"),
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": list(KNOWN_SCOPES),
    }
    if config.registration_enabled:  # RFC 8414 §2; registration by software statement only
        data["registration_endpoint"] = config.url("/register")
    return JSONResponse(data)


async def protected_resource_metadata(request: Request) -> Response:
    """RFC 9728 §3: the issuer (the SSF API's base) is the resource; 404 unless configured."""
    config = transmitter(request).config
    if config.protected_resource_scopes is None:
        return JSONResponse({"error": "not_found", "error_description": "no protected resource "
                             "metadata here"}, status_code=404)
    return JSONResponse({"resource": config.issuer, "authorization_servers": [config.issuer],
                         "scopes_supported": list(config.protected_resource_scopes),
                         "bearer_methods_supported": ["header"]})


async def jwks(request: Request) -> Response:
    tx = transmitter(request)
    keys = {"keys": []} if tx.config.fault("jwks-empty") else tx.keys.jwks()
    return JSONResponse(keys,
                        media_type="application/json", headers={"Cache-Control": "no-cache"})


async def rotate_keys(request: Request) -> Response:
    """Admin: new signing key now; the old one stays published for key_grace_seconds."""
    tx = transmitter(request)
    require_admin(request, tx.config)
    new = tx.keys.rotate()
    return json_response({"kid": new.kid, "published": [k["kid"] for k in tx.keys.jwks()["keys"]]})
