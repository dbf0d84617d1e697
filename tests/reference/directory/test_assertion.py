"""GET .../assertion: an application/jwt SSA signed by the directory's key (verified against its
JWKS), at most 4,000 characters, whose claims are the documented ones and validate with the
SSA schema, also through `ssf-conformance validate --schema ssa`."""
from __future__ import annotations

import base64
import json

import pytest
from typer.testing import CliRunner

import harness.cli.validate  # noqa: F401  (registers the command)
from harness.cli import app as cli
from harness.jose import decode_set, verify_set
from harness.schemas import validate
from tests.reference.directory.support import FULL_REQUEST, ORG_A, ORG_B, TOKEN_B

runner = CliRunner()


def test_assertion_is_application_jwt_signed_with_a_published_key(directory):
    statement = directory.create(FULL_REQUEST)
    resp = directory.assertion_call(statement["SoftwareStatementId"])
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/jwt"
    token = resp.text
    assert len(token) <= 4000 and validate("ssa/software-statement-assertion-jwt", token) == []
    decoded = verify_set(token, directory.jwks(), algs=("PS256",))
    assert decoded.header["typ"] == "JWT" and decoded.header["alg"] == "PS256"
    assert decoded.header["kid"] in {k["kid"] for k in directory.jwks()["keys"]}


def test_claims_are_the_documented_ones(directory):
    statement = directory.create(FULL_REQUEST)
    sid = statement["SoftwareStatementId"]
    claims = decode_set(directory.assertion(sid)).claims
    assert validate("ssa", claims) == []
    assert claims["iss"] == directory.url
    assert claims["iat"] == int(directory.clock.now)
    assert claims["exp"] == claims["iat"] + 600
    assert claims["software_id"] == sid
    assert claims["software_client_id"] == statement["ClientId"]
    assert claims["software_client_name"] == FULL_REQUEST["ClientName"]
    assert claims["software_client_description"] == FULL_REQUEST["Description"]
    assert claims["software_mode"] == "Test"
    assert claims["software_redirect_uris"] == FULL_REQUEST["RedirectUri"]
    assert claims["software_policy_uri"] == FULL_REQUEST["PolicyUri"]
    assert claims["software_tos_uri"] == FULL_REQUEST["TermsOfServiceUri"]
    assert claims["software_client_uri"] == FULL_REQUEST["ClientUri"]
    assert claims["software_logo_uri"] == FULL_REQUEST["LogoUri"]
    assert claims["software_environment"] == "production"
    assert claims["software_version"] == "1.1"
    assert claims["software_on_behalf_of_org"] == "Partner"
    assert claims["software_roles"] == ["ssf.manage"]  # the Inactive role grants nothing
    assert claims["software_statement_roles"] == [
        {"role": "ssf.manage", "authorisation_domain": "SSF", "status": "Active"},
        {"role": "ssf.read", "authorisation_domain": "SSF", "status": "Inactive"}]
    assert claims["org_id"] == ORG_A and claims["org_name"] == "Organisation A"
    assert claims["org_status"] == "Active"
    assert claims["organisation_competent_authority_claims"] == [
        {"authorisation_domain": "SSF", "authorisation_role": "receiver", "status": "Active"}]
    assert claims["software_jwks_uri"] == (f"{directory.url}/keystore/{ORG_A}/{sid}"
                                           "/application.jwks")
    assert claims["org_jwks_uri"] == f"{directory.url}/keystore/{ORG_A}/application.jwks"


def test_client_credentials_software_has_an_empty_redirect_list(directory):
    claims = decode_set(directory.assertion(directory.create({})["SoftwareStatementId"])).claims
    assert claims["software_redirect_uris"] == [] and claims["software_roles"] == []
    assert "software_client_name" not in claims and validate("ssa", claims) == []


def test_a_longer_on_behalf_of_reference_is_left_out_of_the_ssa(directory):
    statement = directory.create({"OnBehalfOf": "x" * 41})
    claims = decode_set(directory.assertion(statement["SoftwareStatementId"])).claims
    assert "software_on_behalf_of_org" not in claims


def test_long_statements_fit_4000_characters_or_are_refused_at_creation(directory):
    text, uri = "a" * 255, "https://www.raidiam.com/" + "a" * 231
    body = {"ClientName": text, "Description": text, "PolicyUri": uri, "ClientUri": uri,
            "TermsOfServiceUri": uri, "Environment": "e" * 40, "SoftwareVersion": "v" * 40}
    token = directory.assertion(directory.create(body)["SoftwareStatementId"])
    assert 3000 < len(token) <= 4000
    body.update(LogoUri=uri[:-4] + ".png", OnBehalfOf="o" * 40,
                Roles=[{"AuthorisationDomain": "d" * 30, "Role": "r" * 60}])
    resp = directory.create_call(body)
    assert resp.status_code == 400 and "more than the 4000" in resp.text


