"""RFC 7591 registration by software statement at the reference transmitter, with a real
reference trust directory: an SSA fetched from the directory registers, the credentials work on
the management API, and every refusal carries the RFC 7591 §3.2.2 error its reason earns."""
from __future__ import annotations

import base64
import json
import time

import pytest

from harness.reference.transmitter import TrustedDirectory
from tests.reference.directory.support import ORG_A, Clock, Dir

RECEIVER_ROLE = [{"AuthorisationDomain": "SSF", "Role": "ssf.manage", "Status": "Active"}]


@pytest.fixture
def directory(tmp_path, http):
    (tmp_path / "dir").mkdir()
    handle = Dir(tmp_path / "dir", http, clock=Clock(time.time()))  # the transmitter's clock
    yield handle
    handle.stop()
    assert handle.internal_errors == 0


@pytest.fixture
def other_directory(tmp_path, http):
    (tmp_path / "other").mkdir()
    handle = Dir(tmp_path / "other", http, clock=Clock(time.time()))
    yield handle
    handle.stop()


@pytest.fixture
def trusting_tx(make_tx, directory):
    return make_tx(trusted_directories=(TrustedDirectory(
        directory.url, directory.url + "/.well-known/jwks.json"),))


def statement(directory, roles=RECEIVER_ROLE, **body) -> str:
    return directory.create({"ClientName": "Receiver", "ClientUri": "https://rx.example",
                             "Roles": roles, **body})["SoftwareStatementId"]


def register(tx, ssa, **body):
    return tx.call("POST", "/ssf/register", None, json={"software_statement": ssa, **body})


def mint(directory, sid, **body):
    resp = directory.admin("POST", f"/organisations/{ORG_A}/softwarestatements/{sid}/mint",
                           json=body or None)
    assert resp.status_code == 200, resp.text
    return resp.text


def tampered(ssa: str) -> str:
    header, payload, signature = ssa.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["software_statement_roles"].append({"role": "ssf.manage",
                                               "authorisation_domain": "SSF"})
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_an_ssa_from_the_directory_registers_and_its_credentials_manage_streams(
        trusting_tx, directory):
    tx = trusting_tx
    metadata = tx.call("GET", "/.well-known/oauth-authorization-server/ssf", None).json()
    assert metadata["registration_endpoint"] == tx.base + "/ssf/register"
    sid = statement(directory)
    ssa = directory.assertion(sid)
    resp = register(tx, ssa, software_id="not-the-ssa's", client_name="ignored")
    assert resp.status_code == 201 and resp.headers["content-type"] == "application/json"
    info = resp.json()
    assert info["client_secret_expires_at"] == 0 and info["software_id"] == sid
    assert info["client_name"] == "Receiver" and info["software_statement"] == ssa
    assert info["scope"] == "ssf.read ssf.manage"
    token = tx.http.post(tx.base + "/ssf/token", data={"grant_type": "client_credentials"},
                         auth=(info["client_id"], info["client_secret"]))
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    created = tx.create(access, delivery={"method": "urn:ietf:rfc:8936"})
    assert created["aud"] == "https://rx.example"  # the software's client URI
    # RFC 7592: read and delete with the registration access token.
    config_uri = info["registration_client_uri"].removeprefix(tx.base)
    read = tx.call("GET", config_uri, info["registration_access_token"])
    assert read.status_code == 200 and read.json()["client_id"] == info["client_id"]
    assert "client_secret" not in read.json()
    assert tx.call("GET", config_uri, access).status_code == 401
    assert tx.call("DELETE", config_uri, info["registration_access_token"]).status_code == 204
    assert tx.call("GET", "/ssf/stream", access).status_code == 401


def test_registered_clients_survive_a_restart(trusting_tx, directory):
    info = register(trusting_tx, directory.assertion(statement(directory))).json()
    trusting_tx.restart()
    token = trusting_tx.http.post(trusting_tx.base + "/ssf/token",
                                  data={"grant_type": "client_credentials"},
                                  auth=(info["client_id"], info["client_secret"]))
    assert token.status_code == 200


