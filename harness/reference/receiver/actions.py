"""Response actions: what the mock IdP does when an accepted event is processed.

Runs inside the worker's transaction, so the IdP change, the action log entry and the event's
`processed` mark commit together (a crash re-runs the whole event, never half of it).
"""
from __future__ import annotations

import sqlite3
import time

from harness.reference.receiver.db import dumps
from harness.reference.receiver.idp import record_signal, resolve_user_id
from harness.reference.receiver.subjects import identifier_value
from harness.ssf.events import CAEP_BASE, RISC_BASE, STREAM_UPDATED, VERIFICATION


class _Context:
    def __init__(self, conn: sqlite3.Connection, event: dict, uri: str, payload: dict,
                 faults: frozenset[str] = frozenset()):
        self.conn, self.event, self.uri, self.payload = conn, event, uri, payload
        self.faults = faults
        self.subject = event["subject"] or {}
        self.user_id = resolve_user_id(conn, self.subject)
        self.now = time.time()

    def log(self, action: str, detail: dict | None = None) -> None:
        self.conn.execute(
            "INSERT INTO actions (event_id, jti, event_uri, user_id, action, detail, at)"
            " VALUES (?,?,?,?,?,?,?)", (self.event["id"], self.event["jti"], self.uri,
                                        self.user_id, action, dumps(detail or {}), self.now))

    def signal(self, **signals) -> None:
        record_signal(self.conn, self.subject, self.user_id, signals)

    def sessions(self, only_matching: bool = True) -> list[str]:
        """Live sessions the subject names; a complex subject must match on every member we
        model (user, session, device): CAEP §3.1."""
        where, params = ["state != 'revoked'"], []
        if self.subject.get("format") == "complex" and only_matching:
            if "user" in self.subject:
                if self.user_id is None:
                    return []
                where.append("user_id=?")
                params.append(self.user_id)
            for member, column in (("session", "id"), ("device", "device_id")):
                if member in self.subject:
                    where.append(f"{column}=?")
                    params.append(identifier_value(self.subject[member]))
            if len(where) == 1:
                return []  # only members we do not model (tenant, group, ...): nothing to match
        elif self.user_id is not None:
            where.append("user_id=?")
            params.append(self.user_id)
        elif self.subject.get("format") == "opaque":
            where.append("id=?")  # an opaque subject may name a session directly
            params.append(self.subject.get("id"))
        else:
            return []
        rows = self.conn.execute("SELECT id FROM sessions WHERE " + " AND ".join(where)
                                 + " ORDER BY id", params).fetchall()
        return [r["id"] for r in rows]

    def set_sessions(self, ids: list[str], state: str, reason: str) -> None:
        self.conn.executemany("UPDATE sessions SET state=?, changed_at=?, reason=? WHERE id=?",
                              [(state, self.now, reason, i) for i in ids])

    def revoke_all(self, reason: str) -> list[str]:
        ids = self.sessions(only_matching=False) if self.user_id is not None else []
        self.set_sessions(ids, "revoked", reason)
        return ids

    def set_user(self, **columns) -> None:
        assigns = ", ".join(f"{c}=?" for c in columns)
        self.conn.execute(f"UPDATE users SET {assigns} WHERE id=?", [*columns.values(),
                                                                      self.user_id])


def _verification(ctx: _Context) -> None:
    ctx.log("verification-received", {"state": ctx.payload.get("state")})


def _stream_updated(ctx: _Context) -> None:
    stream_id = ctx.subject.get("id")
    ctx.conn.execute("UPDATE streams SET status=?, status_reason=?, updated_at=? WHERE stream_id=?",
                     (ctx.payload["status"], ctx.payload.get("reason"), ctx.now, stream_id))
    ctx.log("stream-status-recorded", {"stream_id": stream_id, "status": ctx.payload["status"]})


def _session_revoked(ctx: _Context) -> None:
    # The fault revokes every session of the subject's user, whatever else the subject names.
    ids = ctx.sessions(only_matching="revokes-every-session-of-complex-subject" not in ctx.faults)
    ctx.set_sessions(ids, "revoked", "caep session-revoked")
    ctx.log("sessions-revoked" if ids else "no-matching-session", {"sessions": ids})


def _risc_sessions_revoked(ctx: _Context) -> None:
    ctx.log("sessions-revoked", {"sessions": ctx.revoke_all("risc sessions-revoked")})


def _credential_change(ctx: _Context) -> None:
    ctype, change = ctx.payload.get("credential_type"), ctx.payload.get("change_type")
    if ctx.user_id is not None:
        status = {"revoke": "revoked", "delete": "deleted"}.get(change, "active")
        ctx.conn.execute("INSERT INTO credentials (user_id, credential_type, status, changed_at)"
                         " VALUES (?,?,?,?)", (ctx.user_id, ctype, status, ctx.now))
    ctx.log("credential-change-recorded", {"credential_type": ctype, "change_type": change})
    ids = [s for s in ctx.sessions(only_matching=False)] if ctx.user_id is not None else []
    ctx.set_sessions(ids, "reauth_required", "caep credential-change")
    ctx.log("reauth-required", {"sessions": ids})


