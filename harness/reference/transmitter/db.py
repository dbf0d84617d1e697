"""SQLite persistence (stdlib sqlite3, WAL): one connection guarded by a lock.

Statements are short and run on the event loop thread; the lock makes the connection safe to
share with other threads (benchmarks, tests) too. Private signing keys and push bearers live only in this file, which is created 0600.
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from harness.hardening import private_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS streams (
    stream_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    -- config: JSON of aud, delivery, events_requested, events_delivered, description
    config TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    default_subjects TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_activity REAL NOT NULL,
    last_verification REAL
);
CREATE TABLE IF NOT EXISTS subjects (
    stream_id TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,                -- 'added' | 'removed'
    verified INTEGER NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (stream_id, subject_key, kind)
);
CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY,
    private_json TEXT NOT NULL,
    created_at REAL NOT NULL
);
-- The outbox and the delivery history in one table: a row per SET per stream.
CREATE TABLE IF NOT EXISTS sets (
    id TEXT PRIMARY KEY,
    jti TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    seq INTEGER NOT NULL,              -- generation order within the process lifetime + restarts
    priority INTEGER NOT NULL,         -- 0 = stream control (stream-updated), 1 = everything else
    event_uri TEXT NOT NULL,
    subject TEXT NOT NULL,
    token TEXT,
    state TEXT NOT NULL,               -- queued|delivered|rejected|failed|acked|dropped
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    retry_since REAL,                  -- first failed push attempt: the retry budget counts from it
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
-- Clients registered by software statement (RFC 7591); secrets and tokens as SHA-256 digests.
CREATE TABLE IF NOT EXISTS registered_clients (
    client_id TEXT PRIMARY KEY,
    secret_digest TEXT NOT NULL,
    registration_token_digest TEXT NOT NULL,
    scopes TEXT NOT NULL,              -- JSON array
    audience TEXT NOT NULL,
    metadata TEXT NOT NULL,            -- JSON: the client information response, secrets removed
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sets_outbox ON sets (stream_id, state, priority, seq);
CREATE INDEX IF NOT EXISTS sets_jti ON sets (stream_id, jti);
CREATE INDEX IF NOT EXISTS sets_seq ON sets (seq);
"""


class Database:
    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:" and not self.path.startswith("file:"):
            private_file(self.path)  # 0600 before SQLite writes a key into it (and its WAL)
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable against process crashes in WAL mode (only power loss can undo
            # the last commits), and keeps commits cheap enough for push throughput.
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=5000")
            self.conn.executescript(SCHEMA)
            columns = {r[1] for r in self.conn.execute("PRAGMA table_info(sets)")}
            if "retry_since" not in columns:  # a database made before the retry budget
                self.conn.execute("ALTER TABLE sets ADD COLUMN retry_since REAL")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        with self.lock:
            return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: tuple | list = ()) -> int:
        with self.lock:
            return self.conn.execute(sql, params).rowcount

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        with self.lock:
            self.conn.close()
