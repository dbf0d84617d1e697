"""The transmitter end of a pair: the embedded reference (started for this pair, behind a
recording tap, its receiver client's `aud` set to the receiver end's audience), an embedded
dialect emulator (harness.suite.embedded), or an external transmitter from its profile.

It has the attributes `harness.suite.driver.TransmitterDriver` reads from a session (profile,
http, creds, issuer, discovery_url, embedded, push_url, secrets), so the suite's driver, with
its dialect adapters, manages streams and fires the trigger for any transmitter it can drive.
"""
from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harness.interop.tap import Tap
from harness.profiles.model import Profile
from harness.interop.owned import release
from harness.runtime.servers import RunningServer, reserve_port
from harness.suite.credentials import Credentials
from harness.suite.embedded import EMULATED, start_dialect_emulator
from harness.suite.http import SuiteHttp

INTEROP_CLIENT = "interop-receiver"


def bearer_of(trigger) -> str | None:
    """The bearer an HTTP trigger or drive sends (an embedded end must expect it)."""
    if getattr(trigger, "type", None) != "http":
        return None
    value = trigger.headers.render({}).get("Authorization", "")
    return value[len("Bearer "):] if value.startswith("Bearer ") else None


@dataclass
class TransmitterEnd:
    profile: Profile
    audience: str = ""            # the receiver end's audience (the stream's aud, if we choose)
    issuer: str = ""
    discovery_url: str = ""
    embedded: bool = False
    creds: Credentials = field(default_factory=Credentials)
    http: SuiteHttp | None = None
    tap: Tap | None = None
    receiver_push_url: str = ""   # where a suite-provisioned push stream delivers
    _servers: list = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def target(self):
        return self.profile.target("transmitter")

    def start(self) -> "TransmitterEnd":
        target = self.target
        timeouts = self.profile.timeouts
        self.http = SuiteHttp(timeout=timeouts.scaled("http_request"),
                              verify=str(self.profile.tls.ca_file) if self.profile.tls.ca_file
                              else True)
        self.embedded = target.embedded
        try:
            if target.embedded:
                self._start_embedded(timeouts.scaled("startup"))
            else:
                self._reach_external(target)
        except Exception:
            self.stop()
            raise
        return self

    def _start_embedded(self, startup: float) -> None:
        target = self.target
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-interop-tx-")
        state = Path(self._tmp.name)
        self.creds = Credentials(
            primary=target.auth.token.value if target.auth.token else secrets.token_urlsafe(24),
            admin=bearer_of(target.trigger) or secrets.token_urlsafe(24))
        from harness.reference.faults import parse_faults
        faults = parse_faults(list(self.profile.reference.faults) or None, role="transmitter")
        tap_socket = reserve_port()   # held: the tap in front of the target listens on it
        public = f"http://127.0.0.1:{tap_socket.getsockname()[1]}"
        if target.dialect in EMULATED:
            layout = EMULATED[target.dialect]
            c = self.creds
            server, public = start_dialect_emulator(
                target.dialect, state_dir=state, tls=None,
                public_port=tap_socket.getsockname()[1],
                creds=Credentials.generated(c.primary, c.admin),
                faults=faults, startup_timeout=startup)
            self.issuer = public + layout.issuer_path
            self.discovery_url = public + layout.discovery_path if layout.discovery_path else ""
        else:
            server = self._start_reference(state, public, faults, startup)
            self.issuer = public + "/ssf"
            self.discovery_url = public + "/.well-known/ssf-configuration/ssf"
        self._servers.append(server)
        self.tap = Tap(server.base_url)
        self._servers.append(RunningServer(self.tap.app(), listen_socket=tap_socket,
                                           startup_timeout=startup).start())

    def _start_reference(self, state: Path, public: str, faults, startup: float):
        from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
        from harness.reference.variations import config_for, parse_variations
        settings = dict(
            public_base_url=public, db_path=state / "transmitter.sqlite3",
            clients=[ReceiverClient(INTEROP_CLIENT, tokens=(self.creds.primary,),
                                    audience=self.audience or None)],
            admin_token=self.creds.admin, push_backoff_base=0.05, push_backoff_max=1.0,
            push_max_attempts=3, long_poll_max_wait=5.0, allow_loopback_addresses=True,
            faults=faults)
        variations = parse_variations(self.profile.reference.variations, role="transmitter")
        config = TransmitterConfig(**(settings | config_for(tuple(variations))))
        return RunningServer(create_app(config), startup_timeout=startup).start()

    def _reach_external(self, target) -> None:
        self.issuer = target.issuer or ""
        self.discovery_url = target.discovery_url() or ""
        auth = target.auth
        self.creds = Credentials(
            primary=auth.token.value if auth.token else None,
            oauth_token_endpoint=auth.token_endpoint, oauth_client_id=auth.client_id,
            oauth_client_secret=auth.client_secret.value if auth.client_secret else None)
        if auth.type == "oauth_client_credentials":
            from harness.suite.oauth import client_credentials_token
            self.creds.primary = client_credentials_token(self.http, auth)

    # -- what TransmitterDriver reads from a session -----------------------------------------
    def push_url(self, key: str) -> str:
        return self.receiver_push_url

    def secrets(self) -> list[str]:
        return list(dict.fromkeys(self.profile.secrets() + self.creds.secrets()))

    def stop(self) -> None:
        if self.http is not None:
            self.http.close()
        release(self._servers, self._tmp)
        self._tmp = None
