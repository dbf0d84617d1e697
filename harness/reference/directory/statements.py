"""A software statement from a validated create request: defaults, generated members, logo
handling with OperationWarnings, and the 201 body."""
from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from datetime import datetime, timezone

from harness.reference.directory.store import StatementRecord
from harness.reference.directory.validation import CREATE_REQUEST
from harness.schemas import default_store

# The seed's documented defaults.
DEFAULTS = {
    "Mode": "Live",
    "IdTokenSignedResponseAlgorithm": "PS256",
    "TokenEndpointAuthMethod": "private_key_jwt",
    "RequireSignedRequestObject": True,
    "TlsClientCertificateBoundAccessTokens": True,
    "OpenidFederationEnabled": False,
}
_LISTS = ("RedirectUri", "PostLogoutRedirectUris", "ApiWebhookUri", "OriginUri")
PLACEHOLDER_LOGO_PATH = "/images/placeholder-logo.png"
_SSA_LOGO_MAX = 256  # the assertion page's limit on the logo link
_IMAGE_TYPES = {"image/png", "image/jpeg", "image/jpg", "image/svg+xml"}


def _request_members() -> tuple[str, ...]:
    """The members the create request documents (its schema's properties), Roles apart."""
    properties = default_store().document(CREATE_REQUEST)["properties"]
    return tuple(name for name in properties if name != "Roles")


def logo(value: str | None, placeholder: str) -> tuple[str | None, list[str]]:
    """(the logo link the directory keeps, OperationWarnings). The reference directory hosts no
    images: a data: logo, or a link too long for an SSA, is replaced by its placeholder, with the
    warning that says why."""
    if value is None:
        return None, []
    if value.startswith(("http://", "https://")):
        if len(value) <= _SSA_LOGO_MAX:
            return value, []
        return placeholder, ["IMAGE_UPLOAD_FAILURE_PLACEHOLDER_USED"]
    header, _, data = value[value.find("data:") + len("data:"):].partition(",")
    if header.split(";")[0].lower() not in _IMAGE_TYPES:
        return placeholder, ["IMAGE_VALIDATION_FAILURE_UNSUPPORTED_IMAGE_FORMAT_PLACEHOLDER_USED"]
    try:
        image = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return placeholder, ["IMAGE_VALIDATION_FAILURE_BAD_DATA_ENCODING_PLACEHOLDER_USED"]
    if header.lower().startswith("image/svg+xml") and b"<script" in image.lower():
        return placeholder, ["IMAGE_VALIDATION_FAILURE_SVG_VALIDATION_PLACEHOLDER_USED"]
    return placeholder, ["IMAGE_UPLOAD_FAILURE_PLACEHOLDER_USED"]


def new_statement(organisation_id: str, body: dict, now: float,
                  placeholder: str) -> tuple[StatementRecord, list[str], str | None]:
    """(record, OperationWarnings, client secret or None) for a body the schema accepted."""
    statement = {**DEFAULTS, **{m: body[m] for m in _request_members() if m in body}}
    for name in _LISTS:
        statement.setdefault(name, [])
    kept_logo, warnings = logo(statement.pop("LogoUri", None), placeholder)
    if kept_logo is not None:
        statement["LogoUri"] = kept_logo
    software_statement_id = str(uuid.uuid4())
    statement.update({
        "ClientId": secrets.token_urlsafe(16),
        "OrganisationId": organisation_id,
        "SoftwareStatementId": software_statement_id,
        "RtsClientCreated": False,
        "UpdateFailed": False,
        "CreatedAt": datetime.fromtimestamp(now, timezone.utc).isoformat(
            timespec="milliseconds").replace("+00:00", "Z"),
    })
    if "NotificationWebhook" in statement:
        statement["NotificationWebhookStatus"] = "Pending"
    roles = [{"Status": r.get("Status", "Active"), "AuthorisationDomain": r["AuthorisationDomain"],
              "Role": r["Role"]} for r in body.get("Roles", [])]
    # 'The client secret, only returned when a client is created/updated to have
    # client_secret_basic auth type': shown once in the 201, never stored.
    secret = (secrets.token_urlsafe(32)
              if statement["TokenEndpointAuthMethod"] == "client_secret_basic" else None)
    record = StatementRecord(software_statement_id, organisation_id, "Active", statement, roles,
                             False, now)
    return record, warnings, secret


def statement_body(record: StatementRecord, warnings: list[str] | None,
                   secret: str | None = None) -> dict:
    body = {"OperationWarnings": list(warnings or []), "SoftwareStatementCertifications": [],
            "Status": record.status, **record.statement, "Locked": record.locked, "Flags": []}
    if warnings is None:
        del body["OperationWarnings"]
    if secret is not None:
        body["ClientSecret"] = secret
    return body
