"""The receiver end of a pair: the embedded reference receiver (started for this pair behind a
recording tap, configured with the transmitter end's issuer and credential) or an external
receiver from its profile (configured out of band; driven by its profile's drives).

It has the attributes `harness.suite.observing` reads from a driver (session.profile,
session.rut_base, session.embedded, session.stopping, http, values(), timeout()), so the
suite's observation reading applies the receiver profile's layout.
"""
from __future__ import annotations

import socket
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness.interop.tap import Tap
from harness.interop.transmitter_end import TransmitterEnd, bearer_of
from harness.profiles.model import Profile
from harness.interop.owned import release
from harness.runtime.servers import RunningServer, reserve_port
from harness.suite.http import SuiteHttp

PUSH_PATH = "/ssf/receiver/push"


class PairSetupError(RuntimeError):
    """The pair cannot be set up: every cell of it is grey with this reason."""


@dataclass
class ReceiverEnd:
    profile: Profile
    rut_base: str = ""
    push_url: str = ""
    audience: str = ""
    embedded: bool = False
    control: str | None = field(default=None, repr=False)   # embedded: its control token
    http: SuiteHttp | None = None
    tap: Tap | None = None
    stream: dict | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    _tap_socket: socket.socket | None = None   # held from locate() until the tap listens on it
    _servers: list = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def target(self):
        return self.profile.target("receiver")

    @property
    def session(self):   # observing reads driver.session.*
        return self

    @property
    def test_email(self) -> str:
        return self.target.test_email or "alice@example.com"

    def locate(self) -> "ReceiverEnd":
        """Where the receiver is (before the transmitter starts: it names our audience)."""
        target = self.target
        self.embedded = target.embedded
        if target.embedded:
            if target.dialect != "ssf":
                raise PairSetupError(f"no embedded receiver for dialect {target.dialect!r}")
            self._tap_socket = reserve_port()
            self.rut_base = f"http://127.0.0.1:{self._tap_socket.getsockname()[1]}"
            self.push_url = self.rut_base + PUSH_PATH
            self.audience = self.rut_base
        else:
            self.push_url = target.delivery.endpoint_url or ""
            self.rut_base = target.base_url or self.push_url
            if not self.rut_base:
                raise PairSetupError("the receiver profile gives neither receiver.base_url nor "
                                     "receiver.delivery.endpoint_url")
            parts = urlsplit(self.rut_base)
            self.audience = f"{parts.scheme}://{parts.netloc}"
        self.http = SuiteHttp(timeout=self.profile.timeouts.scaled("http_request"),
                              verify=str(self.profile.tls.ca_file) if self.profile.tls.ca_file
                              else True)
        return self

    def start(self, transmitter: TransmitterEnd) -> "ReceiverEnd":
        if self.embedded:
            try:
                self._start_embedded(transmitter)
            except Exception:
                self.stop()
                raise
        return self

    def _start_embedded(self, tx: TransmitterEnd) -> None:
        from harness.reference.faults import parse_faults
        from harness.reference.receiver import ReceiverConfig, create_app
        from harness.reference.variations import config_for, parse_variations
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-interop-rx-")
        target, startup = self.target, self.profile.timeouts.scaled("startup")
        self.control = bearer_of(target.stream.create)
        if not (tx.issuer or tx.discovery_url):
            raise PairSetupError("the transmitter end has no issuer and no metadata URL")
        settings = dict(
            public_base_url=self.rut_base, db_path=Path(self._tmp.name) / "receiver.sqlite3",
            transmitter_issuer=tx.issuer or None,
            transmitter_metadata_url=tx.discovery_url or None,
            transmitter_token=tx.creds.primary,
            push_bearer=target.delivery.token.value if target.delivery.token else None,
            control_token=self.control, expected_audience=self.audience,
            allow_loopback_addresses=True, poll_long_wait_seconds=5.0,
            poll_backoff_initial=0.05, poll_backoff_max=1.0, max_wait_seconds=30.0,
            http_timeout=self.profile.timeouts.scaled("http_request"),
            faults=parse_faults(list(self.profile.reference.faults) or None, role="receiver"))
        variations = parse_variations(self.profile.reference.variations, role="receiver")
        config = ReceiverConfig(**(settings | config_for(tuple(variations))))
        server = RunningServer(create_app(config), startup_timeout=startup).start()
        self._servers.append(server)
        self.tap = Tap(server.base_url)
        self._servers.append(RunningServer(self.tap.app(), listen_socket=self._tap_socket,
                                           startup_timeout=startup).start())

    # -- what harness.suite.observing reads from a driver ------------------------------------
    def values(self, **extra) -> dict:
        return {"issuer": None, "metadata_url": None, "audience": self.audience,
                "stream_id": (self.stream or {}).get("stream_id"), "email": self.test_email,
                **extra}

    def timeout(self, name: str) -> float:
        return self.profile.timeouts.scaled(name)

    def secrets(self) -> list[str]:
        return list(dict.fromkeys(self.profile.secrets() + ([self.control] if self.control
                                                            else [])))

    def stop(self) -> None:
        self.stopping.set()
        if self.http is not None:
            self.http.close()
        release(self._servers, self._tmp)
        self._tmp = None
        if self._tap_socket is not None:   # never served (the pair failed before it started)
            self._tap_socket.close()
