"""The directory's SSA signing keys, persisted in its database; the private JWK never leaves it.

harness.jose's `SigningKey` holds the key; generation lives here because SSAs are PS256 by
default (the directory family's choice), which harness.jose's SET keys do not generate.
A rotated-out key stays published for `grace_seconds`, so SSAs issued just before a rotation
still verify.
"""
from __future__ import annotations

import secrets

from jwcrypto import jwk

from harness.jose import KeyRing, SigningKey
from harness.reference.directory.db import Database


def generate_key(alg: str, now: float, kid: str | None = None) -> SigningKey:
    kid = kid or f"directory-{alg.lower()}-{secrets.token_hex(6)}"
    if alg in ("PS256", "RS256"):
        key = jwk.JWK.generate(kty="RSA", size=2048, kid=kid, alg=alg, use="sig")
    else:
        key = jwk.JWK.generate(kty="EC", crv="P-256", kid=kid, alg=alg, use="sig")
    return SigningKey(key=key, alg=alg, created_at=now)


class DirectoryKeys:
    def __init__(self, db: Database, alg: str, grace_seconds: float, clock):
        self.db, self.alg, self.clock = db, alg, clock
        rows = db.query("SELECT private_json FROM signing_keys ORDER BY created_at, rowid")
        keys = [SigningKey.from_private_json(r["private_json"]) for r in rows]
        if not keys:
            keys = [generate_key(alg, clock())]
            self._save(keys[0])
        self.ring = KeyRing(keys, grace_seconds)
        self._rogue: SigningKey | None = None
        if self.ring.current.alg != alg:  # the configured algorithm changed: rotate to it
            self.rotate()

    @property
    def current(self) -> SigningKey:
        return self.ring.current

    def jwks(self) -> dict:
        return {"keys": [k.public_jwk() for k in self.ring.published(self.clock())]}

    def rotate(self) -> SigningKey:
        now = self.clock()
        old = self.ring.current
        old.retired_at = now
        new = generate_key(self.alg, now)
        self.ring.keys.append(new)
        self.db.execute("UPDATE signing_keys SET private_json = ? WHERE kid = ?",
                        (old.to_private_json(), old.kid))
        self._save(new)
        self.ring.prune(now)
        kept = [k.kid for k in self.ring.keys]
        self.db.execute(f"DELETE FROM signing_keys WHERE kid NOT IN ({','.join('?' * len(kept))})",
                        kept)
        return new

    def rogue_key(self) -> SigningKey:
        """A key never published, carrying the current kid (fault ssa-bad-signature)."""
        current = self.current
        if self._rogue is None or self._rogue.kid != current.kid:
            self._rogue = generate_key(current.alg, self.clock(), kid=current.kid)
        return self._rogue

    def _save(self, key: SigningKey) -> None:
        self.db.execute("INSERT INTO signing_keys (kid, private_json, created_at) VALUES (?,?,?)",
                        (key.kid, key.to_private_json(), key.created_at))
