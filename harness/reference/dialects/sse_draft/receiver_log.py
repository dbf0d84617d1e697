"""What the ABM-style receiver received, in SQLite, and the observation endpoints that show it
in the reference receiver's sandbox layout (harness/reference/receiver/routes_observe.py;
harness.profiles.observation defaults): `GET /ssf/receiver/events` -> {"events": [{jti,
accepted, event_uri, subject, err, description, delivery, received_at, ...}]} and
`GET /ssf/receiver/actions` -> {"actions": [{jti, action, ...}]}, filters `jti`, `accepted`,
and `wait=<seconds>` with `min_count` blocking until enough entries exist (woken on each
arrival, never a sleep loop).
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.hardening import InputError, ascii_int, ascii_number, bearer_matches, private_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS rx_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, jti TEXT, event_uri TEXT, subject TEXT,
    accepted INTEGER NOT NULL, duplicate INTEGER NOT NULL, err TEXT, description TEXT,
    received_at REAL NOT NULL, claims TEXT);
CREATE TABLE IF NOT EXISTS rx_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, jti TEXT NOT NULL, action TEXT NOT NULL,
    subject TEXT, at REAL NOT NULL);
"""
# The reference receiver's action-log names (harness.profiles.observation SANDBOX_ACTION_NAMES)
ACTIONS = {"session-revoked": "sessions-revoked",
           "credential-change": "credential-change-recorded",
           "account-disabled": "account-disabled",
           "credential-compromise": "credential-reset-forced"}
MAX_WAIT = 30.0


class ReceivedLog:
    def __init__(self, path):
        private_file(path)  # 0600 before SQLite writes the received SETs into it
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.executescript(SCHEMA)
        self._changed: asyncio.Event | None = None

    def seen(self, jti: str) -> bool:
        with self.lock:
            return self.conn.execute("SELECT 1 FROM rx_events WHERE jti=? AND accepted=1",
                                     (jti,)).fetchone() is not None

    def record(self, *, jti, event_uri, subject, accepted: bool, err=None, description=None,
               claims=None, duplicate=False) -> None:
        with self.lock:
            self.conn.execute(
                "INSERT INTO rx_events (jti, event_uri, subject, accepted, duplicate, err,"
                " description, received_at, claims) VALUES (?,?,?,?,?,?,?,?,?)",
                (jti, event_uri, json.dumps(subject), int(accepted), int(duplicate), err,
                 description, time.time(), json.dumps(claims)))
            action = ACTIONS.get((event_uri or "").rsplit("/", 1)[-1])
            if accepted and not duplicate and action:
                self.conn.execute("INSERT INTO rx_actions (jti, action, subject, at) VALUES "
                                  "(?,?,?,?)", (jti, action, json.dumps(subject), time.time()))
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    def rows(self, table: str, jti: str | None, accepted: bool | None, limit: int) -> list[dict]:
        where, params = [], []
        if jti is not None:
            where, params = ["jti=?"], [jti]
        if accepted is not None and table == "rx_events":
            where.append("accepted=?")
            params.append(int(accepted))
        sql = f"SELECT * FROM {table}" + (" WHERE " + " AND ".join(where) if where else "")
        with self.lock:
            found = self.conn.execute(sql + " ORDER BY id LIMIT ?", [*params, limit]).fetchall()
        return [_entry(dict(r)) for r in found]

    async def wait(self, condition, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and (left := deadline - time.monotonic()) > 0:
            if self._changed is None:
                self._changed = asyncio.Event()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                return

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def _entry(row: dict) -> dict:
    for name in ("subject", "claims"):
        if name in row:
            row[name] = json.loads(row[name]) if row[name] else None
    for name in ("accepted", "duplicate"):
        if name in row:
            row[name] = bool(row[name])
    if "received_at" in row:
        row.update(delivery="push", processed=True)
    return row


def observation_routes_handler(log: ReceivedLog, admin_token: str, table: str, key: str):
    async def observe(request: Request) -> Response:
        if not bearer_matches(request.headers.get("authorization"), admin_token):
            return JSONResponse({"error": "access_denied"}, status_code=401)
        q = request.query_params
        accepted = {"true": True, "false": False, None: None}.get(q.get("accepted"), "bad")
        try:
            wait = ascii_number(q.get("wait"), "wait", minimum=0, maximum=MAX_WAIT, default=0)
            need = ascii_int(q.get("min_count"), "min_count", minimum=1, maximum=1000,
                             default=1)
            limit = ascii_int(q.get("limit"), "limit", minimum=1, maximum=1000, default=100)
            if accepted == "bad":
                raise InputError("accepted", "must be true or false")
        except InputError as exc:
            return JSONResponse({"error": "invalid_request", "error_description": str(exc)},
                                status_code=400)

        def found() -> list[dict]:
            return log.rows(table, q.get("jti"), accepted, limit)

        await log.wait(lambda: len(found()) >= need, wait)
        return JSONResponse({key: found()})

    return observe
