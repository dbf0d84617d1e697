"""Organisation status (Active/Pending/Withdrawn) and software statement status
(Active/Inactive/Suspended) decide what the directory allows; admin endpoints set them."""
from __future__ import annotations

import pytest

from harness.jose import decode_set, verify_set
from tests.reference.directory.support import ADMIN, ORG_A


@pytest.mark.parametrize("status", ["Pending", "Withdrawn"])
def test_no_assertion_for_an_organisation_that_is_not_active(directory, status):
    sid = directory.create({})["SoftwareStatementId"]
    directory.set_org_status(status)
    resp = directory.assertion_call(sid)
    assert resp.status_code == 403 and status in resp.json()["errors"][0]
    directory.set_org_status("Active")
    assert directory.assertion_call(sid).status_code == 200


def test_a_pending_organisation_may_prepare_software_but_a_withdrawn_one_may_not(directory):
    directory.set_org_status("Pending")
    assert directory.create_call({}).status_code == 201
    directory.set_org_status("Withdrawn")
    assert directory.create_call({}).status_code == 403


@pytest.mark.parametrize("status", ["Inactive", "Suspended"])
def test_no_assertion_for_software_that_is_not_active(directory, status):
    sid = directory.create({})["SoftwareStatementId"]
    directory.set_statement_status(sid, status)
    resp = directory.assertion_call(sid)
    assert resp.status_code == 403 and status in resp.json()["errors"][0]
    directory.set_statement_status(sid, "Active")
    assert directory.assertion_call(sid).status_code == 200


def test_statuses_survive_a_restart(directory):
    sid = directory.create({})["SoftwareStatementId"]
    directory.set_statement_status(sid, "Suspended")
    directory.set_org_status("Pending")
    directory.restart()
    org = directory.app.state.directory.store.organisation(ORG_A)
    assert org.status == "Pending"
    directory.set_org_status("Active")
    assert directory.assertion_call(sid).status_code == 403  # still Suspended


def test_mint_issues_an_ssa_whatever_the_statuses_for_relying_party_tests(directory):
    sid = directory.create({})["SoftwareStatementId"]
    directory.set_org_status("Withdrawn")
    directory.set_statement_status(sid, "Inactive")
    resp = directory.admin("POST", f"/organisations/{ORG_A}/softwarestatements/{sid}/mint")
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/jwt"
    claims = verify_set(resp.text, directory.jwks(), algs=("PS256",)).claims
    assert claims["org_status"] == "Withdrawn" and claims["software_id"] == sid


def test_admin_endpoints_need_the_admin_token(directory):
    sid = directory.create({})["SoftwareStatementId"]
    paths = [("POST", f"/organisations/{ORG_A}/status", {"Status": "Withdrawn"}),
             ("POST", f"/organisations/{ORG_A}/softwarestatements/{sid}/status",
              {"Status": "Inactive"}),
             ("GET", f"/organisations/{ORG_A}/softwarestatements/{sid}", None),
             ("PUT", f"/organisations/{ORG_A}/jwks", {"keys": []}),
             ("POST", f"/organisations/{ORG_A}/softwarestatements/{sid}/mint", None),
             ("POST", "/rotate-keys", None)]
    for method, path, body in paths:
        resp = directory.call(method, "/admin" + path, json=body)  # an organisation's token
        assert resp.status_code == 401, path
        assert ADMIN not in resp.text
    assert directory.assertion_call(sid).status_code == 200  # nothing changed


@pytest.mark.parametrize("path, status", [
    ("/organisations/org-a/status", "Revoked"),
    ("/organisations/org-a/status", None),
])
def test_admin_status_values_are_checked(directory, path, status):
    assert directory.admin("POST", path, json={"Status": status}).status_code == 400


def test_admin_status_of_unknown_things_is_404(directory):
    assert directory.admin("POST", "/organisations/nobody/status",
                           json={"Status": "Active"}).status_code == 404
    assert directory.admin("POST", f"/organisations/{ORG_A}/softwarestatements/none/status",
                           json={"Status": "Active"}).status_code == 404


def test_ssa_org_status_reports_the_status_at_issue(directory):
    sid = directory.create({})["SoftwareStatementId"]
    assert decode_set(directory.assertion(sid)).claims["org_status"] == "Active"


def test_keystore_serves_key_sets_only_while_their_owner_is_active(directory):
    """'all active signing and network certs': what a relying party asks to learn whether
    software is still Active (the SSA carries no software status)."""
    sid = directory.create({})["SoftwareStatementId"]
    software = f"/keystore/{ORG_A}/{sid}/application.jwks"
    organisation = f"/keystore/{ORG_A}/application.jwks"
    get = lambda path: directory.http.get(directory.url + path).status_code  # noqa: E731
    assert (get(software), get(organisation)) == (200, 200)
    directory.set_statement_status(sid, "Inactive")
    assert (get(software), get(organisation)) == (404, 200)
    directory.set_statement_status(sid, "Active")
    directory.set_org_status("Withdrawn")
    assert (get(software), get(organisation)) == (404, 404)


def test_mint_takes_a_lifetime_for_expired_ssas(directory):
    sid = directory.create({})["SoftwareStatementId"]
    path = f"/organisations/{ORG_A}/softwarestatements/{sid}/mint"
    resp = directory.admin("POST", path, json={"expires_in": -3600})
    claims = verify_set(resp.text, directory.jwks(), algs=("PS256",)).claims
    assert claims["exp"] == claims["iat"] - 3600
    for bad in ("60", True, 10**9, None):
        assert directory.admin("POST", path, json={"expires_in": bad}).status_code == 400
