"""Delivery-side persistence: the received-event log, the jti set, streams, verifications,
pending poll acknowledgements and small settings."""
from __future__ import annotations

import time
from dataclasses import dataclass

from harness.reference.receiver.db import Database, dumps, loads


@dataclass(frozen=True)
class Recorded:
    event_id: int
    outcome: str  # "accepted" | "duplicate" | "replay"


@dataclass(frozen=True)
class Received:
    """What the log keeps about one received SET (valid or not)."""
    delivery: str                   # "push" | "poll"
    token: str | None
    token_sha256: str | None
    jti: str | None = None
    claims: dict | None = None
    event_uri: str | None = None
    subject: dict | None = None


class DeliveryStore:
    def __init__(self, db: Database):
        self.db = db

    # -- the event log ----------------------------------------------------------------------
    def _insert(self, conn, rec: Received, accepted: bool, err: str | None, description: str | None,
                duplicate: bool = False, processed: bool = False) -> int:
        now = time.time()
        cur = conn.execute(
            "INSERT INTO events (received_at, delivery, jti, token_sha256, token, event_uri,"
            " subject, claims, accepted, duplicate, err, description, processed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (now, rec.delivery, rec.jti, rec.token_sha256, rec.token, rec.event_uri,
             dumps(rec.subject), dumps(rec.claims), int(accepted), int(duplicate), err,
             description, now if processed else None))
        return cur.lastrowid

    def record_rejected(self, rec: Received, err: str, description: str,
                        poll_report: str | None = None) -> int:
        """`poll_report` "err" queues a setErrs entry for the next poll ("ack" only under the
        poll-acks-bad-set fault)."""
        def work(conn) -> int:
            event_id = self._insert(conn, rec, False, err, description, processed=True)
            if poll_report and rec.jti:
                conn.execute("INSERT OR REPLACE INTO poll_pending VALUES (?,?,?,?)",
                             (rec.jti, poll_report, err if poll_report == "err" else None,
                              description if poll_report == "err" else None))
            return event_id
        return self.db.batched(work)  # group commit with concurrent deliveries

    def record_valid(self, rec: Received, allow_jti_reuse: bool = False,
                     confirm_state: str | None = None, via_poll: bool = False,
                     note: str | None = None) -> Recorded:
        """Record a SET that passed validation; the jti check and the insert are one transaction,
        so two concurrent deliveries of one SET cannot both count as new (group commit:
        committed, with concurrent deliveries, before this returns)."""
        def work(conn) -> Recorded:
            seen = conn.execute("SELECT token_sha256 FROM seen_jtis WHERE jti=?",
                                (rec.jti,)).fetchone()
            if seen is not None and seen["token_sha256"] == rec.token_sha256:
                # RFC 8935 §2 / RFC 8936 §2.4: a retransmission is answered as if new, not redone.
                event_id = self._insert(conn, rec, True, None, "duplicate delivery", True, True)
                outcome = "duplicate"
            elif seen is not None and not allow_jti_reuse:
                # Raised, so the caller records the rejection (and its poll report) itself.
                return Recorded(-1, "replay")
            else:
                event_id = self._insert(conn, rec, True, None, note)
                conn.execute("INSERT OR REPLACE INTO seen_jtis VALUES (?,?,?)",
                             (rec.jti, rec.token_sha256, event_id))
                outcome = "accepted"
            if confirm_state is not None:
                conn.execute("UPDATE verifications SET confirmed_at=COALESCE(confirmed_at, ?),"
                             " jti=COALESCE(jti, ?) WHERE state=?",
                             (time.time(), rec.jti, confirm_state))
            if via_poll:
                conn.execute("INSERT OR REPLACE INTO poll_pending VALUES (?,?,?,?)",
                             (rec.jti, "ack", None, None))
            return Recorded(event_id, outcome)
        return self.db.batched(work)

    def unprocessed_event_ids(self) -> list[int]:
        rows = self.db.query("SELECT id FROM events WHERE accepted=1 AND processed_at IS NULL"
                             " ORDER BY id")
        return [r["id"] for r in rows]

    def event(self, event_id: int) -> dict | None:
        rows = self.db.query("SELECT * FROM events WHERE id=?", (event_id,))
        return _event_row(rows[0], with_claims=True) if rows else None

    def events(self, jti: str | None = None, accepted: bool | None = None,
               event_uri: str | None = None, err: str | None = None, delivery: str | None = None,
               since: float | None = None, limit: int = 100,
               newest_first: bool = False, duplicate: bool | None = None) -> list[dict]:
        where, params = [], []
        for column, value in (("jti", jti), ("event_uri", event_uri), ("err", err),
                              ("delivery", delivery)):
            if value is not None:
                where.append(f"{column}=?")
                params.append(value)
        if accepted is not None:
            where.append("accepted=?")
            params.append(int(accepted))
        if duplicate is not None:
            where.append("duplicate=?")
            params.append(int(duplicate))
        if since is not None:
            where.append("received_at>=?")
            params.append(since)
        sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        order = " ORDER BY id DESC" if newest_first else " ORDER BY id"
        rows = self.db.query(sql + order + " LIMIT ?", [*params, limit])
        return [_event_row(r) for r in rows]

    def counts(self) -> dict:
        row = self.db.query(
            "SELECT COUNT(*) AS received, COALESCE(SUM(accepted),0) AS accepted,"
            " COALESCE(SUM(duplicate),0) AS duplicates,"
            " COALESCE(SUM(accepted=1 AND processed_at IS NULL),0) AS unprocessed FROM events")[0]
        return {"received": row["received"], "accepted": row["accepted"],
                "rejected": row["received"] - row["accepted"], "duplicates": row["duplicates"],
                "unprocessed": row["unprocessed"]}

    # -- streams ----------------------------------------------------------------------------
    def save_stream(self, config: dict, warnings: list[str] | None = None) -> None:
        now = time.time()
        with self.db.tx() as conn:
            conn.execute(
                "INSERT INTO streams (stream_id, config, status, warnings, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT(stream_id) DO UPDATE SET config=excluded.config,"
                " warnings=excluded.warnings, updated_at=excluded.updated_at, deleted_at=NULL",
                (config["stream_id"], dumps(config), "enabled", dumps(warnings or []), now, now))

    def set_stream_status(self, stream_id: str, status: str, reason: str | None) -> None:
        with self.db.tx() as conn:
            conn.execute("UPDATE streams SET status=?, status_reason=?, updated_at=?"
                         " WHERE stream_id=?", (status, reason, time.time(), stream_id))

    def mark_stream_deleted(self, stream_id: str) -> None:
        with self.db.tx() as conn:
            conn.execute("UPDATE streams SET deleted_at=? WHERE stream_id=?",
                         (time.time(), stream_id))

    def streams(self, include_deleted: bool = False) -> list[dict]:
        sql = "SELECT * FROM streams" + ("" if include_deleted else " WHERE deleted_at IS NULL")
        return [{"stream_id": r["stream_id"], "config": loads(r["config"]), "status": r["status"],
                 "status_reason": r["status_reason"], "warnings": loads(r["warnings"]),
                 "created_at": r["created_at"], "updated_at": r["updated_at"],
                 "deleted_at": r["deleted_at"]}
                for r in self.db.query(sql + " ORDER BY created_at")]

    def stream(self, stream_id: str | None = None) -> dict | None:
        """The named active stream, or the most recent active one."""
        active = self.streams()
        if stream_id is not None:
            active = [s for s in active if s["stream_id"] == stream_id]
        return active[-1] if active else None

    # -- verifications ----------------------------------------------------------------------
    def add_verification(self, state: str, stream_id: str) -> None:
        with self.db.tx() as conn:
            conn.execute("INSERT INTO verifications (state, stream_id, requested_at)"
                         " VALUES (?,?,?)", (state, stream_id, time.time()))

    def verification_known(self, state: str) -> bool:
        return bool(self.db.query("SELECT 1 FROM verifications WHERE state=?", (state,)))

    def verification_stream(self, state: str) -> str | None:
        """The stream a verification state was requested for (None when unknown)."""
        rows = self.db.query("SELECT stream_id FROM verifications WHERE state=?", (state,))
        return rows[0]["stream_id"] if rows else None

    def verifications(self, state: str | None = None) -> list[dict]:
        sql, params = "SELECT * FROM verifications", ()
        if state is not None:
            sql, params = sql + " WHERE state=?", (state,)
        return [{"state": r["state"], "stream_id": r["stream_id"],
                 "requested_at": r["requested_at"], "confirmed_at": r["confirmed_at"],
                 "confirmed": r["confirmed_at"] is not None, "jti": r["jti"]}
                for r in self.db.query(sql + " ORDER BY requested_at", params)]

    # -- poll acknowledgements waiting for the next poll request ------------------------------
    def pending(self) -> tuple[list[str], dict[str, dict]]:
        acks, errs = [], {}
        for r in self.db.query("SELECT * FROM poll_pending ORDER BY rowid"):
            if r["kind"] == "ack":
                acks.append(r["jti"])
            else:
                errs[r["jti"]] = {"err": r["err"], "description": r["description"]}
        return acks, errs

    def clear_pending(self, jtis: list[str]) -> None:
        with self.db.tx() as conn:
            conn.executemany("DELETE FROM poll_pending WHERE jti=?", [(j,) for j in jtis])

    # -- small settings ---------------------------------------------------------------------
    def get_setting(self, key: str, default=None):
        rows = self.db.query("SELECT value FROM kv WHERE key=?", (key,))
        return loads(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value) -> None:
        with self.db.tx() as conn:
            conn.execute("INSERT OR REPLACE INTO kv VALUES (?,?)", (key, dumps(value)))


def _event_row(r, with_claims: bool = False) -> dict:
    row = {"id": r["id"], "jti": r["jti"], "event_uri": r["event_uri"],
           "subject": loads(r["subject"]), "accepted": bool(r["accepted"]),
           "duplicate": bool(r["duplicate"]), "err": r["err"], "description": r["description"],
           "delivery": r["delivery"], "received_at": r["received_at"],
           "processed": r["processed_at"] is not None}
    if with_claims:
        row["claims"] = loads(r["claims"])
    return row
