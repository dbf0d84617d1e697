"""The documented calls (create a software statement, get its assertion) and the public keys.

Order of the gates on both documented calls: rate limit (429), credentials (401), headers and
path parameters (400), organisation access (403), then the body (415/413/400) and the state
(403/404). A caller without credentials learns nothing about the organisation or the body.
"""
from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import Response

from harness.reference.directory.httputil import (
    NO_STORE, DirectoryError, json_response, read_json,
)
from harness.reference.directory.service import Directory
from harness.reference.directory.statements import statement_body
from harness.reference.directory.validation import (
    ASSERTION_PATH, CREATE_PATH, CREATE_REQUEST, check_headers, refuse_if_invalid,
)

JWT_MEDIA_TYPE = "application/jwt"
# A 1x1 transparent PNG: what a logo the directory could not take is replaced by.
PLACEHOLDER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def directory(request: Request) -> Directory:
    return request.app.state.directory


def _gate(request: Request, path_schema: str) -> str:
    """Rate limit, credentials, headers, path parameters and organisation access, in order."""
    d = directory(request)
    d.access.throttle(request)
    allowed = d.access.caller(request)
    check_headers(request, d.config)
    refuse_if_invalid(path_schema, dict(request.path_params), d.config)
    organisation_id = request.path_params["OrganisationId"]
    d.access.require_organisation(allowed, organisation_id)
    return organisation_id


async def create_software_statement(request: Request) -> Response:
    d = directory(request)
    organisation_id = _gate(request, CREATE_PATH)
    body = await read_json(request, d.config.max_body_bytes, d.config.max_json_depth)
    refuse_if_invalid(CREATE_REQUEST, body, d.config)
    record, warnings, secret = d.create(organisation_id, body)
    if d.config.fault("create-no-operation-warnings"):
        warnings = None
    status = 200 if d.config.fault("statement-create-returns-200") else 201
    created = statement_body(record, warnings, secret)
    if d.config.fault("create-body-wrong-types"):
        created.update(Locked=str(created["Locked"]).lower(),
                       RtsClientCreated=str(created["RtsClientCreated"]).lower())
    return json_response(created, status)


async def get_assertion(request: Request) -> Response:
    """The SSA as `application/jwt`. The page also documents an application/json schema: that
    is the description of the JWT's payload, not a second, unsigned form of it."""
    d = directory(request)
    organisation_id = _gate(request, ASSERTION_PATH)
    token = d.assertion(organisation_id, request.path_params["SoftwareStatementId"])
    media_type = "text/plain" if d.config.fault("ssa-wrong-media-type") else JWT_MEDIA_TYPE
    return Response(token, media_type=media_type, headers=NO_STORE)


async def directory_jwks(request: Request) -> Response:
    """The keys SSAs are signed with (the relying party's trust anchor for this directory)."""
    return json_response(directory(request).keys.jwks())


# The keystore holds "all active signing and network certs" of an organisation / a software
# (the assertion page): a key set is served only while its owner is Active, and 404 otherwise.
# That is also how a relying party asks the directory whether software is still Active: the SSA
# has no software status claim (see harness/reference/transmitter/registration.py).

async def organisation_jwks(request: Request) -> Response:
    d = directory(request)
    organisation_id = request.path_params["OrganisationId"]
    org = d.store.organisation(organisation_id)
    if org is None or org.status != "Active":
        raise DirectoryError(404, ["OrganisationId: no active organisation with this id"])
    return json_response(d.store.published_jwks(organisation_id))


async def software_jwks(request: Request) -> Response:
    d = directory(request)
    organisation_id = request.path_params["OrganisationId"]
    software_statement_id = request.path_params["SoftwareStatementId"]
    record = d.statement(organisation_id, software_statement_id)  # 404 when unknown
    org = d.store.organisation(organisation_id)
    if record.status != "Active" or org is None or org.status != "Active":
        raise DirectoryError(404, ["SoftwareStatementId: no active software with this id"])
    return json_response(d.store.published_jwks(f"{organisation_id}/{software_statement_id}"))


async def placeholder_logo(request: Request) -> Response:
    return Response(PLACEHOLDER_PNG, media_type="image/png")
