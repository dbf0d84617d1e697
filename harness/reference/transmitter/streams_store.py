"""Streams and their subjects in SQLite."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from harness.reference.transmitter.db import Database
from harness.reference.transmitter.subjects import subject_key


@dataclass
class Stream:
    stream_id: str
    client_id: str
    aud: str | list[str]
    delivery: dict
    events_requested: list[str] | None
    events_delivered: list[str]
    description: str | None
    status: str = "enabled"
    reason: str | None = None
    default_subjects: str = "ALL"
    created_at: float = 0.0
    last_activity: float = 0.0
    last_verification: float | None = None

    @property
    def method(self) -> str:
        return self.delivery.get("method", "")

    def stored_config(self) -> str:
        return json.dumps({"aud": self.aud, "delivery": self.delivery,
                           "events_requested": self.events_requested,
                           "events_delivered": self.events_delivered,
                           "description": self.description})


def _row_to_stream(row) -> Stream:
    cfg = json.loads(row["config"])
    return Stream(stream_id=row["stream_id"], client_id=row["client_id"], aud=cfg["aud"],
                  delivery=cfg["delivery"], events_requested=cfg["events_requested"],
                  events_delivered=cfg["events_delivered"], description=cfg["description"],
                  status=row["status"], reason=row["reason"],
                  default_subjects=row["default_subjects"], created_at=row["created_at"],
                  last_activity=row["last_activity"], last_verification=row["last_verification"])


class StreamStore:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, s: Stream) -> None:
        self.db.execute(
            "INSERT INTO streams (stream_id, client_id, config, status, reason, default_subjects,"
            " created_at, last_activity, last_verification) VALUES (?,?,?,?,?,?,?,?,?)",
            (s.stream_id, s.client_id, s.stored_config(), s.status, s.reason, s.default_subjects,
             s.created_at, s.last_activity, s.last_verification))

    def get(self, stream_id: str) -> Stream | None:
        row = self.db.one("SELECT * FROM streams WHERE stream_id = ?", (stream_id,))
        return None if row is None else _row_to_stream(row)

    def list(self, client_id: str | None = None) -> list[Stream]:
        if client_id is None:
            rows = self.db.query("SELECT * FROM streams ORDER BY created_at, rowid")
        else:
            rows = self.db.query("SELECT * FROM streams WHERE client_id = ?"
                                 " ORDER BY created_at, rowid", (client_id,))
        return [_row_to_stream(r) for r in rows]

    def count_for_client(self, client_id: str) -> int:
        return self.db.scalar("SELECT COUNT(*) FROM streams WHERE client_id = ?", (client_id,))

    def save_config(self, s: Stream) -> None:
        self.db.execute("UPDATE streams SET config = ? WHERE stream_id = ?",
                        (s.stored_config(), s.stream_id))

    def set_status(self, stream_id: str, status: str, reason: str | None) -> None:
        self.db.execute("UPDATE streams SET status = ?, reason = ? WHERE stream_id = ?",
                        (status, reason, stream_id))

    def touch(self, stream_id: str, now: float | None = None) -> None:
        self.db.execute("UPDATE streams SET last_activity = ? WHERE stream_id = ?",
                        (time.time() if now is None else now, stream_id))

    def set_last_verification(self, stream_id: str, when: float) -> None:
        self.db.execute("UPDATE streams SET last_verification = ? WHERE stream_id = ?",
                        (when, stream_id))

    def delete(self, stream_id: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM subjects WHERE stream_id = ?", (stream_id,))
            conn.execute("DELETE FROM streams WHERE stream_id = ?", (stream_id,))

    def enabled_activity(self) -> list[tuple[str, float]]:
        rows = self.db.query("SELECT stream_id, last_activity FROM streams"
                             " WHERE status = 'enabled'")
        return [(r["stream_id"], r["last_activity"]) for r in rows]

    # Subjects: with default_subjects ALL only removals matter, with NONE only additions.

    def add_subject(self, stream_id: str, subject: dict, verified: bool) -> None:
        key = subject_key(subject)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM subjects WHERE stream_id = ? AND subject_key = ?",
                         (stream_id, key))
            conn.execute("INSERT INTO subjects VALUES (?,?,?,?,?,?)",
                         (stream_id, key, json.dumps(subject), "added", int(verified), time.time()))

    def remove_subject(self, stream_id: str, subject: dict) -> None:
        key = subject_key(subject)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM subjects WHERE stream_id = ? AND subject_key = ?",
                         (stream_id, key))
            conn.execute("INSERT INTO subjects VALUES (?,?,?,?,?,?)",
                         (stream_id, key, json.dumps(subject), "removed", 1, time.time()))

    def subjects(self, stream_id: str) -> tuple[list[dict], list[dict]]:
        rows = self.db.query("SELECT subject, kind FROM subjects WHERE stream_id = ?", (stream_id,))
        added = [json.loads(r["subject"]) for r in rows if r["kind"] == "added"]
        removed = [json.loads(r["subject"]) for r in rows if r["kind"] == "removed"]
        return added, removed
