"""The transmitter persona's signing keys, kept across runs per profile, so a receiver configured
once with the persona's issuer and `jwks_uri` keeps verifying its SETs.

`<state_dir>/personas/<profile name>/signing-keys.json` (mode 0600) holds the private JWKs.
Rotation is a deliberate act (`ssf-conformance persona rotate-keys`): the new key signs, the old
one stays published for the grace period, as the reference transmitter's own rotation does.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path

from harness.jose import KeyRing, SigningKey

GRACE_SECONDS = 3600.0
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


class PersonaKeys:
    def __init__(self, directory: Path, alg: str = "RS256", grace: float = GRACE_SECONDS):
        self.directory = Path(directory)
        self.file = self.directory / "signing-keys.json"
        self.alg, self.grace = alg, grace

    @classmethod
    def for_profile(cls, state: Path, profile_name: str) -> "PersonaKeys":
        return cls(Path(state) / "personas" / _SAFE_NAME.sub("_", profile_name))

    @contextmanager
    def _locked(self):
        """One writer at a time (parallel workers of one run share the file)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        with open(self.directory / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _read(self) -> KeyRing | None:
        if not self.file.exists():
            return None
        data = json.loads(self.file.read_text())
        keys = [SigningKey.from_private_json(json.dumps(k)) for k in data.get("keys", [])]
        return KeyRing(keys, self.grace) if keys else None

    def _write(self, ring: KeyRing) -> None:
        text = json.dumps({"keys": [json.loads(k.to_private_json()) for k in ring.keys]},
                          indent=2)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, self.file)

    def load(self) -> KeyRing:
        """The persona's keys, made on first use."""
        with self._locked():
            ring = self._read()
            if ring is None:
                ring = KeyRing([SigningKey.generate(self.alg)], self.grace)
                self._write(ring)
            return ring

    def rotate(self) -> SigningKey:
        """A new current key; the previous one stays published for the grace period."""
        with self._locked():
            ring = self._read() or KeyRing([SigningKey.generate(self.alg)], self.grace)
            new = ring.rotate()
            self._write(ring)
            return new


def seed_reference_keys(db_path: Path, keys: list[SigningKey]) -> None:
    """Put `keys` into a fresh reference transmitter database before it starts, so its key
    store signs with them (it generates a key only when it finds none)."""
    import time

    from harness.reference.transmitter.db import Database
    db = Database(db_path)
    try:
        for key in keys:
            db.execute("INSERT OR REPLACE INTO signing_keys (kid, private_json, created_at) "
                       "VALUES (?,?,?)", (key.kid, key.to_private_json(),
                                          key.created_at or time.time()))
    finally:
        db.close()
