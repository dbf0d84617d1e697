"""The Kolide emulator's state and behaviour, shared by its routes: settings, faults, the
stores, the signing keys and the push client."""
from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass

import httpx

from harness.hardening import AddressPolicy, async_transport
from harness.reference.dialects import EmulatorSettings
from harness.reference.dialects.kolide.faults import PLANNED_FAULTS
from harness.reference.dialects.kolide.sets import build_claims, push, sign
from harness.reference.dialects.kolide.store import EventStore, Stream, StreamStore, open_database
from harness.reference.transmitter.keystore import KeyStore
from harness.reference.transmitter.service import client_tls

PREFIX = "kolide-"
# Documented emulator options (EmulatorSettings.options):
# - allow_private_push_targets (default False): accept push URLs to this machine (localhost,
#   127.x, ::1), over http too. The document refuses them ("rejected with a validation error")
#   and so does the sandbox (`serve --dialect kolide`); the embedded suite target sets it
#   because the suite receives pushes on 127.0.0.1. RFC 1918 and other private hosts stay
#   refused even then, so a run can still show the documented rule (with a 10.x URL).
# - push_timeout (seconds, default 10): one push attempt's deadline.
# - signing_alg ("RS256" default, or "ES256").
OPTIONS = ("allow_private_push_targets", "push_timeout", "signing_alg")


@dataclass(frozen=True)
class Delivery:
    event_id: int
    jti: str
    delivered: bool
    response_code: str | None


def check_faults(names: frozenset[str]) -> frozenset[str]:
    """The emulator's own fault names; other references' names are not ours to judge (a run may
    hand every reference the same list), but an unknown `kolide-` name is a typo."""
    ours = frozenset(n for n in names if n.startswith(PREFIX))
    unknown = sorted(ours - set(PLANNED_FAULTS))
    if unknown:
        raise ValueError(f"unknown Kolide emulator fault(s) {unknown}; known: "
                         f"{sorted(PLANNED_FAULTS)}")
    return ours


class KolideEmulator:
    def __init__(self, settings: EmulatorSettings):
        unknown = sorted(set(settings.options) - set(OPTIONS))
        if unknown:
            raise ValueError(f"unknown Kolide emulator option(s) {unknown}; known: {OPTIONS}")
        self.settings = settings
        self.faults = check_faults(settings.faults)
        self.issuer = settings.public_base_url.rstrip("/")
        self.allow_loopback_push = bool(settings.options.get("allow_private_push_targets", False))
        self.db = open_database(settings.db_path)
        self.streams = StreamStore(self.db)
        self.events = EventStore(self.db)
        self.keys = KeyStore(self.db, settings.options.get("signing_alg", "RS256"), 3600.0)
        policy = AddressPolicy(allow_loopback=settings.allow_loopback_addresses
                               or self.allow_loopback_push)
        self.http = httpx.AsyncClient(
            transport=async_transport(policy, verify=client_tls(settings.ca_file)),
            timeout=float(settings.options.get("push_timeout", 10.0)))
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()

    def fault(self, name: str) -> bool:
        return name in self.faults

    def create_stream(self, values: dict, legacy: bool = False) -> tuple[Stream, str | None]:
        """A new stream and its poll bearer token (None for a legacy stream). Every non-legacy
        stream gets a token, so a push stream later switched to poll still needs one (which
        only deleting and re-creating the stream reveals, as the document's rotation advice)."""
        token = None if legacy else secrets.token_hex(16)  # 32 characters, as documented
        reused = self.streams.last_retired_stream_id() \
            if self.fault("kolide-rotation-keeps-stream-id") else None
        return self.streams.create(values, token, stream_id=reused), token

    def make(self, stream: Stream, event_uri: str, payload: dict, email: str
             ) -> tuple[int, str, str]:
        """Sign the SET and record it (queued for polling, or pending a push):
        (ssf_stream_event_id, jti, token)."""
        draft = stream.spec_version == "draft" or self.fault("kolide-v1-no-sub-id")
        claims = build_claims(stream, issuer=self.issuer, event_uri=event_uri, payload=payload,
                              email=email, draft_shape=draft)
        token = sign(self.keys, claims)
        return self.events.add(stream, claims["jti"], event_uri, token), claims["jti"], token

    async def deliver(self, stream: Stream, event_id: int, jti: str, token: str) -> Delivery:
        """Push a made SET to a push stream (one attempt; in order per stream); a poll stream's
        SET just waits for the poll."""
        if stream.delivery_type != "push" or not stream.url:
            return Delivery(event_id, jti, True, None)
        async with self._locks.setdefault(stream.stream_id, asyncio.Lock()):
            delivered, code, _ = await push(self.http, stream.url, token)
        self.events.pushed(event_id, delivered, code)
        return Delivery(event_id, jti, delivered, code)

    async def emit(self, stream: Stream, event_uri: str, payload: dict, email: str) -> Delivery:
        return await self.deliver(stream, *self.make(stream, event_uri, payload, email))

    def emit_soon(self, stream: Stream, event_uri: str, payload: dict, email: str) -> str:
        """Make the SET now, push it on a task of its own (a trigger answers without waiting
        for the receiver); its jti."""
        made = self.make(stream, event_uri, payload, email)
        task = asyncio.get_running_loop().create_task(self.deliver(stream, *made))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return made[1]

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.http.aclose()
        self.db.close()
