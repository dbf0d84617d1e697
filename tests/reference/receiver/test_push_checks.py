"""Every class of hostile push gets the right status and RFC 8935 err, is logged as rejected,
and triggers no response action."""
import pytest

from harness.jose import sign_set

from tests.reference.receiver.conftest import PUSH_BEARER, events, push
from tests.reference.receiver.hostile import ALICE, HOSTILE_NAMES, SESSION_REVOKED, hostile_sets

@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_set_is_refused_with_the_right_err(name, module_pair, rsa_keys):
    transmitter, receiver, http = module_pair
    token, expected_err = hostile_sets(transmitter, rsa_keys[2])[name]
    response = push(http, receiver, token)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-language"] == "en"
    body = response.json()
    assert set(body) == {"err", "description"} and body["err"] == expected_err
    newest = events(http, receiver, order="desc", limit=1)[0]
    assert newest["accepted"] is False and newest["err"] == expected_err
    assert newest["description"] == body["description"]


def test_hostile_names_cover_every_builder(transmitter, rsa_keys):
    assert sorted(hostile_sets(transmitter, rsa_keys[2])) == sorted(HOSTILE_NAMES)


def test_missing_bearer_gets_401_authentication_failed(http, receiver, transmitter):
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE), bearer=None)
    assert response.status_code == 401
    assert response.json()["err"] == "authentication_failed"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_wrong_bearer_gets_401_and_is_not_echoed(http, receiver, transmitter):
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE),
                    bearer="guess-" + PUSH_BEARER)
    assert response.status_code == 401
    assert PUSH_BEARER not in response.text and "guess" not in response.text
    assert events(http, receiver)[0]["err"] == "authentication_failed"


def test_no_bearer_needed_when_push_bearer_is_unset(http, make_receiver, transmitter):
    receiver = make_receiver(push_bearer=None)
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE), bearer=None)
    assert response.status_code == 202


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/jwt"])
def test_wrong_content_type_is_refused(content_type, http, receiver, transmitter):
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE),
                    content_type=content_type)
    assert response.status_code == 400
    assert response.json()["err"] == "invalid_request"


def test_content_type_parameters_are_tolerated(http, receiver, transmitter):
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE),
                    content_type="application/secevent+jwt; charset=utf-8")
    assert response.status_code == 202


def test_oversized_body_gets_413_json(http, make_receiver, transmitter):
    receiver = make_receiver(max_body_bytes=2048)
    claims = transmitter.claims(SESSION_REVOKED, ALICE, padding="x" * 4096)
    response = push(http, receiver, transmitter.sign(claims))
    assert response.status_code == 413
    assert response.json()["err"] == "invalid_request"
    assert events(http, receiver)[0]["accepted"] is False


def test_reused_jti_on_a_different_set_is_a_replay(http, receiver, transmitter):
    first = transmitter.claims(SESSION_REVOKED, ALICE)
    second = transmitter.claims(SESSION_REVOKED, {"format": "email", "email": "bob@example.com"},
                                jti=first["jti"])
    assert push(http, receiver, transmitter.sign(first)).status_code == 202
    response = push(http, receiver, transmitter.sign(second))
    assert response.status_code == 400
    assert response.json()["err"] == "invalid_request"
    assert "replay" in response.json()["description"]


def test_set_signed_for_another_issuer_key_is_refused(http, receiver, transmitter, rsa_keys):
    # Right kid, right claims, key from elsewhere: the signature must not verify.
    token = sign_set(transmitter.claims(SESSION_REVOKED, ALICE), rsa_keys[1],
                     {"kid": transmitter.keyring.current.kid})
    response = push(http, receiver, token)
    assert response.status_code == 400 and response.json()["err"] == "invalid_key"
