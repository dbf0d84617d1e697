"""One SQLite connection shared by the receiver's stores, serialised by a lock.

Handlers run on worker threads, so the connection is opened with check_same_thread=False and
every use goes through `tx()`. WAL + synchronous=FULL: a committed row survives a crash, which is
what lets the push endpoint promise that a 202'd SET is never lost.

`batched(work)` is group commit for the hot path (recording delivered SETs, applying response
actions): works queued by concurrent threads run in one transaction, each in a savepoint of its
own (a failing work is rolled back alone and re-raised to its caller), and one COMMIT (one fsync)
makes them all durable before any caller returns. Same durability as `tx()`, one fsync per batch
instead of per SET. A work queued with `durable=False` (a response action: an event left
unprocessed by a power loss is processed again at the next start) needs no fsync of its own: a
batch of such works alone commits with synchronous=NORMAL, and the next durable commit syncs it.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from harness.hardening import is_strict, private_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at REAL NOT NULL, delivery TEXT NOT NULL,
  jti TEXT, token_sha256 TEXT, token TEXT,
  event_uri TEXT, subject TEXT, claims TEXT,
  accepted INTEGER NOT NULL, duplicate INTEGER NOT NULL DEFAULT 0,
  err TEXT, description TEXT, processed_at REAL);
CREATE INDEX IF NOT EXISTS events_jti ON events(jti);
CREATE TABLE IF NOT EXISTS seen_jtis (
  jti TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL, event_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY, config TEXT NOT NULL, status TEXT, status_reason TEXT,
  warnings TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL, deleted_at REAL);
CREATE TABLE IF NOT EXISTS verifications (
  state TEXT PRIMARY KEY, stream_id TEXT, requested_at REAL NOT NULL,
  confirmed_at REAL, jti TEXT);
CREATE TABLE IF NOT EXISTS poll_pending (
  jti TEXT PRIMARY KEY, kind TEXT NOT NULL, err TEXT, description TEXT);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, phone_number TEXT UNIQUE,
  iss TEXT, sub TEXT, opaque_id TEXT UNIQUE, account_state TEXT NOT NULL DEFAULT 'enabled',
  credential_reset_required INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL,
  UNIQUE (iss, sub));
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), device_id TEXT,
  state TEXT NOT NULL DEFAULT 'active', created_at REAL NOT NULL,
  changed_at REAL, reason TEXT);
CREATE TABLE IF NOT EXISTS credentials (
  id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL REFERENCES users(id),
  credential_type TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active', changed_at REAL);
CREATE TABLE IF NOT EXISTS identifier_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, format TEXT, old_value TEXT,
  new_value TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS security_state (
  subject_key TEXT PRIMARY KEY, user_id INTEGER, subject TEXT NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, event_id INTEGER NOT NULL, jti TEXT, event_uri TEXT,
  user_id INTEGER, action TEXT NOT NULL, detail TEXT, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS actions_jti ON actions(jti);
"""


class Database:
    def __init__(self, path: Path | str):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            private_file(self.path)  # 0600 from the start: bearer-protected data lives here
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._queue: list[_Work] = []      # works waiting for the next group commit
        self._queue_lock = threading.Lock()
        self._synchronous = "FULL"
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(SCHEMA)

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success (durably), rolled back on any exception."""
        with self._lock:
            self._set_synchronous("FULL")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def batched(self, work: Callable[[sqlite3.Connection], Any], durable: bool = True) -> Any:
        """Run `work(conn)` in a write transaction shared with other threads' queued works and
        return its result once that transaction is committed (group commit)."""
        [(result, error)] = self.batched_many([work], durable)
        if error is not None:
            raise error
        return result

    def batched_many(self, works: list[Callable[[sqlite3.Connection], Any]],
                     durable: bool = True) -> list[tuple[Any, BaseException | None]]:
        """Several works, each in its own savepoint: (result, exception raised or None) per
        work, in order, all committed before this returns."""
        mine = [_Work(w, durable) for w in works]
        with self._queue_lock:
            self._queue.extend(mine)
        # Whoever takes the connection commits everything queued by then: while one thread
        # waits for its fsync, the others queue up, and the next holder commits them together.
        with self._lock:
            if not mine[-1].done:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._commit(batch)
        return [(w.result, w.error) for w in mine]

    def _commit(self, batch: list[_Work]) -> None:
        conn = self._conn
        self._set_synchronous("FULL" if any(item.durable for item in batch) else "NORMAL")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for item in batch:
                conn.execute("SAVEPOINT work")
                try:
                    item.result = item.fn(conn)
                except Exception as exc:
                    conn.execute("ROLLBACK TO work")
                    item.error = exc
                conn.execute("RELEASE work")
            conn.execute("COMMIT")
        except BaseException as exc:  # nothing of this batch is durable: every caller fails
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            for item in batch:
                item.result, item.error = None, exc
            if not isinstance(exc, Exception):
                raise
        finally:
            for item in batch:
                item.done = True

    def _set_synchronous(self, mode: str) -> None:
        """Called with the lock held, outside a transaction."""
        if mode != self._synchronous:
            self._conn.execute(f"PRAGMA synchronous={mode}")
            self._synchronous = mode

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class _Work:
    __slots__ = ("fn", "durable", "result", "error", "done")

    def __init__(self, fn: Callable[[sqlite3.Connection], Any], durable: bool):
        self.fn, self.durable, self.result, self.error, self.done = fn, durable, None, None, False


def dumps(value) -> str | None:
    """Strict JSON only: NaN/Infinity become null and a lone surrogate '?', so reading the log
    back can never produce a response Starlette refuses to serialise (defence in depth: what
    reaches here was parsed strictly already)."""
    if value is None:
        return None
    if is_strict(value, max_depth=64):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    text = json.dumps(value, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
    cleaned = json.loads(text, parse_constant=lambda _: None)
    return json.dumps(cleaned, sort_keys=True, separators=(",", ":"))


def loads(text: str | None):
    return None if text is None else json.loads(text)
