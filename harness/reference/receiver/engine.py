"""The receiver's synchronous core: validate and durably record a SET (`ingest`), and later
apply its response action (`process`). Push and poll delivery both go through here."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from harness.hardening import is_strict
from harness.jose import DecodedSET, SETDecodeError
from harness.reference.receiver import actions
from harness.reference.receiver.config import ReceiverConfig
from harness.reference.receiver.db import Database
from harness.reference.receiver.idp import IdpStore, resolve_user_id
from harness.reference.receiver.jwks import JwksCache
from harness.reference.receiver.store import DeliveryStore, Received
from harness.reference.receiver.strict_set import decode_strict
from harness.reference.receiver.transmitter_client import TransmitterClient, TransmitterError
from harness.reference.receiver.validation import SetRejected, SetValidator
from harness.ssf.events import STREAM_UPDATED, VERIFICATION


@dataclass(frozen=True)
class IngestResult:
    outcome: str            # "accepted" | "duplicate" | "rejected" | "unavailable"
    event_id: int | None = None
    err: str | None = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in ("accepted", "duplicate")


class ReceiverEngine:
    def __init__(self, config: ReceiverConfig, db: Database, client: TransmitterClient):
        self.config = config
        self.db = db
        self.client = client
        self.store = DeliveryStore(db)
        self.idp = IdpStore(db)
        self.jwks = JwksCache(client.fetch_jwks, config.jwks_cache_seconds)
        self.validator = SetValidator(config, self.jwks, lambda: client.issuer,
                                      self._critical_members, self.store.verification_known,
                                      self.store.verification_stream)

    def _critical_members(self) -> list[str]:
        members = self.client.discover().get("critical_subject_members")
        return [m for m in members if isinstance(m, str)] if isinstance(members, list) else []

    def ingest(self, token: bytes | str, delivery: str,
               poll_jti: str | None = None) -> IngestResult:
        """Validate and record one SET. Nothing is answered before the record is committed."""
        if isinstance(token, bytes):
            try:
                token = token.decode("ascii")
            except UnicodeDecodeError:
                token = token.decode("latin-1")  # logged as received; rejected as not a JWS
        # A polled "SET" is any JSON string: keep a lone surrogate out of the log (SQLite and
        # every later read need Unicode text); it is refused as not a JWS either way.
        token = token.encode("utf-8", "backslashreplace").decode("utf-8").strip()
        if poll_jti is not None and not is_strict(poll_jti):
            poll_jti = poll_jti.encode("utf-8", "backslashreplace").decode("utf-8")
        via_poll = delivery == "poll"
        try:
            decoded = decode_strict(token)
        except SETDecodeError:
            decoded = None
        rec = received_from_token(token, delivery, poll_jti, decoded)
        try:
            valid = self.validator.validate(token, decoded)
            if poll_jti is not None and valid.jti != poll_jti:
                raise SetRejected("invalid_request", "the sets key differs from the SET's jti")
        except SetRejected as exc:
            return self._reject(rec, exc.err, exc.description, via_poll)
        except TransmitterError as exc:
            # Without the transmitter's metadata/JWKS the SET can be neither trusted nor refused:
            # push answers 503 so it is retried, poll leaves it unacknowledged.
            self.store.record_rejected(rec, "temporarily_unavailable", str(exc))
            return IngestResult("unavailable", None, "temporarily_unavailable", str(exc))
        rec = Received(delivery, token, rec.token_sha256, valid.jti, valid.decoded.claims,
                       valid.event_uris[0], valid.subject)
        if via_poll and self._unknown_subject_reported(valid):
            return self._reject(rec, "invalid_request", "no such subject here", via_poll)
        # RFC 8417 §2.2: a jti "MAY be used by clients to track whether a particular SET has
        # already been received"; the jti-not-tracked variation does not track it.
        recorded = self.store.record_valid(
            rec, allow_jti_reuse=self.config.varies("jti-not-tracked"),
            confirm_state=valid.confirm_state, via_poll=via_poll, note=valid.discard_reason)
        refuse_again = recorded.outcome == "duplicate" and self.config.has_fault(
            "refuses-redelivered-set")
        if recorded.outcome == "replay" or refuse_again:
            return self._reject(rec, "invalid_request",
                                f"replay: jti {valid.jti!r} was already used by a different SET",
                                via_poll)
        return IngestResult(recorded.outcome, recorded.event_id)

    def _unknown_subject_reported(self, valid) -> bool:
        """The defect set-errs-for-unknown-subject: a processing outcome (no local user for the
        subject) reported in setErrs, which RFC 8936 §2 keeps for parse and validation errors."""
        if not self.config.has_fault("set-errs-for-unknown-subject") \
                or valid.event_uris[0] in (VERIFICATION.uri, STREAM_UPDATED.uri):
            return False
        with self.db.tx() as conn:
            return resolve_user_id(conn, valid.subject) is None

    def _reject(self, rec: Received, err: str, description: str, via_poll: bool) -> IngestResult:
        if self.config.has_fault("wrong-err-code"):
            err = "invalid_request"
        report = None
        if via_poll:
            report = "ack" if self.config.has_fault("poll-acks-bad-set") else "err"
        event_id = self.store.record_rejected(rec, err, description, report)
        return IngestResult("rejected", event_id, err, description)

    def process(self, event_id: int) -> None:
        """Apply the response action of one accepted event, exactly once (not durable on its
        own: after a power loss the event is unprocessed, and processed at the next start)."""
        self.db.batched(lambda conn: self._process(conn, event_id), durable=False)

    def process_many(self, event_ids: list[int]) -> list[BaseException | None]:
        """`process` for several events in one group commit; what each one raised, or None."""
        works = [lambda conn, i=i: self._process(conn, i) for i in event_ids]
        return [error for _, error in self.db.batched_many(works, durable=False)]

    def _process(self, conn, event_id: int) -> None:
        row = conn.execute("SELECT processed_at FROM events WHERE id=?", (event_id,)).fetchone()
        if row is None or row["processed_at"] is not None:
            return
        event = self.store.event(event_id)
        if event["description"]:  # a valid SET that must not be acted on (SSF §3.6)
            actions.log_discarded(conn, event, event["description"])
        elif not self.config.varies("no-response-actions"):
            for uri, payload in event["claims"]["events"].items():
                actions.apply_event(conn, event, uri, payload, self.config.faults)
        conn.execute("UPDATE events SET processed_at=? WHERE id=?", (time.time(), event_id))


def received_from_token(token: str, delivery: str, poll_jti: str | None,
                        decoded: DecodedSET | None = None) -> Received:
    """What can be logged about a token before (or without) validating it: its claims only when
    they are strict JSON (strict_set), so nothing unverified can break a later read.
    `decoded`: decode_strict(token) when the caller has it already."""
    digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
    try:
        decoded = decoded or decode_strict(token)
    except SETDecodeError:
        return Received(delivery, token, digest, poll_jti)
    claims = decoded.claims
    jti = claims.get("jti") if isinstance(claims.get("jti"), str) else poll_jti
    events = claims.get("events")
    uri = next(iter(events), None) if isinstance(events, dict) else None
    subject = claims.get("sub_id") if isinstance(claims.get("sub_id"), dict) else None
    return Received(delivery, token, digest, poll_jti or jti, claims, uri, subject)