def test_a_reader_role_gets_read_only(trusting_tx, directory):
    sid = statement(directory, roles=[{"AuthorisationDomain": "SSF", "Role": "ssf.read"}])
    assert register(trusting_tx, directory.assertion(sid)).json()["scope"] == "ssf.read"


@pytest.mark.parametrize("case, error", [
    ("tampered", "invalid_software_statement"),
    ("expired", "invalid_software_statement"),
    ("untrusted", "unapproved_software_statement"),
    ("inactive software", "unapproved_software_statement"),
    ("withdrawn organisation", "unapproved_software_statement"),
    ("no SSF role", "unapproved_software_statement"),
    ("not a JWT", "invalid_software_statement"),
    ("missing", "invalid_software_statement"),
])
def test_refusals_carry_the_rfc_7591_error(trusting_tx, directory, other_directory, case, error):
    roles = [{"AuthorisationDomain": "Open Banking", "Role": "DADOS"}] \
        if case == "no SSF role" else RECEIVER_ROLE
    sid = statement(directory, roles=roles)
    ssa = {"tampered": lambda: tampered(directory.assertion(sid)),
           "expired": lambda: mint(directory, sid, expires_in=-3600),
           "untrusted": lambda: other_directory.assertion(statement(other_directory)),
           "not a JWT": lambda: "not-a-jwt",
           "missing": lambda: None}.get(case, lambda: directory.assertion(sid))()
    if case == "inactive software":
        directory.set_statement_status(sid, "Inactive")
        ssa = mint(directory, sid)
    if case == "withdrawn organisation":
        directory.set_org_status("Withdrawn")
        ssa = mint(directory, sid)
    body = {} if ssa is None else {"software_statement": ssa}
    resp = trusting_tx.call("POST", "/ssf/register", None, json=body)
    assert resp.status_code == 400, resp.text
    assert resp.headers["content-type"] == "application/json"
    assert resp.json()["error"] == error


def test_software_deactivated_after_issue_is_refused_live(trusting_tx, directory):
    """The SSA was issued while Active; the directory is asked at registration time."""
    sid = statement(directory)
    ssa = directory.assertion(sid)
    directory.set_statement_status(sid, "Suspended")
    assert register(trusting_tx, ssa).json()["error"] == "unapproved_software_statement"


def test_a_server_trusting_no_directory_has_no_registration(make_tx):
    tx = make_tx()
    assert tx.call("POST", "/ssf/register", None, json={}).status_code == 404
    metadata = tx.call("GET", "/.well-known/oauth-authorization-server/ssf", None).json()
    assert "registration_endpoint" not in metadata


def test_test_mode_software_is_refused_where_only_live_is_accepted(make_tx, directory):
    tx = make_tx(registration_modes=("Live",), trusted_directories=(TrustedDirectory(
        directory.url, directory.url + "/.well-known/jwks.json"),))
    ssa = directory.assertion(statement(directory, Mode="Test"))
    assert register(tx, ssa).json()["error"] == "unapproved_software_statement"
    assert register(tx, directory.assertion(statement(directory, Mode="Live"))).status_code == 201


def test_a_rotated_directory_key_is_fetched_again(trusting_tx, directory):
    assert register(trusting_tx, directory.assertion(statement(directory))).status_code == 201
    assert directory.admin("POST", "/rotate-keys").status_code == 200
    assert register(trusting_tx, directory.assertion(statement(directory))).status_code == 201


def test_bad_registration_requests_are_400_json(trusting_tx):
    for kwargs in ({"content": b"x=1", "headers": {"Content-Type": "text/plain"}},
                   {"content": b"{", "headers": {"Content-Type": "application/json"}},
                   {"json": []}, {"json": {"software_statement": "a.b.c",
                                           "grant_types": ["authorization_code"]}}):
        resp = trusting_tx.call("POST", "/ssf/register", None, **kwargs)
        assert resp.status_code == 400 and resp.json()["error"], kwargs
