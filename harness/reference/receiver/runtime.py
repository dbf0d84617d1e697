"""Everything one receiver instance holds, and its start/stop (the app's lifespan)."""
from __future__ import annotations

from urllib.parse import urlsplit

import httpx
from starlette.concurrency import run_in_threadpool

from harness.hardening import InputError, async_transport, bound_response_bodies, http_url

from harness.reference.receiver.config import ReceiverConfig
from harness.reference.receiver.db import Database
from harness.reference.receiver.engine import ReceiverEngine
from harness.reference.receiver.errors import ApiError
from harness.reference.receiver.poller import BackgroundPoller, PollClient
from harness.reference.receiver.transmitter_client import TransmitterClient, tls_verify
from harness.reference.receiver.worker import ActionWorker, Notifier

POLL_ANSWER_BYTES = 16 << 20   # the most of a poll answer (or JWKS) the receiver reads
POLLER_SETTING = "poller"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = -1
    return parts.scheme, (parts.hostname or "").lower(), port  # persisted {"enabled": bool, "endpoint_url": str | None}


class ReceiverRuntime:
    def __init__(self, config: ReceiverConfig):
        self.config = config
        self.db = Database(config.db_path)
        self.client = TransmitterClient.from_config(config)
        self.engine = ReceiverEngine(config, self.db, self.client)
        if config.registration is not None:  # register by SSA before managing any stream
            from harness.reference.receiver.registration import Registrar
            self.client.registrar = Registrar(config.registration, self.engine.store,
                                              config.ca_file, config.http_timeout, config.faults)
        self.engine.idp.seed(config.seed_users)
        # Event-loop objects are made in start(), on the server's loop.
        self.notifier: Notifier | None = None
        self.worker: ActionWorker | None = None
        self.poll_client: PollClient | None = None
        self.poller: BackgroundPoller | None = None
        self._async_http: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self.notifier = Notifier()
        self.worker = ActionWorker(self.engine, self.notifier)
        await self.worker.start()
        verify = False if self.config.has_fault("poll-certificate-not-verified") \
            else tls_verify(self.config.ca_file)
        transport = async_transport(self.config.address_policy, verify=verify)
        # Poll answers carry up to maxEvents SETs: bounded, but well above any real batch.
        self._async_http = bound_response_bodies(
            httpx.AsyncClient(transport=transport, timeout=self.config.http_timeout),
            limit=POLL_ANSWER_BYTES)
        self.poll_client = PollClient(self.engine, self.worker, self.notifier, self._async_http)
        self.poller = BackgroundPoller(self.poll_client)
        saved = self.engine.store.get_setting(POLLER_SETTING)
        if saved is None and self.config.poll_enabled and self.config.poll_endpoint_url:
            saved = {"enabled": True, "endpoint_url": self.config.poll_endpoint_url}
        if saved and saved.get("enabled") and saved.get("endpoint_url"):
            self.poller.start(saved["endpoint_url"])

    async def stop(self) -> None:
        if self.poller is not None:
            await self.poller.stop()
        if self.worker is not None:
            await self.worker.stop()
        if self._async_http is not None:
            await self._async_http.aclose()
        self.client.close()
        self.db.close()

    def poll_endpoint(self, explicit: str | None = None) -> str | None:
        """The poll URL to use: explicit, else the current poll stream's, else configured.
        An explicit URL must be one this receiver's transmitter gave it: polls carry the
        transmitter credential, which must never go anywhere else."""
        if explicit:
            return self._trusted_poll_url(explicit)
        stream = self.engine.store.stream()
        delivery = (stream or {}).get("config", {}).get("delivery") or {}
        if delivery.get("method") == "urn:ietf:rfc:8936" and delivery.get("endpoint_url"):
            return delivery["endpoint_url"]
        return self.config.poll_endpoint_url

    def _trusted_poll_url(self, url: str) -> str:
        """`url` when it is the poll endpoint_url of one of our streams (the transmitter gave it),
        the configured poll_endpoint_url, or on the origin of the transmitter we are configured
        with; otherwise 400 naming endpoint_url."""
        try:
            http_url(url, "endpoint_url")
        except InputError as exc:
            raise ApiError(400, "invalid_request", str(exc)) from None
        given = {(s["config"].get("delivery") or {}).get("endpoint_url")
                 for s in self.engine.store.streams(include_deleted=True)}
        configured = (self.config.transmitter_issuer, self.config.transmitter_metadata_url)
        if (url in given or url == self.config.poll_endpoint_url
                or _origin(url) in {_origin(c) for c in configured if c}):
            return url
        raise ApiError(400, "invalid_request", "endpoint_url: not a poll endpoint this "
                       "receiver's transmitter gave it (the transmitter credential goes "
                       "nowhere else)")

    async def set_poller(self, enabled: bool, endpoint_url: str | None) -> None:
        """Start or stop the background poller; the choice survives a restart."""
        await run_in_threadpool(self.engine.store.set_setting, POLLER_SETTING,
                                {"enabled": enabled, "endpoint_url": endpoint_url})
        if enabled and endpoint_url:
            self.poller.start(endpoint_url)
        else:
            await self.poller.stop()
