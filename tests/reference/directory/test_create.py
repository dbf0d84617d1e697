"""POST /organisations/{OrganisationId}/softwarestatements: 201 with the documented body."""
from __future__ import annotations

import pytest

from harness.schemas import validate
from tests.reference.directory.support import FULL_REQUEST, ORG_A, TOKEN_A


def test_full_request_gets_201_with_the_documented_body(directory):
    resp = directory.create_call(FULL_REQUEST)
    assert resp.status_code == 201, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert validate("directory/software-statement", body) == []
    assert body["OperationWarnings"] == []
    for member, value in FULL_REQUEST.items():
        if member != "Roles":
            assert body[member] == value, member
    assert body["OrganisationId"] == ORG_A and body["Status"] == "Active"
    assert body["Locked"] is False and body["NotificationWebhookStatus"] == "Pending"
    assert body["SoftwareStatementCertifications"] == [] and body["Flags"] == []
    assert "ClientSecret" not in body  # private_key_jwt: no secret
    assert body["CreatedAt"].endswith("Z") and body["ClientId"]


def test_empty_request_gets_the_documented_defaults(directory):
    body = directory.create({})
    assert validate("directory/software-statement", body) == []
    assert body["Mode"] == "Live" and body["IdTokenSignedResponseAlgorithm"] == "PS256"
    assert body["TokenEndpointAuthMethod"] == "private_key_jwt"
    assert body["RequireSignedRequestObject"] is True
    assert body["TlsClientCertificateBoundAccessTokens"] is True
    assert body["RedirectUri"] == [] and body["OperationWarnings"] == []


def test_client_secret_is_returned_once_for_client_secret_basic(directory):
    body = directory.create({"TokenEndpointAuthMethod": "client_secret_basic"})
    assert isinstance(body["ClientSecret"], str) and len(body["ClientSecret"]) >= 32
    stored = directory.admin("GET", f"/organisations/{ORG_A}/softwarestatements/"
                                    f"{body['SoftwareStatementId']}").json()
    assert "ClientSecret" not in stored


def test_ids_are_new_for_every_statement(directory):
    first, second = directory.create({}), directory.create({})
    assert first["SoftwareStatementId"] != second["SoftwareStatementId"]
    assert first["ClientId"] != second["ClientId"]


def test_unknown_members_are_ignored(directory):
    body = directory.create({"ClientName": "x", "Colour": "blue"})
    assert "Colour" not in body


PNG = "iVBORw0KGgo="


@pytest.mark.parametrize("logo, warning", [
    (f"data:image/png;base64,{PNG}", "IMAGE_UPLOAD_FAILURE_PLACEHOLDER_USED"),
    ("data:image/png;base64,iVBORw0KGgo", "IMAGE_VALIDATION_FAILURE_BAD_DATA_ENCODING_PLACEHOLDER_USED"),
    (f"data:image/gif;base64,{PNG}", "IMAGE_VALIDATION_FAILURE_UNSUPPORTED_IMAGE_FORMAT_PLACEHOLDER_USED"),
    ("data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+",
     "IMAGE_VALIDATION_FAILURE_SVG_VALIDATION_PLACEHOLDER_USED"),
    ("https://www.raidiam.com/" + "a" * 300 + ".png", "IMAGE_UPLOAD_FAILURE_PLACEHOLDER_USED"),
])
def test_logos_the_directory_cannot_take_get_its_placeholder_and_a_warning(directory, logo,
                                                                         warning):
    body = directory.create({"LogoUri": logo})
    assert body["OperationWarnings"] == [warning]
    assert body["LogoUri"] == directory.url + "/images/placeholder-logo.png"
    placeholder = directory.http.get(body["LogoUri"])
    assert placeholder.status_code == 200 and placeholder.headers["content-type"] == "image/png"


def test_a_short_https_logo_is_kept_without_warning(directory):
    body = directory.create({"LogoUri": "https://www.raidiam.com/logo.svg"})
    assert body["OperationWarnings"] == [] and body["LogoUri"] == "https://www.raidiam.com/logo.svg"


def test_statement_whose_assertion_would_exceed_4000_characters_is_refused(directory):
    uris = [f"https://www.raidiam.com/accounting/callback/{i:03d}" for i in range(60)]
    resp = directory.create_call({"RedirectUri": uris})
    assert resp.status_code == 400
    assert any("4000" in line for line in resp.json()["errors"])
    assert directory.create_call({"RedirectUri": uris[:10]}).status_code == 201


def test_statements_persist_across_restarts(directory):
    statement = directory.create(FULL_REQUEST)
    directory.restart()
    token = directory.assertion(statement["SoftwareStatementId"])
    assert token.count(".") == 2


def test_json_media_type_with_parameters_is_accepted(directory):
    resp = directory.call("POST", f"/organisations/{ORG_A}/softwarestatements", content=b"{}",
                          headers={"Content-Type": "application/json; charset=utf-8",
                                   "Authorization": f"Bearer {TOKEN_A}"})
    assert resp.status_code == 201
