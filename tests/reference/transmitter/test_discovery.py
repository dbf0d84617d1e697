"""Discovery metadata (SSF §7), JWKS and key rotation with grace."""
from __future__ import annotations

from urllib.parse import urlsplit

from harness.jose import verify_set
from tests.reference.transmitter.support import ADMIN, SESSION_REVOKED, TOKEN_A

ENDPOINTS = ("jwks_uri", "configuration_endpoint", "status_endpoint", "add_subject_endpoint",
             "remove_subject_endpoint", "verification_endpoint")


def test_metadata_at_path_form_and_sandbox_alias(tx):
    resp = tx.call("GET", "/.well-known/ssf-configuration/ssf", token=None)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/json")
    meta = resp.json()
    assert meta == tx.call("GET", "/ssf/.well-known/ssf-configuration", token=None).json()
    assert meta["spec_version"] == "1_0"
    assert meta["issuer"] == tx.config.public_base_url + "/ssf"
    assert meta["delivery_methods_supported"] == ["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"]
    assert {"spec_urn": "urn:ietf:rfc:6749"} in meta["authorization_schemes"]
    assert {"spec_urn": "urn:ietf:rfc:6750"} in meta["authorization_schemes"]
    assert meta["default_subjects"] == "ALL"
    for name in ENDPOINTS:  # absolute, on the public origin
        assert meta[name].startswith(tx.config.public_base_url + "/ssf/"), name


def test_metadata_urls_use_public_base_url_not_bind_address(make_tx):
    tx = make_tx(public_base_url="https://proxy.example:8443")
    meta = tx.call("GET", "/.well-known/ssf-configuration/ssf", token=None).json()
    assert meta["issuer"] == "https://proxy.example:8443/ssf"
    assert all(urlsplit(meta[n]).netloc == "proxy.example:8443" for n in ENDPOINTS)


def test_issuer_without_path_serves_plain_well_known(make_tx):
    tx = make_tx(issuer_path="")
    meta = tx.call("GET", "/.well-known/ssf-configuration", token=None).json()
    assert meta["issuer"] == tx.config.public_base_url
    assert meta["configuration_endpoint"] == tx.config.public_base_url + "/stream"
    assert tx.call("POST", "/stream", json={}).status_code == 201


def test_unknown_issuer_path_is_404(tx):
    resp = tx.call("GET", "/.well-known/ssf-configuration/other", token=None)
    assert resp.status_code == 404
    assert resp.json()["error"] == "not_found"


def test_oauth_server_metadata_names_token_endpoint(tx):
    meta = tx.call("GET", "/.well-known/oauth-authorization-server/ssf", token=None).json()
    assert meta["token_endpoint"] == tx.config.public_base_url + "/ssf/token"
    assert "client_credentials" in meta["grant_types_supported"]


def test_default_signing_is_rs256_2048_and_verifies(make_tx):
    tx = make_tx(signing_alg="RS256")
    jwks = tx.call("GET", "/ssf/jwks", token=None).json()
    (key,) = jwks["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["kid"]
    assert "d" not in key  # public only
    stream = tx.create(events_requested=[SESSION_REVOKED])
    tx.trigger("session-revoked")
    token = next(iter(tx.poll(stream, returnImmediately=True).json()["sets"].values()))
    assert verify_set(token, jwks).header == {"alg": "RS256", "typ": "secevent+jwt",
                                              "kid": key["kid"]}


def test_rotation_keeps_old_key_during_grace(tx):
    old = tx.call("GET", "/ssf/jwks", token=None).json()["keys"][0]["kid"]
    resp = tx.call("POST", "/ssf/admin/rotate-keys", ADMIN)
    assert resp.status_code == 200
    new = resp.json()["kid"]
    kids = [k["kid"] for k in tx.call("GET", "/ssf/jwks", token=None).json()["keys"]]
    assert new != old and kids == [old, new]


def test_rotation_without_grace_drops_old_key_and_new_sets_use_new_kid(make_tx):
    tx = make_tx(key_grace_seconds=0)
    stream = tx.create(events_requested=[SESSION_REVOKED])
    new = tx.call("POST", "/ssf/admin/rotate-keys", ADMIN).json()["kid"]
    jwks = tx.call("GET", "/ssf/jwks", token=None).json()
    assert [k["kid"] for k in jwks["keys"]] == [new]
    tx.trigger("session-revoked")
    token = next(iter(tx.poll(stream, returnImmediately=True).json()["sets"].values()))
    assert verify_set(token, jwks).header["kid"] == new


def test_rotation_needs_admin_token(tx):
    assert tx.call("POST", "/ssf/admin/rotate-keys", TOKEN_A).status_code == 401
    assert tx.call("POST", "/ssf/admin/rotate-keys", None).status_code == 401


def test_signing_key_survives_restart_and_stays_in_db_only(tx):
    kid = tx.call("GET", "/ssf/jwks", token=None).json()["keys"][0]["kid"]
    tx.restart()
    assert tx.call("GET", "/ssf/jwks", token=None).json()["keys"][0]["kid"] == kid


def test_changed_alg_rotates_on_start(make_tx, tmp_path):
    tx = make_tx()
    es_kid = tx.call("GET", "/ssf/jwks", token=None).json()["keys"][0]["kid"]
    tx.stop()
    tx.config.signing_alg = "RS256"
    tx.start()
    keys = tx.call("GET", "/ssf/jwks", token=None).json()["keys"]
    assert [k["kid"] for k in keys][0] == es_kid and keys[-1]["kty"] == "RSA"


def test_the_drafts_discovery_document_is_served_only_to_speak_the_draft(make_tx):
    from harness.ssf.legacy_sse import RISC_PUSH, WELL_KNOWN_SSE
    ssf = make_tx()
    assert ssf.call("GET", WELL_KNOWN_SSE + "/ssf", token=None).status_code == 404
    draft = make_tx(set_shape="sse-draft", db_path=ssf.config.db_path.with_name("draft.db"))
    answer = draft.call("GET", WELL_KNOWN_SSE + "/ssf", token=None)
    assert answer.status_code == 200 and answer.json()["spec_version"] == "1_0-ID2"
    assert RISC_PUSH in answer.json()["delivery_methods_supported"]


def test_a_legacy_receiver_may_name_the_delivery_method_by_its_risc_urn(make_tx):
    from harness.ssf.legacy_sse import RISC_PUSH, RISC_POLL
    draft = make_tx(set_shape="sse-draft")
    pushed = draft.call("POST", "/ssf/stream", json={
        "delivery": {"method": RISC_PUSH, "endpoint_url": "http://127.0.0.1:9/push"}})
    polled = draft.call("POST", "/ssf/stream", json={"delivery": {"method": RISC_POLL}})
    assert pushed.status_code == 201 and pushed.json()["delivery"]["method"] == "urn:ietf:rfc:8935"
    assert polled.status_code == 201 and polled.json()["delivery"]["method"] == "urn:ietf:rfc:8936"
    assert make_tx(db_path=draft.config.db_path.with_name("ssf.db")).call(
        "POST", "/ssf/stream", json={"delivery": {"method": RISC_POLL}}).status_code == 400
