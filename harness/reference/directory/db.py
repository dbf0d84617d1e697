"""SQLite persistence (stdlib sqlite3, WAL) for the directory: one connection guarded by a lock.

Organisations (status survives restarts), software statements, published key sets (the
keystore) and the directory's own signing keys, whose private form lives only in this file.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from harness.hardening import private_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS organisations (
    organisation_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,               -- Active | Pending | Withdrawn
    authority_claims TEXT NOT NULL      -- JSON array
);
CREATE TABLE IF NOT EXISTS software_statements (
    software_statement_id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL,
    status TEXT NOT NULL,               -- Active | Inactive | Suspended
    statement TEXT NOT NULL,            -- JSON: the stored members (no client secret)
    roles TEXT NOT NULL,                -- JSON: [{Status, AuthorisationDomain, Role}]
    locked INTEGER NOT NULL DEFAULT 0,  -- an assertion has been generated
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_by_org ON software_statements (organisation_id);
-- Public key sets served under /keystore: owner is '<org>' or '<org>/<software statement>'.
CREATE TABLE IF NOT EXISTS keystore (
    owner TEXT PRIMARY KEY,
    jwks TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY,
    private_json TEXT NOT NULL,
    created_at REAL NOT NULL
);
"""


class Database:
    def __init__(self, path: str | Path):
        if str(path) != ":memory:":
            private_file(path)  # 0600 from the start: the SSA signing keys live here
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA busy_timeout=5000")
            self.conn.executescript(SCHEMA)

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        with self.lock:
            return self.conn.execute(sql, params).fetchone()

    def execute(self, sql: str, params: tuple | list = ()) -> int:
        with self.lock:
            return self.conn.execute(sql, params).rowcount

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def close(self) -> None:
        with self.lock:
            self.conn.close()
