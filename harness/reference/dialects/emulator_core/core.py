"""EmulatorCore: one emulator's state and SET delivery.

State lives in SQLite (the reference transmitter's `Database`: 0600 file, WAL, one locked
connection) with tables of our own next to its `signing_keys`, so the reference `KeyStore` keeps
the private key there. SETs are signed with harness.jose and delivered per stream:
- push (RFC 8935): POST the compact JWS as application/secevent+jwt; 2xx delivered, 400 with
  {err, description} rejected (not retried), 5xx/429/network errors retried with the
  reference's backoff a few times, then failed; the outbound address policy applies;
- poll (RFC 8936): kept until a poll hands them out and an ack removes them.
A paused stream holds its SETs until enabled again; a disabled stream drops them.
"""
from __future__ import annotations

import asyncio
import json
import ssl
import time
import uuid
from dataclasses import dataclass

import httpx

from harness.hardening import AddressPolicy, async_transport, refused_by_policy
from harness.jose import sign_set
from harness.reference.transmitter.db import Database
from harness.reference.transmitter.keystore import KeyStore
from harness.reference.transmitter.push import backoff_delay, parse_retry_after
from harness.ssf.constants import SET_MEDIA_TYPE

SCHEMA = """
CREATE TABLE IF NOT EXISTS emu_streams (
    stream_id TEXT PRIMARY KEY, config TEXT NOT NULL, status TEXT NOT NULL,
    created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS emu_subjects (
    stream_id TEXT NOT NULL, subject_key TEXT NOT NULL, subject TEXT NOT NULL,
    PRIMARY KEY (stream_id, subject_key));
CREATE TABLE IF NOT EXISTS emu_sets (
    jti TEXT NOT NULL, stream_id TEXT NOT NULL, event_uri TEXT NOT NULL, token TEXT NOT NULL,
    state TEXT NOT NULL,  -- held|queued|delivered|rejected|failed|acked
    error TEXT, created_at REAL NOT NULL, PRIMARY KEY (stream_id, jti));
"""
PUSH_ATTEMPTS = 3
PUSH_TIMEOUT = 10.0


@dataclass(frozen=True)
class Stream:
    stream_id: str
    config: dict   # the dialect's own stream configuration, as it answers it
    status: str

    # The core reads delivery from these members of `config` (the dialect maps its shape).
    @property
    def method(self) -> str:        # "push" | "poll"
        return self.config["_delivery"]["method"]

    @property
    def push_url(self) -> str | None:
        return self.config["_delivery"].get("url")

    @property
    def push_authorization(self) -> str | None:
        return self.config["_delivery"].get("authorization")

    @property
    def events(self) -> list[str]:
        return self.config["_delivery"].get("events", [])

    def public(self) -> dict:
        """The configuration without the core's bookkeeping member."""
        return {k: v for k, v in self.config.items() if k != "_delivery"}


