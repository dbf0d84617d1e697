import base64
import json

import pytest

from harness.jose import KeyRing, SETDecodeError, SETVerifyError, SigningKey, decode_set, sign_set, verify_set

CLAIMS = {"iss": "https://tx.example", "aud": "https://rx.example", "iat": 1700000000,
          "jti": "abc", "sub_id": {"format": "email", "email": "a@example.com"},
          "events": {"https://schemas.openid.net/secevent/caep/event-type/session-revoked": {}}}


def _b64(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_sign_then_verify_round_trips(alg):
    ring = KeyRing.generate(alg)
    token = sign_set(CLAIMS, ring.current)
    decoded = verify_set(token, ring.jwks())
    assert decoded.claims == CLAIMS
    assert decoded.header == {"alg": alg, "typ": "secevent+jwt", "kid": ring.current.kid}


def test_tampered_signature_is_rejected():
    ring = KeyRing.generate()
    head, body, sig = sign_set(CLAIMS, ring.current).split(".")
    forged = ".".join([head, _b64({**CLAIMS, "iss": "https://evil.example"}), sig])
    with pytest.raises(SETVerifyError) as err:
        verify_set(forged, ring.jwks())
    assert err.value.code == "invalid_key"


def test_alg_none_is_rejected():
    token = _b64({"alg": "none", "typ": "secevent+jwt"}) + "." + _b64(CLAIMS) + "."
    with pytest.raises(SETVerifyError, match="not allowed"):
        verify_set(token, KeyRing.generate().jwks())


def test_hmac_alg_is_rejected_even_if_allowed_by_caller():
    token = _b64({"alg": "HS256", "typ": "secevent+jwt"}) + "." + _b64(CLAIMS) + ".c2ln"
    with pytest.raises(SETVerifyError):
        verify_set(token, KeyRing.generate().jwks(), algs=("HS256", "RS256"))


def test_unknown_kid_names_invalid_key():
    ring = KeyRing.generate()
    token = sign_set(CLAIMS, SigningKey.generate())
    with pytest.raises(SETVerifyError) as err:
        verify_set(token, ring.jwks())
    assert err.value.code == "invalid_key"


@pytest.mark.parametrize("token", ["", "a.b", "!!!.@@@.###", _b64([1]) + "." + _b64({}) + "."])
def test_malformed_tokens_raise_decode_error(token):
    with pytest.raises(SETDecodeError):
        decode_set(token)


def test_header_override_and_removal_for_fault_injection():
    key = SigningKey.generate("ES256")
    token = sign_set(CLAIMS, key, header={"typ": "JWT", "kid": None})
    assert decode_set(token).header == {"alg": "ES256", "typ": "JWT"}


def test_rotation_keeps_old_key_published_for_grace_period():
    ring = KeyRing.generate(grace_seconds=100)
    old = ring.current
    token = sign_set(CLAIMS, old)
    ring.rotate(now=1000.0)
    assert {k["kid"] for k in ring.jwks(now=1050.0)["keys"]} == {old.kid, ring.current.kid}
    verify_set(token, ring.jwks(now=1050.0))
    assert [k["kid"] for k in ring.jwks(now=1101.0)["keys"]] == [ring.current.kid]


def test_private_json_round_trip():
    key = SigningKey.generate("ES256")
    again = SigningKey.from_private_json(key.to_private_json())
    verify_set(sign_set(CLAIMS, again), {"keys": [key.public_jwk()]})


# -- hostile tokens and key sets are errors of the publisher, never crashes (issue 14) --------

def _token(claims_text: str) -> str:
    seg = lambda s: base64.urlsafe_b64encode(s.encode()).rstrip(b"=").decode()  # noqa: E731
    return seg('{"alg":"RS256","typ":"secevent+jwt"}') + "." + seg(claims_text) + ".c2ln"


@pytest.mark.parametrize("claims, reason", [
    ("[" * 5000 + "]" * 5000, "nested deeper"),
    ('{"iat": NaN}', "NaN is not a JSON number"),
    ('{"jti": "a", "jti": "b"}', "appears more than once"),
])
def test_decode_refuses_what_is_not_json_claims(claims, reason):
    with pytest.raises(SETDecodeError, match=reason):
        decode_set(_token(claims))


def test_decode_refuses_claims_that_are_not_utf8():
    seg = base64.urlsafe_b64encode(b'{"jti":"\xff"}').rstrip(b"=").decode()
    with pytest.raises(SETDecodeError, match="not UTF-8"):
        decode_set(_token("{}").split(".")[0] + "." + seg + ".c2ln")


@pytest.mark.parametrize("jwks", [{"keys": "x"}, [], {"keys": [1]}, {"nokeys": []},
                                  {"keys": [{"kty": "RSA", "n": "!!", "e": "AQAB"}]}])
def test_a_malformed_jwks_is_a_verify_error(jwks):
    token = sign_set(CLAIMS, KeyRing.generate().current)
    with pytest.raises(SETVerifyError) as err:
        verify_set(token, jwks)
    assert err.value.code == "invalid_key"
