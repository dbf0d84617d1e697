"""Signing keys persisted in the database; the private JWK never leaves it (or memory)."""
from __future__ import annotations

import time

from harness.jose import KeyRing, SigningKey
from harness.reference.transmitter.db import Database


class KeyStore:
    def __init__(self, db: Database, alg: str, grace_seconds: float):
        self.db = db
        rows = db.query("SELECT private_json FROM signing_keys ORDER BY created_at, rowid")
        keys = [SigningKey.from_private_json(r["private_json"]) for r in rows]
        if not keys:
            keys = [SigningKey.generate(alg)]
            self._save(keys[0])
        self.ring = KeyRing(keys, grace_seconds)
        self._rogue: SigningKey | None = None
        if self.ring.current.alg != alg:  # configuration changed the algorithm: rotate to it
            self.rotate(alg)
        self._forget_pruned()

    @property
    def current(self) -> SigningKey:
        return self.ring.current

    def jwks(self) -> dict:
        keys = self.ring.published()
        return {"keys": [k.public_jwk() for k in keys]}

    def rotate(self, alg: str | None = None) -> SigningKey:
        old = self.ring.current
        new = self.ring.rotate(alg)
        with self.db.transaction() as conn:
            conn.execute("UPDATE signing_keys SET private_json = ? WHERE kid = ?",
                         (old.to_private_json(), old.kid))  # records retired_at
        self._save(new)
        self._forget_pruned()
        return new

    def rogue_key(self) -> SigningKey:
        """A key that is never published, carrying the current kid (fault set-bad-signature)."""
        current = self.current
        if self._rogue is None or self._rogue.kid != current.kid:
            self._rogue = SigningKey.generate(current.alg, kid=current.kid)
        return self._rogue

    def _save(self, key: SigningKey) -> None:
        self.db.execute("INSERT INTO signing_keys (kid, private_json, created_at) VALUES (?,?,?)",
                        (key.kid, key.to_private_json(), key.created_at or time.time()))

    def _forget_pruned(self) -> None:
        self.ring.prune()
        kept = [k.kid for k in self.ring.keys]
        marks = ",".join("?" * len(kept))
        self.db.execute(f"DELETE FROM signing_keys WHERE kid NOT IN ({marks})", kept)
