"""Sign, decode and verify Security Event Tokens.

`decode_set` never verifies: checks and the decode endpoint need to look at hostile tokens. It is
total: header and claims are read with harness.hardening.json_text (UTF-8, no NaN/Infinity,
nesting bounded, claim names unique as RFC 7519 §4 allows a parser to demand), so a hostile token
is a SETDecodeError, never a RecursionError.
`verify_set` verifies the signature against a JWKS with an explicit alg allow-list; it never
accepts `none` and never lets an HMAC alg be used with an asymmetric public key.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from jwcrypto import jwk, jws
from jwcrypto.common import JWException, json_encode

from harness.hardening.json_text import read_json
from harness.hardening.strict_json import StrictJSONError
from harness.jose.keys import SigningKey
from harness.ssf.constants import SET_TYP

ASYMMETRIC_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


class SETDecodeError(ValueError):
    """The token is not a well-formed compact JWS with JSON header and claims."""


class SETVerifyError(ValueError):
    """The signature does not verify, or the header is not acceptable (reason in `code`)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code  # RFC 8935 err code suited to the failure


@dataclass(frozen=True)
class DecodedSET:
    token: str
    header: dict
    claims: dict


def _b64url_json(segment: str, what: str) -> dict:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError as exc:
        raise SETDecodeError(f"{what} is not base64url-encoded JSON") from exc
    try:
        value = read_json(raw, unique_members=True)  # RFC 7519 §4: unique claim names
    except StrictJSONError as exc:
        raise SETDecodeError(f"{what} is not strict JSON: {exc}") from None
    if not isinstance(value, dict):
        raise SETDecodeError(f"{what} is not a JSON object")
    return value


def decode_set(token: str | bytes) -> DecodedSET:
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError as exc:
            raise SETDecodeError("token is not ASCII") from exc
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise SETDecodeError(f"compact JWS has 3 dot-separated parts, got {len(parts)}")
    header = _b64url_json(parts[0], "JOSE header")
    claims = _b64url_json(parts[1], "claims")
    return DecodedSET(token=token, header=header, claims=claims)


def sign_set(claims: dict, key: SigningKey, header: dict | None = None) -> str:
    """Sign `claims` as a SET. `header` entries override the defaults (fault injection uses it;
    a value of None removes the member)."""
    protected = {"alg": key.alg, "typ": SET_TYP, "kid": key.kid}
    for name, value in (header or {}).items():
        if value is None:
            protected.pop(name, None)
        else:
            protected[name] = value
    signer = jws.JWS(json_encode(claims).encode())
    signer.add_signature(key.key, alg=protected["alg"], protected=json_encode(protected))
    return signer.serialize(compact=True)


def is_set_typ(typ: object) -> bool:
    """RFC 8417 §2.3 `typ` of a SET: "secevent+jwt", with or without the "application/" prefix
    (RFC 7515 §4.1.9), in any case (media types are case-insensitive)."""
    return isinstance(typ, str) and typ.lower().removeprefix("application/") == SET_TYP


def verify_set(token: str, jwks: dict | jwk.JWKSet,
               algs: tuple[str, ...] = ("RS256", "ES256")) -> DecodedSET:
    decoded = decode_set(token)
    alg = decoded.header.get("alg")
    if alg not in algs or alg not in ASYMMETRIC_ALGS:
        raise SETVerifyError("invalid_request", f"alg {alg!r} is not allowed (allowed: {list(algs)})")
    keyset = _keyset(jwks)
    kid = decoded.header.get("kid")
    candidates = [k for k in keyset["keys"] if kid is None or k.get("kid") == kid]
    if not candidates:
        raise SETVerifyError("invalid_key", f"no key with kid {kid!r} in the JWKS")
    for key in candidates:
        try:
            verifier = jws.JWS()
            verifier.deserialize(decoded.token)
            verifier.verify(key, alg=alg)
            return decoded
        except JWException:
            continue
    raise SETVerifyError("invalid_key", "signature does not verify with the published key(s)")


def _keyset(jwks) -> jwk.JWKSet:
    """The JWK Set to verify with; a document that is not one (a malformed key, `keys` not a
    list, not JSON data) is the publisher's fault: SETVerifyError, not a crash."""
    if isinstance(jwks, jwk.JWKSet):
        return jwks
    try:
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise ValueError("not an object with a keys array")
        return jwk.JWKSet.from_json(json.dumps(jwks, allow_nan=False))
    except (JWException, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise SETVerifyError("invalid_key", f"the JWKS is not a valid JWK Set "
                                            f"({type(exc).__name__}: {str(exc)[:200]})") from None
