"""One conformance run's live setup for the transmitter role: the target, the proxies in both
directions, the suite's push endpoint, and the credentials to use. Built once per pytest session
(per xdist worker) by the pytest plugin; torn down at the end.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harness.profiles.model import Profile
from harness.runtime.servers import RunningServer, free_port
from harness.runtime.tls import LocalTLS, make_local_tls
from harness.suite.embedded import EmbeddedCredentials, new_credentials, start_reference_transmitter
from harness.suite.http import SuiteHttp
from harness.suite.push_collector import PushCollector


class HarnessSetupError(RuntimeError):
    """The run could not be set up (profile, proxy, server start): every scenario is broken."""


@dataclass
class Credentials:
    primary: str | None = None
    second: str | None = None
    read_only: str | None = None
    oauth_token_endpoint: str | None = None
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = None
    admin: str | None = None

    def secrets(self) -> list[str]:
        return [s for s in (self.primary, self.second, self.read_only, self.oauth_client_secret,
                            self.admin) if s]


@dataclass
class TransmitterSession:
    profile: Profile
    run_dir: Path
    use_proxy: bool = True
    issuer: str = ""                     # the issuer the metadata must state
    discovery_url: str = ""              # how the suite reaches the metadata (via the proxy)
    push_base: str = ""                  # the suite's push endpoint as the TUT sees it
    creds: Credentials = field(default_factory=Credentials)
    collector: PushCollector = field(default_factory=PushCollector)
    http: SuiteHttp | None = None
    tls: LocalTLS | None = None
    embedded: bool = False
    seen_jtis: dict = field(default_factory=dict)   # jti -> token of every SET received
    _servers: list = field(default_factory=list)
    _proxies: dict = field(default_factory=dict)
    _tmp: tempfile.TemporaryDirectory | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> "TransmitterSession":
        target = self.profile.target("transmitter")
        startup = self.profile.timeouts.scaled("startup")
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-run-")
        state = Path(self._tmp.name)
        self.tls = make_local_tls(state / "tls")
        self.embedded = target.embedded
        try:
            self._start_collector(startup)
            if target.embedded:
                self._start_embedded(state, startup)
            else:
                self._start_external(target)
        except Exception:
            self.stop()
            raise
        return self

    def _proxy(self, name: str, upstream: str, startup: float, listen_port: int = 0):
        from harness.proxy import RecordingProxy
        proxy = RecordingProxy(upstream, self.run_dir / "exchanges" / f"{name}.jsonl",
                               listen_port=listen_port, upstream_ca=self.tls.ca_file,
                               server_cert_combined=self.tls.combined_file,
                               startup_timeout=startup)
        proxy.start()
        self._proxies[name] = proxy
        return proxy

    def _start_collector(self, startup: float) -> None:
        server = RunningServer(self.collector.app(), startup_timeout=startup,
                               ssl_certfile=str(self.tls.cert_file),
                               ssl_keyfile=str(self.tls.key_file)).start()
        self._servers.append(server)
        self.push_base = server.base_url
        if self.use_proxy:
            self.push_base = self._proxy("suite-receiver", server.base_url, startup).base_url

    def _start_embedded(self, state: Path, startup: float) -> None:
        from harness.reference.faults import parse_faults
        faults = parse_faults(list(self.profile.reference.faults) or None, role="transmitter")
        creds: EmbeddedCredentials = new_credentials()
        proxy_port = free_port() if self.use_proxy else None
        server, public = start_reference_transmitter(
            state_dir=state, tls=self.tls, public_port=proxy_port, creds=creds, faults=faults,
            startup_timeout=startup)
        self._servers.append(server)
        if self.use_proxy:
            self._proxy("transmitter", server.base_url, startup, listen_port=proxy_port)
        self.issuer = public + "/ssf"
        self.discovery_url = public + "/.well-known/ssf-configuration/ssf"
        self.creds = Credentials(primary=creds.primary_token, second=creds.second_token,
                                 read_only=creds.read_only_token,
                                 oauth_token_endpoint=self.issuer + "/token",
                                 oauth_client_id=creds.oauth_client_id,
                                 oauth_client_secret=creds.oauth_client_secret,
                                 admin=creds.admin_token)
        self.http = SuiteHttp(verify=self.tls.client_context(),
                              timeout=self.profile.timeouts.scaled("http_request"))

    def _start_external(self, target) -> None:
        raise HarnessSetupError("external transmitter targets: see harness/suite/external.py")

    def stop(self) -> None:
        if self.http:
            self.http.close()
        for proxy in self._proxies.values():
            proxy.stop()
        for server in reversed(self._servers):
            server.stop()
        self._servers.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- per scenario ------------------------------------------------------------------
    def marks(self) -> dict:
        return {name: proxy.mark() for name, proxy in self._proxies.items()}

    def exchanges_since(self, marks: dict) -> list[dict]:
        out = []
        for name, proxy in self._proxies.items():
            for ex in proxy.exchanges(since=marks.get(name)):
                item = ex.to_dict()
                item["proxy"] = name
                item["curl"] = ex.to_curl()
                out.append(item)
        return out

    def write_evidence(self, scenario_key: str, marks: dict) -> Path | None:
        exchanges = self.exchanges_since(marks)
        if not exchanges:
            return None
        path = self.run_dir / "evidence" / f"{scenario_key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(exchanges, indent=2))
        return path

    def push_url(self, key: str) -> str:
        return f"{self.push_base}/push/{key}"

    def secrets(self) -> list[str]:
        return self.creds.secrets()
