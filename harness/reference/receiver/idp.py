"""A small mock identity provider: users, sessions, credentials, account state and per-subject
security state, in the receiver's SQLite database. Response actions (actions.py) change it;
the observation endpoints read it.
"""
from __future__ import annotations

import sqlite3
import time

from harness.reference.receiver.db import Database, dumps, loads
from harness.reference.receiver.subjects import canonical_email, identifier_value, subject_key


class UserExists(ValueError):
    pass


class IdpStore:
    def __init__(self, db: Database):
        self.db = db

    def seed(self, users: tuple[dict, ...]) -> None:
        """Seed demo users once: a restart must not duplicate or reset them."""
        if self.db.query("SELECT 1 FROM users LIMIT 1"):
            return
        for spec in users:
            self.add_user(spec)

    def add_user(self, spec: dict) -> dict:
        now = time.time()
        email = canonical_email(spec["email"]) if spec.get("email") else None
        try:
            with self.db.tx() as conn:
                cur = conn.execute(
                    "INSERT INTO users (email, phone_number, iss, sub, opaque_id, account_state,"
                    " created_at) VALUES (?,?,?,?,?,?,?)",
                    (email, spec.get("phone_number"), spec.get("iss"), spec.get("sub"),
                     spec.get("opaque_id"), spec.get("account_state", "enabled"), now))
                user_id = cur.lastrowid
                for session in spec.get("sessions", []):
                    conn.execute("INSERT INTO sessions (id, user_id, device_id, created_at)"
                                 " VALUES (?,?,?,?)",
                                 (session["id"], user_id, session.get("device_id"), now))
                for cred in spec.get("credentials", []):
                    conn.execute("INSERT INTO credentials (user_id, credential_type, changed_at)"
                                 " VALUES (?,?,?)", (user_id, cred["type"], now))
        except sqlite3.IntegrityError:
            raise UserExists("a user or session with one of these identifiers exists") from None
        return self.user(user_id)

    def user(self, user_id: int) -> dict:
        row = self.db.query("SELECT * FROM users WHERE id=?", (user_id,))[0]
        sessions = self.db.query("SELECT * FROM sessions WHERE user_id=? ORDER BY id", (user_id,))
        creds = self.db.query("SELECT * FROM credentials WHERE user_id=? ORDER BY id", (user_id,))
        return {
            "id": row["id"], "email": row["email"], "phone_number": row["phone_number"],
            "iss": row["iss"], "sub": row["sub"], "opaque_id": row["opaque_id"],
            "account_state": row["account_state"],
            "credential_reset_required": bool(row["credential_reset_required"]),
            "sessions": [{"id": s["id"], "device_id": s["device_id"], "state": s["state"],
                          "reason": s["reason"]} for s in sessions],
            "credentials": [{"type": c["credential_type"], "status": c["status"],
                             "changed_at": c["changed_at"]} for c in creds],
        }

    def users(self) -> list[dict]:
        return [self.user(r["id"]) for r in self.db.query("SELECT id FROM users ORDER BY id")]

    def user_by_email(self, email: str) -> dict | None:
        rows = self.db.query("SELECT id FROM users WHERE email=?", (canonical_email(email),))
        return self.user(rows[0]["id"]) if rows else None

    # -- security state view ----------------------------------------------------------------
    def _signals(self, user_id: int | None, key: str | None) -> dict:
        sql, params = ("SELECT state FROM security_state WHERE user_id=?", (user_id,)) \
            if user_id is not None else ("SELECT state FROM security_state WHERE subject_key=?",
                                         (key,))
        merged: dict = {}
        for row in self.db.query(sql, params):
            merged.update(loads(row["state"]))
        return merged

    def _user_state(self, user: dict) -> dict:
        sessions = user["sessions"]
        counts = {state: sum(1 for s in sessions if s["state"] == state)
                  for state in ("active", "revoked", "reauth_required")}
        return {"email": user["email"], "user_id": user["id"],
                "account_state": user["account_state"],
                "credential_reset_required": user["credential_reset_required"],
                "sessions": counts, "signals": self._signals(user["id"], None)}

    def security_states(self) -> list[dict]:
        states = [self._user_state(u) for u in self.users()]
        for row in self.db.query("SELECT * FROM security_state WHERE user_id IS NULL"):
            states.append({"subject": loads(row["subject"]), "user_id": None,
                           "signals": loads(row["state"])})
        return states

    def security_state_for_email(self, email: str) -> dict | None:
        user = self.user_by_email(email)
        if user is not None:
            return self._user_state(user)
        key = subject_key({"format": "email", "email": email})
        rows = self.db.query("SELECT * FROM security_state WHERE subject_key=?", (key,))
        if not rows:
            return None
        return {"subject": loads(rows[0]["subject"]), "user_id": None,
                "signals": loads(rows[0]["state"])}

    # -- the action log ---------------------------------------------------------------------
    def action_count(self) -> int:
        return self.db.query("SELECT COUNT(*) AS n FROM actions")[0]["n"]

    def actions(self, jti: str | None = None, action: str | None = None,
                user_id: int | None = None, limit: int = 100) -> list[dict]:
        where, params = [], []
        for column, value in (("jti", jti), ("action", action), ("user_id", user_id)):
            if value is not None:
                where.append(f"{column}=?")
                params.append(value)
        sql = "SELECT * FROM actions" + (" WHERE " + " AND ".join(where) if where else "")
        rows = self.db.query(sql + " ORDER BY id LIMIT ?", [*params, limit])
        return [{"id": r["id"], "event_id": r["event_id"], "jti": r["jti"],
                 "event_uri": r["event_uri"], "user_id": r["user_id"], "action": r["action"],
                 "detail": loads(r["detail"]), "at": r["at"]} for r in rows]


