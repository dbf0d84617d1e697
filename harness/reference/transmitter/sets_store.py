"""The outbox of SETs and their delivery history (one row per SET per stream).

States: queued (waiting; for push also while being retried) → delivered (push: accepted;
poll: returned, not yet acknowledged) → acked (poll) | rejected (receiver said invalid) |
failed (push gave up: retry budget spent, attempt limit, or an address the policy refuses;
`replay` queues it again) | dropped (stream disabled/deleted, hold limit).
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

from harness.reference.transmitter.db import Database

PENDING = ("queued", "delivered")


@dataclass
class SetRecord:
    id: str
    jti: str
    stream_id: str
    seq: int
    priority: int  # 0 = stream control event (stream-updated), delivered whatever the status
    event_uri: str
    subject: dict
    token: str | None
    state: str
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: float = 0.0
    retry_since: float | None = None
    created_at: float = 0.0
    updated_at: float = 0.0

    def public(self) -> dict:
        data = asdict(self)
        data["event"] = data.pop("event_uri")
        data["status"] = data.pop("state")
        data.pop("priority")
        data.pop("next_attempt_at")
        data.pop("retry_since")
        return data


def _record(row) -> SetRecord:
    data = dict(row)
    data["subject"] = json.loads(data["subject"])
    return SetRecord(**data)


class SetStore:
    def __init__(self, db: Database):
        self.db = db
        self._seq = (db.scalar("SELECT MAX(seq) FROM sets") or 0) + 1

    def next_seq(self) -> int:
        seq, self._seq = self._seq, self._seq + 1
        return seq

    def insert(self, rec: SetRecord) -> None:
        self.db.execute(
            "INSERT INTO sets (id, jti, stream_id, seq, priority, event_uri, subject, token, state,"
            " attempts, last_error, next_attempt_at, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rec.id, rec.jti, rec.stream_id, rec.seq, rec.priority, rec.event_uri,
             json.dumps(rec.subject), rec.token, rec.state, rec.attempts, rec.last_error,
             rec.next_attempt_at, rec.created_at, rec.updated_at))

    def get(self, rec_id: str) -> SetRecord | None:
        row = self.db.one("SELECT * FROM sets WHERE id = ?", (rec_id,))
        return None if row is None else _record(row)

    def next_push(self, stream_id: str, deliver_all: bool) -> SetRecord | None:
        """The head of the stream's push queue; only control events while not deliverable."""
        row = self.db.one("SELECT * FROM sets WHERE stream_id = ? AND state = 'queued'"
                          " AND (priority = 0 OR ?) ORDER BY priority, seq LIMIT 1",
                          (stream_id, int(deliver_all)))
        return None if row is None else _record(row)

    def pollable(self, stream_id: str, deliver_all: bool, limit: int | None) -> list[SetRecord]:
        rows = self.db.query("SELECT * FROM sets WHERE stream_id = ? AND state IN"
                             " ('queued', 'delivered') AND (priority = 0 OR ?)"
                             " ORDER BY priority, seq LIMIT ?",
                             (stream_id, int(deliver_all), -1 if limit is None else limit))
        return [_record(r) for r in rows]

    def count_pollable(self, stream_id: str, deliver_all: bool) -> int:
        return self.db.scalar("SELECT COUNT(*) FROM sets WHERE stream_id = ? AND state IN"
                              " ('queued', 'delivered') AND (priority = 0 OR ?)",
                              (stream_id, int(deliver_all)))

    def update(self, rec_id: str, *, state: str | None = None, attempts: int | None = None,
               last_error: str | None = None, next_attempt_at: float | None = None,
               retry_since: float | None = None,
               if_states: tuple[str, ...] = PENDING) -> bool:
        """Change a row only while it is still pending, so a stream deletion racing an in-flight
        push keeps its 'dropped' state."""
        sets, params = ["updated_at = ?"], [time.time()]
        for column, value in (("state", state), ("attempts", attempts),
                              ("last_error", last_error), ("next_attempt_at", next_attempt_at),
                              ("retry_since", retry_since)):
            if value is not None:
                sets.append(f"{column} = ?")
                params.append(value)
        marks = ",".join("?" * len(if_states))
        return self.db.execute(f"UPDATE sets SET {', '.join(sets)} WHERE id = ?"
                               f" AND state IN ({marks})", (*params, rec_id, *if_states)) > 0

    def mark_polled(self, ids: list[str]) -> None:
        now = time.time()
        with self.db.transaction() as conn:
            conn.executemany("UPDATE sets SET state = 'delivered', attempts = attempts + 1,"
                             " updated_at = ? WHERE id = ?", [(now, i) for i in ids])

    def _ids(self, sql: str, params: tuple | list) -> list[str]:
        return [r[0] for r in self.db.query(sql, params)]

    def ack(self, stream_id: str, jtis: list[str]) -> list[str]:
        ids: list[str] = []
        unique = list(dict.fromkeys(jtis))
        for start in range(0, len(unique), 500):  # stay far below SQLite's variable limit
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            ids += self._ids(f"SELECT id FROM sets WHERE stream_id = ? AND jti IN ({marks})"
                             " AND state IN ('queued', 'delivered')", (stream_id, *chunk))
        self._set_state(ids, "acked", None)
        return ids

    def set_errors(self, stream_id: str, errors: dict[str, str]) -> list[str]:
        changed = []
        for jti, text in errors.items():
            ids = self._ids("SELECT id FROM sets WHERE stream_id = ? AND jti = ? AND state IN"
                            " ('queued', 'delivered')", (stream_id, jti))
            self._set_state(ids, "rejected", text)
            changed += ids
        return changed

    def drop_pending(self, stream_id: str, reason: str, include_control: bool) -> list[str]:
        ids = self._ids("SELECT id FROM sets WHERE stream_id = ? AND state IN ('queued',"
                        " 'delivered') AND (priority = 1 OR ?)", (stream_id, int(include_control)))
        self._set_state(ids, "dropped", reason)
        return ids

    def drop_oldest_held(self, stream_id: str, keep: int) -> list[str]:
        """Enforce the hold limit of a paused stream by dropping its oldest held SETs."""
        ids = self._ids("SELECT id FROM sets WHERE stream_id = ? AND state = 'queued'"
                        " AND priority = 1 ORDER BY seq DESC LIMIT -1 OFFSET ?",
                        (stream_id, max(keep, 0)))
        self._set_state(ids, "dropped", "hold limit of a paused stream reached")
        return ids

    def _set_state(self, ids: list[str], state: str, error: str | None) -> None:
        if not ids:
            return
        now = time.time()
        with self.db.transaction() as conn:
            conn.executemany("UPDATE sets SET state = ?, last_error = COALESCE(?, last_error),"
                             " updated_at = ? WHERE id = ?", [(state, error, now, i) for i in ids])

    def history(self, stream_id: str | None, limit: int) -> list[SetRecord]:
        if stream_id is None:
            rows = self.db.query("SELECT * FROM sets ORDER BY seq DESC LIMIT ?", (limit,))
        else:
            rows = self.db.query("SELECT * FROM sets WHERE stream_id = ? ORDER BY seq DESC"
                                 " LIMIT ?", (stream_id, limit))
        return [_record(r) for r in rows]

    def replay(self, stream_id: str, states: tuple[str, ...], jtis: list[str] | None) -> list[str]:
        """Queue given-up SETs again, unchanged (same jti and bytes: a retransmission RFC 8935
        allows), with a fresh retry budget; they keep their place (seq) in the stream's order."""
        marks = ",".join("?" * len(states))
        sql = (f"SELECT id FROM sets WHERE stream_id = ? AND state IN ({marks})"
               " AND token IS NOT NULL")
        ids = self._ids(sql + " ORDER BY seq", (stream_id, *states))
        if jtis is not None:
            wanted = set(jtis)
            ids = [r for r in ids if (rec := self.get(r)) is not None and rec.jti in wanted]
        now = time.time()
        with self.db.transaction() as conn:
            conn.executemany("UPDATE sets SET state = 'queued', next_attempt_at = 0,"
                             " retry_since = NULL, updated_at = ? WHERE id = ?",
                             [(now, i) for i in ids])
        return ids

    def streams_with_queued(self) -> list[str]:
        return self._ids("SELECT DISTINCT stream_id FROM sets WHERE state = 'queued'", ())