class EmulatorCore:
    def __init__(self, settings):
        self.settings = settings
        self.db = Database(settings.db_path)
        with self.db.lock:
            self.db.conn.executescript(SCHEMA)
        self.keys = KeyStore(self.db, "RS256", 3600.0)
        self._http: httpx.AsyncClient | None = None
        self._changed: asyncio.Event | None = None
        self._tasks: set[asyncio.Task] = set()

    # -- lifecycle --------------------------------------------------------------------------
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            verify: ssl.SSLContext = ssl.create_default_context()
            if self.settings.ca_file:
                verify.load_verify_locations(cafile=self.settings.ca_file)
            policy = AddressPolicy.build(self.settings.allow_loopback_addresses, False)
            self._http = httpx.AsyncClient(transport=async_transport(policy, verify=verify),
                                           timeout=PUSH_TIMEOUT)
        return self._http

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()
        self.db.close()

    # -- streams ----------------------------------------------------------------------------
    def save_stream(self, stream_id: str, config: dict, status: str) -> Stream:
        self.db.execute("INSERT OR REPLACE INTO emu_streams VALUES (?,?,?,?)",
                        (stream_id, json.dumps(config), status, time.time()))
        return Stream(stream_id, config, status)

    def stream(self, stream_id: str) -> Stream | None:
        row = self.db.one("SELECT * FROM emu_streams WHERE stream_id=?", (stream_id,))
        return Stream(row["stream_id"], json.loads(row["config"]), row["status"]) if row else None

    def streams(self) -> list[Stream]:
        rows = self.db.query("SELECT * FROM emu_streams ORDER BY created_at, rowid")
        return [Stream(r["stream_id"], json.loads(r["config"]), r["status"]) for r in rows]

    def delete_stream(self, stream_id: str) -> bool:
        with self.db.transaction() as conn:
            for table in ("emu_sets", "emu_subjects"):
                conn.execute(f"DELETE FROM {table} WHERE stream_id=?", (stream_id,))
            return conn.execute("DELETE FROM emu_streams WHERE stream_id=?",
                                (stream_id,)).rowcount > 0

    async def set_status(self, stream_id: str, status: str) -> bool:
        if not self.db.execute("UPDATE emu_streams SET status=? WHERE stream_id=?",
                               (status, stream_id)):
            return False
        if status == "enabled":  # release what a pause held
            stream = self.stream(stream_id)
            for row in self.db.query("SELECT jti, token FROM emu_sets WHERE stream_id=? AND "
                                     "state='held' ORDER BY created_at", (stream_id,)):
                self._dispatch(stream, row["jti"], row["token"])
        elif status == "disabled":
            self.db.execute("DELETE FROM emu_sets WHERE stream_id=? AND state IN "
                            "('held','queued')", (stream_id,))
        return True

    # -- subjects ---------------------------------------------------------------------------
    def add_subject(self, stream_id: str, subject: dict) -> None:
        key = json.dumps(subject, sort_keys=True)
        self.db.execute("INSERT OR REPLACE INTO emu_subjects VALUES (?,?,?)",
                        (stream_id, key, key))

    def remove_subject(self, stream_id: str, subject: dict) -> bool:
        key = json.dumps(subject, sort_keys=True)
        return self.db.execute("DELETE FROM emu_subjects WHERE stream_id=? AND subject_key=?",
                               (stream_id, key)) > 0

    def subjects(self, stream_id: str) -> list[dict]:
        rows = self.db.query("SELECT subject FROM emu_subjects WHERE stream_id=?", (stream_id,))
        return [json.loads(r["subject"]) for r in rows]

    # -- SETs -------------------------------------------------------------------------------
    def sign(self, claims: dict, header: dict | None = None) -> str:
        return sign_set(claims, self.keys.current, header)

    @staticmethod
    def new_jti() -> str:
        return uuid.uuid4().hex

    def deliver(self, stream: Stream, claims: dict, header: dict | None = None) -> str | None:
        """Sign `claims` and send them on `stream` as its status says; the jti, or None when
        the stream is disabled (the SET is dropped)."""
        if stream.status == "disabled":
            return None
        token = self.sign(claims, header)
        event_uri = next(iter(claims.get("events") or {"": None}))
        state = "held" if stream.status == "paused" else "queued"
        self.db.execute("INSERT OR REPLACE INTO emu_sets VALUES (?,?,?,?,?,?,?)",
                        (claims["jti"], stream.stream_id, event_uri, token, state, None,
                         time.time()))
        if state == "queued":
            self._dispatch(stream, claims["jti"], token)
        return claims["jti"]

    def deliveries(self, stream_id: str) -> list[dict]:
        rows = self.db.query("SELECT jti, event_uri, state, error FROM emu_sets WHERE "
                             "stream_id=? ORDER BY created_at", (stream_id,))
        return [dict(r) for r in rows]

    def _dispatch(self, stream: Stream, jti: str, token: str) -> None:
        self._mark(stream.stream_id, jti, "queued")
        if stream.method == "push":
            task = asyncio.get_running_loop().create_task(self._push(stream, jti, token))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._notify()

    def _mark(self, stream_id: str, jti: str, state: str, error: str | None = None) -> None:
        self.db.execute("UPDATE emu_sets SET state=?, error=? WHERE stream_id=? AND jti=?",
                        (state, error, stream_id, jti))

    async def _push(self, stream: Stream, jti: str, token: str) -> None:
        headers = {"Content-Type": SET_MEDIA_TYPE, "Accept": "application/json"}
        if stream.push_authorization:
            headers["Authorization"] = stream.push_authorization
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            wait = backoff_delay(attempt, 0.2, 2.0, jitter=True)
            try:
                answer = await self.http().post(stream.push_url, content=token, headers=headers)
            except httpx.HTTPError as exc:
                if refused_by_policy(exc):
                    return self._mark(stream.stream_id, jti, "failed", refused_by_policy(exc))
                error = f"{type(exc).__name__}: {exc}"[:300]
            else:
                if answer.is_success:
                    return self._mark(stream.stream_id, jti, "delivered")
                error = f"HTTP {answer.status_code}: {answer.text[:200]}"
                if answer.status_code < 500 and answer.status_code not in (408, 429):
                    return self._mark(stream.stream_id, jti, "rejected", error)
                wait = parse_retry_after(answer.headers.get("retry-after"), time.time(),
                                         5.0) or wait
            if attempt < PUSH_ATTEMPTS:
                await asyncio.sleep(wait)  # retry backoff, not a wait for an outcome
        self._mark(stream.stream_id, jti, "failed", error)

    # -- poll (RFC 8936) --------------------------------------------------------------------
    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def poll(self, stream_id: str, max_events: int | None, return_immediately: bool,
                   acks: list[str], set_errs: dict, wait_seconds: float) -> tuple[dict, bool]:
        """Apply `acks`/`set_errs`, then hand out queued SETs: ({jti: token}, moreAvailable)."""
        for jti in acks:
            self._mark(stream_id, jti, "acked")
        for jti, err in set_errs.items():
            self._mark(stream_id, jti, "rejected", json.dumps(err)[:300])
        deadline = time.monotonic() + (0 if return_immediately or max_events == 0
                                       else wait_seconds)
        while True:
            rows = self.db.query("SELECT jti, token FROM emu_sets WHERE stream_id=? AND "
                                 "state='queued' ORDER BY created_at", (stream_id,))
            remaining = deadline - time.monotonic()
            if rows or remaining <= 0:
                break
            if self._changed is None:
                self._changed = asyncio.Event()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        limit = len(rows) if max_events is None else max_events
        return {r["jti"]: r["token"] for r in rows[:limit]}, len(rows) > limit
