"""The transmitter's state and core operations: generating SETs into the outbox, status changes,
stream deletion. Routes and background workers all go through this object (app.state.tx).
"""
from __future__ import annotations

import asyncio
import functools
import ssl
import time
import uuid

import httpx

from harness.hardening import async_transport
from harness.reference.transmitter.auth import TokenStore
from harness.reference.transmitter.config import TransmitterConfig
from harness.reference.transmitter.db import Database
from harness.reference.transmitter.inactivity import InactivityWatcher
from harness.reference.transmitter.keystore import KeyStore
from harness.reference.transmitter.push import PushWorkers
from harness.reference.transmitter.registration import DirectoryClient
from harness.reference.transmitter.setbuilder import build_claims, sign
from harness.reference.transmitter.sets_store import SetRecord, SetStore
from harness.reference.transmitter.signals import INACTIVITY, Broadcaster, Signals
from harness.reference.transmitter.streams_store import Stream, StreamStore
from harness.reference.transmitter.subjects import stream_subject
from harness.ssf.constants import PUSH
from harness.ssf.events import STREAM_UPDATED


@functools.lru_cache(maxsize=8)
def client_tls(ca_file) -> ssl.SSLContext:
    """System trust plus `ca_file`; built once per file (loading trust stores is slow) and
    shared, which SSLContext allows."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=str(ca_file))
    return context


class Transmitter:
    def __init__(self, config: TransmitterConfig):
        self.config = config
        self.tokens = TokenStore(config)
        self.directories = DirectoryClient(config)  # trusted directories: SSA keys, keystores
        self.signals = Signals()
        self.broadcast = Broadcaster()
        self.push = PushWorkers(self)
        self.inactivity = InactivityWatcher(self)
        self.internal_errors = 0  # requests that reached the catch-all 500 handler
        self.last_create: dict[str, float] = {}  # client_id -> monotonic time (rate limit)
        self.db: Database | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.streams: StreamStore
        self.sets: SetStore
        self.keys: KeyStore
        self.http: httpx.AsyncClient

    # Lifecycle (called from the app lifespan) ------------------------------------------

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.db = Database(self.config.db_path)
        self.streams = StreamStore(self.db)
        self.sets = SetStore(self.db)
        alg = "ES256" if self.config.fault("set-alg-es256") else self.config.signing_alg
        self.keys = KeyStore(self.db, alg, self.config.key_grace_seconds)
        self.tokens.registered.load(self.db)
        if self.config.varies("jwks-several-keys") and len(self.keys.jwks()["keys"]) < 2:
            self.keys.rotate()  # a rotation in progress: the JWKS holds the old and new key
        # Every outbound connection (pushes, forwarding) obeys the address policy.
        transport = async_transport(self.config.address_policy,
                                    verify=client_tls(self.config.ca_file),
                                    limits=httpx.Limits(max_keepalive_connections=32))
        self.http = httpx.AsyncClient(transport=transport, timeout=self.config.push_timeout)
        for stream_id in self.sets.streams_with_queued():  # resume deliveries after a restart
            stream = self.streams.get(stream_id)
            if stream is not None and stream.method == PUSH:
                self.push.ensure(stream_id)
        self.inactivity.start()

    async def stop(self) -> None:
        self.close_streams()
        await self.push.stop()
        await self.inactivity.stop()
        await self.http.aclose()
        await self.directories.aclose()
        if self.db is not None:
            self.db.close()
            self.db = None

    def close_streams(self) -> None:
        """End long polls and live SSE feeds now (also safe to call before a server stop)."""
        self.signals.close()
        self.broadcast.close()

    def close_streams_threadsafe(self) -> None:
        """`close_streams` from another thread. uvicorn waits for open responses before the
        lifespan shutdown runs, so a host should call this before stopping the server when
        SSE clients may still be connected."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.close_streams)

    # Outbox -------------------------------------------------------------------------------

    def deliverable(self, stream: Stream) -> bool:
        """May non-control events flow on this stream now?"""
        if stream.status == "enabled":
            return True
        if stream.status == "paused":
            return self.config.fault("paused-still-delivers")
        return stream.status == "disabled" and self.config.fault("disabled-still-delivers")

    def emit(self, stream: Stream, event_uri: str, payload: dict, subject: dict, *,
             txn: str | None, control: bool = False) -> SetRecord:
        """Generate one SET for `stream`: queue it, hold it (paused) or drop it (disabled)."""
        cfg, now = self.config, time.time()
        rec_id = uuid.uuid4().hex
        jti = f"jti-{stream.stream_id}" if cfg.fault("set-repeated-jti") else rec_id
        state, error, token = "queued", None, None
        if not control and stream.status == "disabled" and not self.deliverable(stream):
            state, error = "dropped", "stream disabled"
        elif not control and stream.status == "paused" and cfg.fault("paused-drops-events"):
            state, error = "dropped", "stream paused"
        else:
            claims = build_claims(cfg, aud=stream.aud, jti=jti, event_uri=event_uri,
                                  payload=payload, subject=subject, txn=txn, now=now)
            token = sign(cfg, self.keys, claims)
        rec = SetRecord(id=rec_id, jti=jti, stream_id=stream.stream_id, seq=self.sets.next_seq(),
                        priority=0 if control else 1, event_uri=event_uri, subject=subject,
                        token=token, state=state, last_error=error, created_at=now,
                        updated_at=now)
        self.sets.insert(rec)
        self.publish([rec_id])
        if state == "queued":
            if stream.status == "paused" and not control:
                self.publish(self.sets.drop_oldest_held(stream.stream_id, cfg.max_held_events))
            if not self._pushed_inline(stream, rec):  # that path sends it itself
                self.wake(stream)
        return rec

    def _pushed_inline(self, stream: Stream, rec: SetRecord) -> bool:
        return (self.config.fault("paused-still-delivers") and stream.status == "paused"
                and stream.method == PUSH and rec.state == "queued" and rec.priority == 1)

    async def deliver_inline(self, stream: Stream, rec: SetRecord) -> None:
        """Fault paused-still-delivers: a paused push stream's SET skips the outbox worker (which
        holds it) and is pushed inline, before the request that caused it is answered."""
        if self._pushed_inline(stream, rec):
            await self.push.deliver_now(stream, rec)

    def wake(self, stream: Stream) -> None:
        self.signals.fire(stream.stream_id)
        if stream.method == PUSH:
            self.push.ensure(stream.stream_id)

    def publish(self, rec_ids: list[str]) -> None:
        if not self.broadcast.active:
            return
        for rec_id in rec_ids:
            rec = self.sets.get(rec_id)
            if rec is not None:
                self.broadcast.publish(rec.public())

    # Stream lifecycle ---------------------------------------------------------------------

    def change_status(self, stream: Stream, status: str, reason: str | None, *,
                      by_transmitter: bool) -> Stream:
        """Apply a status change. A transmitter-initiated change sends stream-updated first
        (SSF §8.1.5: before stopping the stream / upon re-enabling it)."""
        if (by_transmitter and status != stream.status
                and not self.config.fault("stream-updated-not-sent")):
            payload = {"status": status, **({"reason": reason} if reason else {})}
            self.emit(stream, STREAM_UPDATED.uri, payload, stream_subject(stream.stream_id),
                      txn=uuid.uuid4().hex, control=True)
        self.streams.set_status(stream.stream_id, status, reason)
        stream.status, stream.reason = status, reason
        if status == "disabled" and not self.deliverable(stream):
            self.publish(self.sets.drop_pending(stream.stream_id, "stream disabled",
                                                include_control=False))
        self.wake(stream)
        self.signals.fire(INACTIVITY)
        return stream

    def delete_stream(self, stream: Stream) -> None:
        self.publish(self.sets.drop_pending(stream.stream_id, "stream deleted",
                                            include_control=True))
        self.streams.delete(stream.stream_id)
        self.signals.fire(stream.stream_id)  # a push worker or long poll notices and ends


def create_app(config: TransmitterConfig):
    """Convenience alias of harness.reference.transmitter.app.create_app (imported lazily: the
    app module imports this one)."""
    from harness.reference.transmitter.app import create_app as _create_app

    return _create_app(config)