def test_keystore_serves_the_jwks_uris_of_the_ssa(directory):
    sid = directory.create({})["SoftwareStatementId"]
    claims = decode_set(directory.assertion(sid)).claims
    assert directory.http.get(claims["software_jwks_uri"]).json() == {"keys": []}
    key = {"kty": "EC", "crv": "P-256", "kid": "rx-1", "use": "sig",
           "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
           "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
    put = directory.admin("PUT", f"/organisations/{ORG_A}/softwarestatements/{sid}/jwks",
                          json={"keys": [key]})
    assert put.status_code == 204
    assert directory.http.get(claims["software_jwks_uri"]).json() == {"keys": [key]}
    put = directory.admin("PUT", f"/organisations/{ORG_A}/jwks", json={"keys": [key]})
    assert put.status_code == 204
    assert directory.http.get(claims["org_jwks_uri"]).json() == {"keys": [key]}


def test_private_keys_are_not_published(directory):
    sid = directory.create({})["SoftwareStatementId"]
    resp = directory.admin("PUT", f"/organisations/{ORG_A}/softwarestatements/{sid}/jwks",
                           json={"keys": [{"kty": "oct", "k": "c2VjcmV0"}]})
    assert resp.status_code == 400


def test_unknown_keystore_owners_are_404(directory):
    assert directory.http.get(directory.url + "/keystore/nobody/application.jwks").status_code == 404
    assert directory.http.get(
        directory.url + f"/keystore/{ORG_A}/nothing/application.jwks").status_code == 404


def test_unknown_software_statement_is_404(directory):
    resp = directory.assertion_call("00000000-0000-4000-8000-000000000000")
    assert resp.status_code == 404 and resp.json()["errors"][0].startswith("SoftwareStatementId")


def test_assertion_path_is_validated(directory):
    resp = directory.assertion_call("s" * 41)
    assert resp.status_code == 400
    assert resp.json()["errors"][0].startswith("SoftwareStatementId: must be at most 40")
    assert directory.assertion_call("x", org="o" * 41).status_code == 400


def test_generating_an_assertion_locks_the_statement(directory):
    sid = directory.create({})["SoftwareStatementId"]
    path = f"/organisations/{ORG_A}/softwarestatements/{sid}"
    assert directory.admin("GET", path).json()["Locked"] is False
    directory.assertion(sid)
    assert directory.admin("GET", path).json()["Locked"] is True


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_other_signing_algorithms(make_dir, alg):
    directory = make_dir(signing_alg=alg)
    token = directory.assertion(directory.create({})["SoftwareStatementId"])
    assert verify_set(token, directory.jwks(), algs=(alg,)).header["alg"] == alg


def test_rotated_key_still_verifies_earlier_assertions(directory):
    sid = directory.create({})["SoftwareStatementId"]
    before = directory.assertion(sid)
    new_kid = directory.admin("POST", "/rotate-keys").json()["kid"]
    after = directory.assertion(sid)
    assert decode_set(after).header["kid"] == new_kid != decode_set(before).header["kid"]
    for token in (before, after):
        verify_set(token, directory.jwks(), algs=("PS256",))


def test_org_b_assertion_names_org_b(directory):
    created = directory.create_call({}, org=ORG_B, token=TOKEN_B).json()
    resp = directory.assertion_call(created["SoftwareStatementId"], org=ORG_B, token=TOKEN_B)
    claims = decode_set(resp.text).claims
    assert claims["org_id"] == ORG_B and claims["organisation_competent_authority_claims"] == []


# `ssf-conformance validate --schema ssa`, signature included -------------------------------

def _validate(token: str, *args: str):
    return runner.invoke(cli, ["validate", "-", "--schema", "ssa", *args], input=token)


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["software_roles"] = ["ssf.manage", "admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_fetched_ssa_validates_with_the_cli_and_a_tampered_copy_does_not(directory):
    token = directory.assertion(directory.create(FULL_REQUEST)["SoftwareStatementId"])
    jwks = directory.url + "/.well-known/jwks.json"
    assert _validate(token).exit_code == 0
    result = _validate(token, "--jwks", jwks)
    assert result.exit_code == 0, result.output
    tampered = _validate(_tampered(token), "--jwks", jwks)
    assert tampered.exit_code == 1 and "/signature" in tampered.output