def _account_state(state: str, revoke: bool):
    def handler(ctx: _Context) -> None:
        if ctx.user_id is None:
            ctx.log("subject-not-found", {"wanted_state": state})
            return
        ctx.set_user(account_state=state)
        detail = {"account_state": state}
        if "reason" in ctx.payload:
            detail["reason"] = ctx.payload["reason"]
        if revoke:
            detail["sessions_revoked"] = ctx.revoke_all(f"account {state}")
        if state == "purged":
            ctx.conn.execute("UPDATE credentials SET status='deleted', changed_at=? WHERE"
                             " user_id=?", (ctx.now, ctx.user_id))
        ctx.log(f"account-{state}", detail)
    return handler


def _credential_compromise(ctx: _Context) -> None:
    if ctx.user_id is None:
        ctx.log("subject-not-found", {})
        return
    ctype = ctx.payload.get("credential_type")
    ctx.set_user(credential_reset_required=1)
    ctx.conn.execute("UPDATE credentials SET status='compromised', changed_at=? WHERE user_id=?"
                     " AND credential_type=?", (ctx.now, ctx.user_id, ctype))
    ctx.log("credential-reset-forced", {"credential_type": ctype})
    ctx.log("sessions-revoked", {"sessions": ctx.revoke_all("risc credential-compromise")})


def _credential_change_required(ctx: _Context) -> None:
    if ctx.user_id is not None:
        ctx.set_user(credential_reset_required=1)
    ctx.log("credential-reset-forced" if ctx.user_id else "subject-not-found", {})


def _identifier_changed(ctx: _Context) -> None:
    fmt, new = ctx.subject.get("format"), ctx.payload.get("new-value")
    old = identifier_value(ctx.subject)
    ctx.conn.execute("INSERT INTO identifier_changes (user_id, format, old_value, new_value, at)"
                     " VALUES (?,?,?,?,?)", (ctx.user_id, fmt, old, new, ctx.now))
    if ctx.user_id is not None and isinstance(new, str) and fmt in ("email", "phone_number"):
        try:
            ctx.set_user(**{fmt: new.lower() if fmt == "email" else new})
        except sqlite3.IntegrityError:
            ctx.log("identifier-conflict", {"new_value": new})
            return
    ctx.log("identifier-changed", {"format": fmt, "old_value": old, "new_value": new})


_SIGNALS = {  # events that update the security state without an IdP change
    CAEP_BASE + "risk-level-change": lambda p: {"risk_level": p.get("current_level")},
    CAEP_BASE + "device-compliance-change": lambda p: {
        "device_compliance": p.get("current_status")},
    CAEP_BASE + "assurance-level-change": lambda p: {"assurance_level": {
        "namespace": p.get("namespace"), "current_level": p.get("current_level")}},
    CAEP_BASE + "token-claims-change": lambda p: {"token_claims": p.get("claims")},
    RISC_BASE + "opt-in": lambda p: {"opt_state": "opt-in"},
    RISC_BASE + "opt-out-initiated": lambda p: {"opt_state": "opt-out-initiated"},
    RISC_BASE + "opt-out-cancelled": lambda p: {"opt_state": "opt-in"},
    RISC_BASE + "opt-out-effective": lambda p: {"opt_state": "opt-out"},
    RISC_BASE + "identifier-recycled": lambda p: {"identifier_recycled": True},
}

HANDLERS = {
    VERIFICATION.uri: _verification,
    STREAM_UPDATED.uri: _stream_updated,
    CAEP_BASE + "session-revoked": _session_revoked,
    CAEP_BASE + "credential-change": _credential_change,
    RISC_BASE + "sessions-revoked": _risc_sessions_revoked,
    RISC_BASE + "account-disabled": _account_state("disabled", revoke=True),
    RISC_BASE + "account-enabled": _account_state("enabled", revoke=False),
    RISC_BASE + "account-purged": _account_state("purged", revoke=True),
    RISC_BASE + "credential-compromise": _credential_compromise,
    RISC_BASE + "account-credential-change-required": _credential_change_required,
    RISC_BASE + "identifier-changed": _identifier_changed,
}


def apply_event(conn: sqlite3.Connection, event: dict, uri: str, payload: dict,
                faults: frozenset[str] = frozenset()) -> None:
    ctx = _Context(conn, event, uri, payload, faults)
    if uri in (VERIFICATION.uri, STREAM_UPDATED.uri):
        HANDLERS[uri](ctx)
        return
    handler = HANDLERS.get(uri)
    if handler is not None:
        handler(ctx)
    else:
        ctx.log("recorded", {"signals": sorted(_SIGNALS[uri](payload))} if uri in _SIGNALS else {})
    signals = _SIGNALS[uri](payload) if uri in _SIGNALS else {}
    ctx.signal(last_event={"uri": uri, "jti": event["jti"], "at": ctx.now}, **signals)


def log_discarded(conn: sqlite3.Connection, event: dict, reason: str) -> None:
    uri = event["event_uri"]
    _Context(conn, event, uri, {}).log("discarded", {"reason": reason})
