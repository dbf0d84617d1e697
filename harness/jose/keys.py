"""Signing keys with `kid`, RS256 by default or ES256, and rotation with a grace period.

A rotated-out key stays in the published JWKS until its grace period ends, so SETs signed just
before a rotation still verify at receivers that fetch the JWKS afterwards.
"""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass

from jwcrypto import jwk

SUPPORTED_ALGS = ("RS256", "ES256")


@dataclass
class SigningKey:
    key: jwk.JWK
    alg: str
    created_at: float
    retired_at: float | None = None  # set when rotated out; published until retired_at + grace

    @property
    def kid(self) -> str:
        return self.key["kid"]

    @classmethod
    def generate(cls, alg: str = "RS256", kid: str | None = None) -> "SigningKey":
        if alg not in SUPPORTED_ALGS:
            raise ValueError(f"unsupported signing alg {alg!r}; expected one of {SUPPORTED_ALGS}")
        kid = kid or f"{alg.lower()}-{secrets.token_hex(6)}"
        if alg == "RS256":
            key = jwk.JWK.generate(kty="RSA", size=2048, kid=kid, alg=alg, use="sig")
        else:
            key = jwk.JWK.generate(kty="EC", crv="P-256", kid=kid, alg=alg, use="sig")
        return cls(key=key, alg=alg, created_at=time.time())

    def public_jwk(self) -> dict:
        return self.key.export_public(as_dict=True)

    def to_private_json(self) -> str:
        """Serialised private form, for the reference's own persistence only; never logged."""
        return json.dumps({"jwk": self.key.export_private(as_dict=True), "alg": self.alg,
                           "created_at": self.created_at, "retired_at": self.retired_at})

    @classmethod
    def from_private_json(cls, text: str) -> "SigningKey":
        data = json.loads(text)
        return cls(key=jwk.JWK(**data["jwk"]), alg=data["alg"], created_at=data["created_at"],
                   retired_at=data.get("retired_at"))


class KeyRing:
    """The current signing key plus retired keys still inside their grace period."""

    def __init__(self, keys: list[SigningKey], grace_seconds: float = 3600.0):
        if not keys:
            raise ValueError("a KeyRing needs at least one key")
        self.keys = list(keys)
        self.grace_seconds = grace_seconds

    @classmethod
    def generate(cls, alg: str = "RS256", grace_seconds: float = 3600.0) -> "KeyRing":
        return cls([SigningKey.generate(alg)], grace_seconds)

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def rotate(self, alg: str | None = None, now: float | None = None) -> SigningKey:
        now = time.time() if now is None else now
        self.current.retired_at = now
        new = SigningKey.generate(alg or self.current.alg)
        self.keys.append(new)
        self.prune(now)
        return new

    def prune(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        self.keys = [k for k in self.keys
                     if k.retired_at is None or now < k.retired_at + self.grace_seconds]

    def published(self, now: float | None = None) -> list[SigningKey]:
        self.prune(now)
        return list(self.keys)

    def jwks(self, now: float | None = None) -> dict:
        return {"keys": [k.public_jwk() for k in self.published(now)]}
