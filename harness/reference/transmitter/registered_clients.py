"""Clients registered by software statement (RFC 7591), persisted in SQLite.

Only SHA-256 digests of the client secret and of the RFC 7592 registration access token are
stored: the values are shown once, in the 201 response, and never again.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field

from harness.reference.transmitter.config import ReceiverClient
from harness.reference.transmitter.db import Database


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    secret_digest: str = field(repr=False)
    registration_token_digest: str = field(repr=False)
    scopes: tuple[str, ...]
    audience: str
    metadata: dict          # the client information response without its secrets
    created_at: float

    def as_receiver_client(self) -> ReceiverClient:
        return ReceiverClient(self.client_id, scopes=self.scopes, audience=self.audience)

    def secret_matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_digest, digest(secret))

    def registration_token_matches(self, token: str) -> bool:
        return hmac.compare_digest(self.registration_token_digest, digest(token))


@dataclass(frozen=True)
class IssuedCredentials:
    client: RegisteredClient
    client_secret: str = field(repr=False)
    registration_access_token: str = field(repr=False)


class RegisteredClients:
    """In-memory view over the registered_clients table (loaded at start, written through)."""

    def __init__(self) -> None:
        self.db: Database | None = None
        self._by_id: dict[str, RegisteredClient] = {}

    def load(self, db: Database) -> None:
        self.db = db
        for row in db.query("SELECT * FROM registered_clients"):
            self._by_id[row["client_id"]] = RegisteredClient(
                row["client_id"], row["secret_digest"], row["registration_token_digest"],
                tuple(json.loads(row["scopes"])), row["audience"], json.loads(row["metadata"]),
                row["created_at"])

    def get(self, client_id: str) -> RegisteredClient | None:
        return self._by_id.get(client_id)

    def new(self, scopes: tuple[str, ...], audience: str | None, metadata: dict, *,
            stored_secret_differs: bool = False) -> IssuedCredentials:
        """Register a client; `stored_secret_differs` is fault registration-credentials-unusable
        (the secret handed out is not the one kept)."""
        client_id = "dcr-" + secrets.token_hex(8)
        secret, token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        kept = secrets.token_urlsafe(32) if stored_secret_differs else secret
        client = RegisteredClient(client_id, digest(kept), digest(token), tuple(scopes),
                                  audience or client_id, {**metadata, "client_id": client_id},
                                  time.time())
        self.db.execute(
            "INSERT INTO registered_clients (client_id, secret_digest, registration_token_digest,"
            " scopes, audience, metadata, created_at) VALUES (?,?,?,?,?,?,?)",
            (client.client_id, client.secret_digest, client.registration_token_digest,
             json.dumps(list(client.scopes)), client.audience, json.dumps(client.metadata),
             client.created_at))
        self._by_id[client_id] = client
        return IssuedCredentials(client, secret, token)

    def delete(self, client_id: str) -> None:
        self.db.execute("DELETE FROM registered_clients WHERE client_id = ?", (client_id,))
        self._by_id.pop(client_id, None)
