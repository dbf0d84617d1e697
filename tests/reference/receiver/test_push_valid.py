"""A valid push is acknowledged with an empty 202 and durably logged (RFC 8935 §2.2)."""
from harness.ssf.events import BY_ACTION, VERIFICATION

from tests.reference.receiver.conftest import ALICE, events, push

SESSION_REVOKED = BY_ACTION["session-revoked"].uri


def test_valid_set_gets_empty_202_and_is_logged(http, receiver, transmitter):
    token = transmitter.make_set(SESSION_REVOKED, ALICE)
    response = push(http, receiver, token)
    assert response.status_code == 202
    assert response.content == b""
    jti = transmitter.claims(SESSION_REVOKED, ALICE)["jti"]  # a different jti: not logged
    logged = events(http, receiver)
    assert len(logged) == 1 and logged[0]["accepted"] is True
    assert logged[0]["event_uri"] == SESSION_REVOKED
    assert logged[0]["subject"] == ALICE and logged[0]["delivery"] == "push"
    assert not events(http, receiver, jti=jti)


def test_retransmitted_set_gets_202_again_without_acting_twice(http, receiver, transmitter):
    token = transmitter.make_set(SESSION_REVOKED, ALICE)
    assert push(http, receiver, token).status_code == 202
    assert push(http, receiver, token).status_code == 202  # RFC 8935 §2: answer as if new
    logged = events(http, receiver)
    assert [e["duplicate"] for e in logged] == [False, True]


def test_extra_claims_and_payload_fields_are_ignored(http, receiver, transmitter):
    claims = transmitter.claims(BY_ACTION["account-enabled"].uri, ALICE, {"x_vendor": 1},
                                x_extra={"a": 1})
    assert push(http, receiver, transmitter.sign(claims)).status_code == 202


def test_uninteresting_event_type_is_still_acknowledged(http, receiver, transmitter):
    token = transmitter.make_set("https://example.com/event-type/unknown", ALICE)
    assert push(http, receiver, token).status_code == 202


def test_typ_with_application_prefix_and_other_case_is_accepted(http, receiver, transmitter):
    claims = transmitter.claims(SESSION_REVOKED, ALICE)
    token = transmitter.sign(claims, {"typ": "application/SECEVENT+JWT"})
    assert push(http, receiver, token).status_code == 202


def test_aud_array_naming_the_receiver_is_accepted(http, receiver, transmitter):
    claims = transmitter.claims(SESSION_REVOKED, ALICE,
                                aud=["https://other.example", receiver.config.audience])
    assert push(http, receiver, transmitter.sign(claims)).status_code == 202


def test_es256_key_in_jwks_is_accepted(http, receiver, transmitter, keyring):
    es_key = transmitter.keyring.rotate("ES256")
    token = transmitter.sign(transmitter.claims(SESSION_REVOKED, ALICE), key=es_key)
    assert push(http, receiver, token).status_code == 202


def test_transmitter_initiated_verification_without_state_is_accepted(http, receiver,
                                                                       transmitter):
    token = transmitter.make_set(VERIFICATION.uri, {"format": "opaque", "id": "any-stream"})
    assert push(http, receiver, token).status_code == 202
