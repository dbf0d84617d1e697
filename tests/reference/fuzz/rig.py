"""The fuzzed servers: a reference transmitter, a reference receiver whose transmitter it is,
and a trust directory, all real uvicorn servers on 127.0.0.1 with their state in SQLite.

`Rig.send` fires one request over one shared keep-alive client and counts it; `Rig.invariants`
reads back everything the servers store (a poisoned row would make one of these reads fail);
`LogTrap` collects every warning or error the servers log, tracebacks included.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from harness.reference.directory import DirectoryConfig, Organisation
from harness.reference.directory import create_app as directory_app
from harness.reference.receiver import ReceiverConfig
from harness.reference.receiver import create_app as receiver_app
from harness.reference.transmitter import ReceiverClient, TransmitterConfig
from harness.reference.transmitter import create_app as transmitter_app
from harness.runtime.servers import RunningServer, free_port
from harness.ssf.constants import POLL, PUSH
from tests.reference.fuzz.strategies import Request

TOKEN, ADMIN, PUSH_BEARER, CONTROL = "fz-token-1", "fz-admin-2", "fz-push-3", "fz-control-4"
ORG, ORG_TOKEN = "fz-org", "fz-org-token-5"
SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
ALICE = {"format": "email", "email": "alice@example.com"}


class LogTrap(logging.Handler):
    """Every record at WARNING or above from uvicorn and our own loggers."""

    NAMES = ("uvicorn", "uvicorn.error", "harness")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []
        self._mutex = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += " [traceback: " + (record.exc_info[0].__name__ if record.exc_info[0]
                                       else "?") + "]"
        with self._mutex:
            self.records.append(f"{record.name}: {text}")

    def install(self) -> None:
        for name in self.NAMES:
            logging.getLogger(name).addHandler(self)

    def remove(self) -> None:
        for name in self.NAMES:
            logging.getLogger(name).removeHandler(self)


@dataclass
class Counts:
    sent: int = 0
    gateway: int = 0  # 502 relaying a transmitter's 4xx (receiver control API), not errors
    server_errors: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


class Rig:
    def __init__(self, root: Path):
        tx_port, rx_port, dir_port = free_port(), free_port(), free_port()
        self.tx_url = f"http://127.0.0.1:{tx_port}"
        self.rx_url = f"http://127.0.0.1:{rx_port}"
        self.dir_url = f"http://127.0.0.1:{dir_port}"
        self.tx_app = transmitter_app(TransmitterConfig(
            public_base_url=self.tx_url, db_path=root / "tx.sqlite3", admin_token=ADMIN,
            clients=[ReceiverClient("fz-rx", "fz-secret", tokens=(TOKEN,), audience=self.rx_url)],
            signing_alg="ES256", push_backoff_base=0.01, push_backoff_max=0.05,
            push_timeout=2.0, long_poll_max_wait=0.2, sse_max_seconds=0.2,
            forward_receiver_url=self.rx_url,
            allow_loopback_addresses=True))
        self.rx_app = receiver_app(ReceiverConfig(
            public_base_url=self.rx_url, db_path=root / "rx.sqlite3",
            transmitter_issuer=self.tx_url + "/ssf", transmitter_token=TOKEN,
            push_bearer=PUSH_BEARER, control_token=CONTROL, expected_audience=self.rx_url,
            http_timeout=3.0, poll_long_wait_seconds=0.2, max_wait_seconds=0.2))
        self.dir_app = directory_app(DirectoryConfig(
            public_base_url=self.dir_url, db_path=root / "dir.sqlite3", admin_token=ADMIN,
            organisations=[Organisation(ORG, "Fuzz Org", tokens=(ORG_TOKEN,))]))
        self.servers = [RunningServer(self.tx_app, port=tx_port),
                        RunningServer(self.rx_app, port=rx_port),
                        RunningServer(self.dir_app, port=dir_port)]
        for server in self.servers:
            server.start()
        self.trap = LogTrap()
        self.trap.install()  # after the starts: each uvicorn.Config resets uvicorn's handlers
        self.http = httpx.Client(timeout=10.0)
        self.counts = Counts()
        self.seed()

    # -- state the fuzzed requests can refer to -----------------------------------------------
    def seed(self) -> None:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        push = self.http.post(self.tx_url + "/ssf/stream", headers=auth, json={
            "events_requested": [SR], "delivery": {
                "method": PUSH, "endpoint_url": self.rx_url + "/ssf/receiver/push",
                "authorization_header": f"Bearer {PUSH_BEARER}"}})
        poll = self.http.post(self.tx_url + "/ssf/stream", headers=auth,
                              json={"events_requested": [SR]})
        assert push.status_code == poll.status_code == 201, (push.text, poll.text)
        self.push_stream, self.poll_stream = push.json()["stream_id"], poll.json()["stream_id"]
        created = self.http.post(self.dir_url + f"/organisations/{ORG}/softwarestatements",
                                 headers={"Authorization": f"Bearer {ORG_TOKEN}"}, json={})
        assert created.status_code == 201, created.text
        self.statement = created.json()["SoftwareStatementId"]
        signer = self.tx_app.state.tx.keys.current
        self.signing_key = signer

    # -- firing ---------------------------------------------------------------------------------
    def send(self, base: str, req: Request) -> httpx.Response:
        url = base + req.path + (f"?{req.query}" if req.query else "")
        response = self.http.request(req.method, url, headers=req.headers, content=req.content)
        self.counts.sent += 1
        self.counts.statuses[response.status_code] += 1
        body = response.text if response.status_code == 502 else ""
        if response.status_code >= 500 and '"transmitter_status":4' not in body:
            self.counts.server_errors.append(f"{response.status_code} {req!r}")
        return response

    def invariants(self) -> list[str]:
        """Reads that must keep answering 200 whatever was sent before."""
        problems = []
        tx_admin = {"Authorization": f"Bearer {ADMIN}"}
        reads = [
            (self.tx_url + "/ssf/stream", {"Authorization": f"Bearer {TOKEN}"}),
            (self.tx_url + "/ssf/events?limit=1000", tx_admin),
            (self.rx_url + "/ssf/receiver/events?limit=1000", {"Authorization": f"Bearer {CONTROL}"}),
            (self.rx_url + "/ssf/receiver/status", {"Authorization": f"Bearer {CONTROL}"}),
            (self.rx_url + "/ssf/receiver/stream", {"Authorization": f"Bearer {CONTROL}"}),
            (self.rx_url + "/ssf/receiver/actions", {"Authorization": f"Bearer {CONTROL}"}),
            (self.rx_url + "/ssf/receiver/idp/users", {"Authorization": f"Bearer {CONTROL}"}),
            (self.rx_url + "/ssf/security-state", {"Authorization": f"Bearer {CONTROL}"}),
            (self.dir_url + f"/admin/organisations/{ORG}/softwarestatements/{self.statement}",
             tx_admin),
        ]
        for url, headers in reads:
            response = self.http.get(url, headers=headers)
            self.counts.sent += 1
            if response.status_code != 200:
                problems.append(f"GET {url} answered {response.status_code}: "
                                f"{response.text[:200]}")
        return problems

    def internal_errors(self) -> int:
        return (self.tx_app.state.tx.internal_errors
                + self.dir_app.state.directory.internal_errors)

    def close(self) -> None:
        self.http.close()
        self.tx_app.state.tx.close_streams_threadsafe()
        for server in self.servers:
            server.stop()
        self.trap.remove()