# -- subject resolution, used inside action transactions ----------------------------------------
def resolve_user_id(conn: sqlite3.Connection, subject) -> int | None:
    """The local user a simple or complex subject names, when we can tell."""
    if not isinstance(subject, dict):
        return None
    fmt = subject.get("format")
    if fmt == "complex":
        for member in ("user", "session"):
            if member in subject:
                found = (resolve_user_id(conn, subject[member]) if member == "user"
                         else _session_user(conn, subject[member]))
                if found is not None:
                    return found
        return None
    if fmt == "aliases":
        for alias in subject.get("identifiers") or []:
            found = resolve_user_id(conn, alias)
            if found is not None:
                return found
        return None
    query = {
        "email": ("SELECT id FROM users WHERE email=?",
                  lambda s: (canonical_email(str(s.get("email", ""))),)),
        "phone_number": ("SELECT id FROM users WHERE phone_number=?",
                         lambda s: (s.get("phone_number"),)),
        "iss_sub": ("SELECT id FROM users WHERE iss=? AND sub=?",
                    lambda s: (s.get("iss"), s.get("sub"))),
        "opaque": ("SELECT id FROM users WHERE opaque_id=?", lambda s: (s.get("id"),)),
        "account": ("SELECT id FROM users WHERE email=?",
                    lambda s: (canonical_email(str(s.get("uri", "")).removeprefix("acct:")),)),
    }.get(fmt)
    if query is None:
        return None
    row = conn.execute(query[0], query[1](subject)).fetchone()
    return row["id"] if row else None


def _session_user(conn: sqlite3.Connection, session_subject) -> int | None:
    row = conn.execute("SELECT user_id FROM sessions WHERE id=?",
                       (identifier_value(session_subject),)).fetchone()
    return row["user_id"] if row else None


def record_signal(conn: sqlite3.Connection, subject: dict, user_id: int | None,
                  signals: dict) -> None:
    """Merge event-derived attributes into the per-subject security state."""
    key = subject_key(subject)
    row = conn.execute("SELECT state FROM security_state WHERE subject_key=?", (key,)).fetchone()
    state = loads(row["state"]) if row else {}
    state.update(signals)
    conn.execute("INSERT OR REPLACE INTO security_state VALUES (?,?,?,?)",
                 (key, user_id, dumps(subject), dumps(state)))
