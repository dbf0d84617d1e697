"""Builders for hostile SETs (shared by the push, poll and fault tests)."""
from __future__ import annotations

import base64
import json
import time

from jwcrypto import jwk, jws
from jwcrypto.common import base64url_encode, json_encode

from harness.jose import SigningKey
from harness.ssf.events import BY_ACTION, STREAM_UPDATED, VERIFICATION

from tests.reference.receiver.standin import StandInTransmitter

SESSION_REVOKED = BY_ACTION["session-revoked"].uri
ALICE = {"format": "email", "email": "alice@example.com"}


def b64(obj) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unsigned(claims: dict) -> str:
    return b64({"alg": "none", "typ": "secevent+jwt"}) + "." + b64(claims) + "."


def hs256_with_public_key(claims: dict, key: SigningKey) -> str:
    """The key-confusion attack: HMAC keyed with the transmitter's public key PEM."""
    pem = key.key.export_to_pem()
    secret = jwk.JWK(kty="oct", k=b64(pem))
    signer = jws.JWS(json_encode(claims).encode())
    signer.add_signature(secret, alg="HS256", protected=json_encode(
        {"alg": "HS256", "typ": "secevent+jwt", "kid": key.kid}))
    return signer.serialize(compact=True)


def sign_raw(header: dict, claims: dict, key: SigningKey) -> str:
    """Sign without jwcrypto's header checks (it refuses unknown crit extensions)."""
    core = jws.JWSCore(header["alg"], key.key, json_encode(header), json_encode(claims))
    out = core.sign()
    return ".".join([out["protected"], base64url_encode(out["payload"]), out["signature"]])


def flip_signature(token: str) -> str:
    head, body, sig = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    raw[0] ^= 0xFF
    return ".".join([head, body, b64(bytes(raw))])


HOSTILE_NAMES = (
    "garbage", "two-part", "bad-base64", "typ-missing", "typ-jwt", "crit-unknown", "alg-none",
    "hs256-public-key", "alg-not-allowed", "bad-signature", "unknown-kid", "wrong-key-same-kid",
    "wrong-iss", "wrong-aud", "no-aud", "iat-future", "iat-too-old", "iat-missing", "iat-string",
    "iat-nan",
    "jti-missing", "two-events", "no-events", "event-not-object", "sub-claim", "exp-claim",
    "sub-id-missing", "sub-id-malformed", "complex-member-malformed", "missing-required-member",
    "verification-unknown-state", "stream-updated-bad-status",
)


def hostile_sets(tx: StandInTransmitter, stranger: SigningKey) -> dict[str, tuple[str, str]]:
    """name -> (token, expected err). `stranger` is a key the transmitter never published."""
    def claims(**extra):
        return tx.claims(SESSION_REVOKED, ALICE, **extra)

    two_events = claims()
    two_events["events"][BY_ACTION["credential-change"].uri] = {
        "credential_type": "password", "change_type": "update"}
    return {
        "garbage": ("this is not a jwt", "invalid_request"),
        "two-part": (".".join(tx.make_set(SESSION_REVOKED, ALICE).split(".")[:2]),
                     "invalid_request"),
        "bad-base64": ("%%%." + b64(claims()) + ".sig", "invalid_request"),
        "typ-missing": (tx.sign(claims(), {"typ": None}), "invalid_request"),
        "typ-jwt": (tx.sign(claims(), {"typ": "JWT"}), "invalid_request"),
        "crit-unknown": (sign_raw({"alg": "RS256", "typ": "secevent+jwt",
                                   "kid": tx.keyring.current.kid, "crit": ["x-unknown"],
                                   "x-unknown": 1}, claims(), tx.keyring.current),
                         "invalid_request"),
        "alg-none": (unsigned(claims()), "invalid_request"),
        "hs256-public-key": (hs256_with_public_key(claims(), tx.keyring.current),
                             "invalid_request"),
        "alg-not-allowed": (tx.sign(claims(), {"alg": "RS512"}), "invalid_request"),
        "bad-signature": (flip_signature(tx.sign(claims())), "invalid_key"),
        "unknown-kid": (tx.sign(claims(), key=stranger), "invalid_key"),
        "wrong-key-same-kid": (tx.sign(claims(), {"kid": tx.keyring.current.kid}, key=stranger),
                               "invalid_key"),
        "wrong-iss": (tx.sign(claims(iss="https://evil.example")), "invalid_issuer"),
        "wrong-aud": (tx.sign(claims(aud="https://someone-else.example")), "invalid_audience"),
        "no-aud": (tx.sign(claims(aud=None)), "invalid_audience"),
        "iat-future": (tx.sign(claims(iat=int(time.time()) + 3600)), "invalid_request"),
        "iat-too-old": (tx.sign(claims(iat=int(time.time()) - 3 * 86400)), "invalid_request"),
        "iat-missing": (tx.sign(claims(iat=None)), "invalid_request"),
        "iat-string": (tx.sign(claims(iat="yesterday")), "invalid_request"),
        "iat-nan": (tx.sign(claims(iat=float("nan"))), "invalid_request"),
        "jti-missing": (tx.sign(claims(jti=None)), "invalid_request"),
        "two-events": (tx.sign(two_events), "invalid_request"),
        "no-events": (tx.sign(claims(events={})), "invalid_request"),
        "event-not-object": (tx.sign(claims(events={SESSION_REVOKED: "revoked"})),
                             "invalid_request"),
        "sub-claim": (tx.sign(claims(sub="alice")), "invalid_request"),
        "exp-claim": (tx.sign(claims(exp=int(time.time()) + 600)), "invalid_request"),
        "sub-id-missing": (tx.sign(claims(sub_id=None)), "invalid_request"),
        "sub-id-malformed": (tx.sign(claims(sub_id={"format": "email"})), "invalid_request"),
        "complex-member-malformed": (tx.sign(claims(sub_id={"format": "complex",
                                                           "user": {"email": "a@b.example"}})),
                                     "invalid_request"),
        "missing-required-member": (tx.make_set(BY_ACTION["credential-change"].uri, ALICE,
                                                {"credential_type": "password"}),
                                    "invalid_request"),
        "verification-unknown-state": (tx.make_set(VERIFICATION.uri,
                                                   {"format": "opaque", "id": "s1"},
                                                   {"state": "never-requested"}),
                                       "invalid_state"),
        "stream-updated-bad-status": (tx.make_set(STREAM_UPDATED.uri,
                                                  {"format": "opaque", "id": "s1"},
                                                  {"status": "sleeping"}), "invalid_request"),
    }
