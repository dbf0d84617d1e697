"""Everything one receiver instance holds, and its start/stop (the app's lifespan)."""
from __future__ import annotations

import httpx
from starlette.concurrency import run_in_threadpool

from harness.reference.receiver.config import ReceiverConfig
from harness.reference.receiver.db import Database
from harness.reference.receiver.engine import ReceiverEngine
from harness.reference.receiver.poller import BackgroundPoller, PollClient
from harness.reference.receiver.transmitter_client import TransmitterClient, tls_verify
from harness.reference.receiver.worker import ActionWorker, Notifier

POLLER_SETTING = "poller"  # persisted {"enabled": bool, "endpoint_url": str | None}


class ReceiverRuntime:
    def __init__(self, config: ReceiverConfig):
        self.config = config
        self.db = Database(config.db_path)
        self.client = TransmitterClient.from_config(config)
        self.engine = ReceiverEngine(config, self.db, self.client)
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
        self._async_http = httpx.AsyncClient(verify=tls_verify(self.config.ca_file),
                                             timeout=self.config.http_timeout)
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
        """The poll URL to use: explicit, else the current poll stream's, else configured."""
        if explicit:
            return explicit
        stream = self.engine.store.stream()
        delivery = (stream or {}).get("config", {}).get("delivery") or {}
        if delivery.get("method") == "urn:ietf:rfc:8936" and delivery.get("endpoint_url"):
            return delivery["endpoint_url"]
        return self.config.poll_endpoint_url

    async def set_poller(self, enabled: bool, endpoint_url: str | None) -> None:
        """Start or stop the background poller; the choice survives a restart."""
        await run_in_threadpool(self.engine.store.set_setting, POLLER_SETTING,
                                {"enabled": enabled, "endpoint_url": endpoint_url})
        if enabled and endpoint_url:
            self.poller.start(endpoint_url)
        else:
            await self.poller.stop()
