"""SQLite persistence of the Kolide emulator: streams and the SETs made for them (tables
`kolide_*`), in the reference transmitter's Database, whose file is 0600 from its creation
because it holds private signing keys and poll bearer tokens. The poll token is
kept as issued, not as a digest, only because the fault kolide-poll-token-repeated has to be
able to show it again; the emulator itself never does.
"""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from harness.reference.transmitter.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS kolide_streams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- the document's "id" ("1"), as a string on the wire
    stream_id TEXT NOT NULL UNIQUE,        -- a UUID
    name TEXT NOT NULL,
    url TEXT,              -- aud and delivery.endpoint_url: one value in Kolide's model
    delivery_type TEXT NOT NULL,           -- push | poll
    enabled INTEGER NOT NULL,
    events TEXT NOT NULL,                  -- JSON array: events_requested (with verification)
    spec_version TEXT NOT NULL,            -- v1.0 | draft
    poll_token TEXT,                       -- NULL: a legacy stream made before poll tokens
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- stream_ids of deleted streams (only the fault kolide-rotation-keeps-stream-id reads them)
CREATE TABLE IF NOT EXISTS kolide_retired_stream_ids (
    stream_id TEXT NOT NULL, retired_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS kolide_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ssf_stream_event_id of the /test answer
    stream_id TEXT NOT NULL,
    jti TEXT NOT NULL,
    event_uri TEXT NOT NULL,
    token TEXT NOT NULL,
    state TEXT NOT NULL,     -- poll: queued | acked; push: pending | delivered | failed
    response_code TEXT,      -- push: the receiver's HTTP status
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS kolide_events_poll ON kolide_events (stream_id, state, id);
"""


def timestamp() -> str:
    """The document's form: 2026-01-23T21:45:43.998Z."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def open_database(path: str | Path) -> Database:
    """The reference transmitter's Database (0600 file, WAL, one locked connection; its
    `signing_keys` table holds the KeyStore's keys) with the Kolide tables next to its own."""
    db = Database(path)
    with db.lock:
        db.conn.executescript(SCHEMA)
    return db


def _insert(db: Database, sql: str, params: tuple) -> int:
    with db.lock:
        return db.conn.execute(sql, params).lastrowid


@dataclass
class Stream:
    id: int
    stream_id: str
    name: str
    url: str | None
    delivery_type: str
    enabled: bool
    events: list[str]
    spec_version: str
    poll_token: str | None
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "Stream":
        data = dict(row)
        data["enabled"] = bool(data["enabled"])
        data["events"] = json.loads(data["events"])
        return cls(**data)

    @property
    def legacy(self) -> bool:
        """Made before poll bearer tokens: polls and acks need no X-Kolide-Poll-Bearer-Token."""
        return self.poll_token is None


class StreamStore:
    _FIELDS = ("name", "url", "delivery_type", "enabled", "events", "spec_version")

    def __init__(self, db: Database):
        self.db = db

    def create(self, values: dict[str, Any], poll_token: str | None,
               stream_id: str | None = None) -> Stream:
        now = timestamp()
        row_id = _insert(
            self.db, "INSERT INTO kolide_streams (stream_id, name, url, delivery_type, enabled, "
            "events, spec_version, poll_token, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (stream_id or str(uuid.uuid4()), values["name"], values["url"],
             values["delivery_type"], int(values["enabled"]), json.dumps(values["events"]),
             values["spec_version"], poll_token, now, now))
        return self.get(str(row_id))

    def get(self, key: str) -> Stream | None:
        """By the numeric `id` or by the `stream_id` (the document addresses streams by either)."""
        column = "id" if key.isascii() and key.isdigit() else "stream_id"
        if column == "id" and len(key) > 18:
            return None
        row = self.db.one(f"SELECT * FROM kolide_streams WHERE {column} = ?", (key,))
        return Stream.from_row(row) if row else None

    def all(self) -> list[Stream]:
        rows = self.db.query("SELECT * FROM kolide_streams ORDER BY id")
        return [Stream.from_row(r) for r in rows]

    def update(self, stream: Stream, values: dict[str, Any]) -> Stream:
        changes = {k: v for k, v in values.items() if k in self._FIELDS}
        if not changes:
            return stream
        encoded = {k: (json.dumps(v) if k == "events" else int(v) if k == "enabled" else v)
                   for k, v in changes.items()}
        sets = ", ".join(f"{k} = ?" for k in encoded)
        self.db.execute(f"UPDATE kolide_streams SET {sets}, updated_at = ? WHERE id = ?",
                        (*encoded.values(), timestamp(), stream.id))
        return self.get(str(stream.id))

    def delete(self, stream: Stream) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM kolide_streams WHERE id = ?", (stream.id,))
            conn.execute("DELETE FROM kolide_events WHERE stream_id = ?", (stream.stream_id,))
            conn.execute("INSERT INTO kolide_retired_stream_ids VALUES (?, ?)",
                         (stream.stream_id, time.time()))

    def last_retired_stream_id(self) -> str | None:
        row = self.db.one("SELECT stream_id FROM kolide_retired_stream_ids WHERE stream_id "
                          "NOT IN (SELECT stream_id FROM kolide_streams) "
                          "ORDER BY retired_at DESC LIMIT 1")
        return row["stream_id"] if row else None


class EventStore:
    def __init__(self, db: Database):
        self.db = db

    def add(self, stream: Stream, jti: str, event_uri: str, token: str) -> int:
        state = "queued" if stream.delivery_type == "poll" else "pending"
        return _insert(
            self.db, "INSERT INTO kolide_events (stream_id, jti, event_uri, token, state, "
            "created_at) VALUES (?,?,?,?,?,?)",
            (stream.stream_id, jti, event_uri, token, state, time.time()))

    def pushed(self, event_id: int, delivered: bool, response_code: str | None) -> None:
        self.db.execute("UPDATE kolide_events SET state = ?, response_code = ? WHERE id = ?",
                        ("delivered" if delivered else "failed", response_code, event_id))

    def queued(self, stream: Stream) -> dict[str, str]:
        rows = self.db.query("SELECT jti, token FROM kolide_events WHERE stream_id = ? AND "
                             "state = 'queued' ORDER BY id", (stream.stream_id,))
        return {r["jti"]: r["token"] for r in rows}

    def ack(self, stream: Stream, jtis: list[str]) -> None:
        with self.db.transaction() as conn:
            for jti in jtis:
                conn.execute("UPDATE kolide_events SET state = 'acked' WHERE stream_id = ? AND "
                             "jti = ? AND state = 'queued'", (stream.stream_id, jti))
