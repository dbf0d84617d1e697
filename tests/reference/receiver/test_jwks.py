"""The transmitter JWKS: cached, refetched once when a SET names an unknown kid (rotation)."""
from tests.reference.receiver.conftest import ALICE, push
from tests.reference.receiver.hostile import SESSION_REVOKED


def status(http, receiver) -> dict:
    return http.get(receiver.url + "/ssf/receiver/status").json()


def test_jwks_is_cached_between_sets(http, receiver, transmitter):
    for _ in range(3):
        assert push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE)).status_code == 202
    assert transmitter.jwks_fetches == 1
    assert status(http, receiver)["jwks_fetches"] == 1


def test_key_rotation_is_picked_up_with_one_refetch(http, receiver, transmitter):
    assert push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE)).status_code == 202
    old_key = transmitter.keyring.current
    transmitter.keyring.rotate()  # new kid; the receiver's cached JWKS does not have it yet
    assert push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE)).status_code == 202
    assert transmitter.jwks_fetches == 2
    # The retired key is still published during its grace period, so late SETs verify too.
    late = transmitter.sign(transmitter.claims(SESSION_REVOKED, ALICE), key=old_key)
    assert push(http, receiver, late).status_code == 202
    assert transmitter.jwks_fetches == 2


def test_unknown_kid_refetches_once_then_fails_invalid_key(http, receiver, transmitter, rsa_keys):
    assert push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE)).status_code == 202
    stranger = transmitter.sign(transmitter.claims(SESSION_REVOKED, ALICE), key=rsa_keys[2])
    response = push(http, receiver, stranger)
    assert response.status_code == 400 and response.json()["err"] == "invalid_key"
    assert transmitter.jwks_fetches == 2


def test_jwks_cache_expiry_refetches(http, make_receiver, transmitter):
    receiver = make_receiver(jwks_cache_seconds=0)
    for _ in range(2):
        assert push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE)).status_code == 202
    assert transmitter.jwks_fetches == 2


def test_jwks_unreachable_gives_503_and_the_set_can_be_resent(http, make_receiver, transmitter):
    transmitter.metadata_overrides = {"jwks_uri": "http://127.0.0.1:9/jwks"}
    receiver = make_receiver()
    token = transmitter.make_set(SESSION_REVOKED, ALICE)
    response = push(http, receiver, token)
    assert response.status_code == 503 and "Retry-After" in response.headers
    transmitter.metadata_overrides = {}
    receiver.restart()  # fresh metadata: the transmitter retries and the SET is accepted
    assert push(http, receiver, token).status_code == 202


def test_unreadable_jwks_means_invalid_key_not_a_crash(http, receiver, transmitter):
    kid = transmitter.keyring.current.kid
    transmitter.jwks_override = {"keys": [{"kty": "RSA", "kid": kid, "n": "!!", "e": "AQAB"}]}
    response = push(http, receiver, transmitter.make_set(SESSION_REVOKED, ALICE))
    assert response.status_code == 400 and response.json()["err"] == "invalid_key"
