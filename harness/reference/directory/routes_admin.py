"""Admin endpoints for tests and the sandbox (guarded by `admin_token` when configured).

* POST /admin/organisations/{OrganisationId}/status  {"Status": "Active|Pending|Withdrawn"}
* POST /admin/organisations/{OrganisationId}/softwarestatements/{SoftwareStatementId}/status
  {"Status": "Active|Inactive|Suspended"}
* GET  /admin/organisations/{OrganisationId}/softwarestatements/{SoftwareStatementId}: the
  stored statement, with its Status and Locked flag
* PUT  /admin/organisations/{OrganisationId}[/softwarestatements/{SoftwareStatementId}]/jwks:
  publish the public keys served at that owner's keystore URL (the SSA's org_jwks_uri /
  software_jwks_uri), e.g. the key a receiver signs its client assertions with
* POST /admin/organisations/{OrganisationId}/softwarestatements/{SoftwareStatementId}/mint:
  an SSA whatever the statuses (application/jwt), for relying-party tests of refusals; an
  optional body `{"expires_in": <seconds>}` sets exp = iat + that (negative: already expired)
* POST /admin/rotate-keys: a new directory signing key; the old one stays published for the
  grace period
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from harness.reference.directory.access import require_admin
from harness.reference.directory.config import ORGANISATION_STATUSES, SOFTWARE_STATUSES
from harness.reference.directory.httputil import (
    NO_STORE, DirectoryError, bad_request, json_response, read_json,
)
from harness.reference.directory.routes import JWT_MEDIA_TYPE, directory
from harness.reference.directory.service import Directory
from harness.reference.directory.statements import statement_body

_PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "k", "oth"}


def _admin(request: Request) -> Directory:
    d = directory(request)
    require_admin(request, d.config)
    return d


async def _status(request: Request, allowed: tuple[str, ...]) -> str:
    d = directory(request)
    body = await read_json(request, d.config.max_body_bytes, d.config.max_json_depth)
    status = body.get("Status") if isinstance(body, dict) else None
    if status not in allowed:
        raise bad_request(f"Status: must be one of {', '.join(allowed)}")
    return status


async def set_organisation_status(request: Request) -> Response:
    d = _admin(request)
    organisation_id = request.path_params["OrganisationId"]
    status = await _status(request, ORGANISATION_STATUSES)
    if not d.store.set_organisation_status(organisation_id, status):
        raise DirectoryError(404, ["OrganisationId: no such organisation"])
    return json_response({"OrganisationId": organisation_id, "Status": status})


async def set_statement_status(request: Request) -> Response:
    d = _admin(request)
    organisation_id = request.path_params["OrganisationId"]
    software_statement_id = request.path_params["SoftwareStatementId"]
    status = await _status(request, SOFTWARE_STATUSES)
    if not d.store.set_statement_status(organisation_id, software_statement_id, status):
        raise DirectoryError(404, ["SoftwareStatementId: no such software statement"])
    return json_response({"SoftwareStatementId": software_statement_id, "Status": status})


async def read_statement(request: Request) -> Response:
    d = _admin(request)
    record = d.statement(request.path_params["OrganisationId"],
                         request.path_params["SoftwareStatementId"])
    body = statement_body(record, [])
    body.pop("OperationWarnings")
    return json_response(body)


async def publish_jwks(request: Request) -> Response:
    d = _admin(request)
    organisation_id = request.path_params["OrganisationId"]
    software_statement_id = request.path_params.get("SoftwareStatementId")
    if software_statement_id is None:
        if d.store.organisation(organisation_id) is None:
            raise DirectoryError(404, ["OrganisationId: no such organisation"])
        owner = organisation_id
    else:
        d.statement(organisation_id, software_statement_id)
        owner = f"{organisation_id}/{software_statement_id}"
    jwks = await read_json(request, d.config.max_body_bytes, d.config.max_json_depth)
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list) or not all(isinstance(k, dict) and isinstance(k.get("kty"), str)
                                             for k in keys):
        raise bad_request("keys: must be an array of JWK objects, each with kty")
    if any(_PRIVATE_MEMBERS & k.keys() for k in keys):
        raise bad_request("keys: only public keys may be published")
    d.store.publish_jwks(owner, {"keys": keys})
    return Response(status_code=204, headers=NO_STORE)


_MAX_EXPIRES_IN = 366 * 86400


async def mint_assertion(request: Request) -> Response:
    d = _admin(request)
    lifetime = None
    if request.headers.get("content-type") or request.headers.get("content-length", "0") != "0":
        body = await read_json(request, d.config.max_body_bytes, d.config.max_json_depth)
        lifetime = body.get("expires_in") if isinstance(body, dict) else None
        if isinstance(lifetime, bool) or not isinstance(lifetime, int) \
                or abs(lifetime) > _MAX_EXPIRES_IN:
            raise bad_request(f"expires_in: must be an integer of at most {_MAX_EXPIRES_IN}"
                              " seconds either way")
    token = d.assertion(request.path_params["OrganisationId"],
                        request.path_params["SoftwareStatementId"], check_status=False,
                        lifetime=lifetime)
    return Response(token, media_type=JWT_MEDIA_TYPE, headers=NO_STORE)


async def rotate_keys(request: Request) -> Response:
    d = _admin(request)
    new = d.keys.rotate()
    return json_response({"kid": new.kid})
