"""One conformance run's live setup for the transmitter role: the target, the proxies in both
directions, the suite's push endpoint, and the credentials to use. Built once per pytest session
(per xdist worker) by the pytest plugin; torn down at the end.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harness.profiles.model import Profile
from harness.runtime.servers import RunningServer, free_port
from harness.runtime.tls import LocalTLS, make_local_tls
from harness.suite.embedded import EmbeddedCredentials, new_credentials, start_reference_transmitter
from harness.suite.evidence import collect_exchanges, write_evidence_file
from harness.suite.http import SuiteHttp
from harness.suite.pacing import Pacing
from harness.suite.push_collector import PushCollector


def _bearer_of(trigger) -> str | None:
    """The bearer token an HTTP trigger sends, so the embedded reference can expect it."""
    value = trigger.headers.render({}).get("Authorization", "") if trigger.type == "http" else ""
    return value[len("Bearer "):] if value.startswith("Bearer ") else None


class HarnessSetupError(RuntimeError):
    """The run could not be set up (profile, proxy, server start): every scenario is broken."""


@dataclass
class Credentials:
    # Secrets never appear in repr(): reports show step arguments with repr().
    primary: str | None = field(default=None, repr=False)
    second: str | None = field(default=None, repr=False)
    read_only: str | None = field(default=None, repr=False)
    oauth_token_endpoint: str | None = None
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = field(default=None, repr=False)
    admin: str | None = field(default=None, repr=False)

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
        if target.embedded:
            # Credentials first: the proxies must know every secret before they record anything.
            primary = target.auth.token.value if target.auth.token is not None else None
            made = new_credentials(primary, _bearer_of(target.trigger))
            oauth = target.auth if target.auth.type == "oauth_client_credentials" else None
            self.creds = Credentials(primary=made.primary_token, second=made.second_token,
                                     read_only=made.read_only_token,
                                     oauth_client_id=(oauth and oauth.client_id)
                                     or made.oauth_client_id,
                                     oauth_client_secret=(oauth and oauth.client_secret
                                                          and oauth.client_secret.value)
                                     or made.oauth_client_secret,
                                     admin=made.admin_token)
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
                               startup_timeout=startup, known_secrets=tuple(self.secrets()))
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
        from harness.reference.variations import parse_variations
        faults = parse_faults(list(self.profile.reference.faults) or None, role="transmitter")
        variations = parse_variations(self.profile.reference.variations, role="transmitter")
        c = self.creds
        creds = EmbeddedCredentials(c.primary, c.second, c.read_only, c.oauth_client_id,
                                    c.oauth_client_secret, c.admin)
        proxy_port = free_port() if self.use_proxy else None
        server, public = start_reference_transmitter(
            state_dir=state, tls=self.tls, public_port=proxy_port, creds=creds, faults=faults,
            startup_timeout=startup, variations=variations)
        self._servers.append(server)
        if self.use_proxy:
            self._proxy("transmitter", server.base_url, startup, listen_port=proxy_port)
        self.issuer = public + "/ssf"
        self.discovery_url = public + "/.well-known/ssf-configuration/ssf"
        self.creds.oauth_token_endpoint = self.issuer + "/token"
        self.http = SuiteHttp(verify=self.tls.client_context(),
                              timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "transmitter"))
        auth = self.profile.target("transmitter").auth
        if auth.type == "oauth_client_credentials":  # e.g. variation oauth-only
            # The reference's token endpoint is only known now; the profile's is a placeholder.
            from dataclasses import replace
            self.creds.primary = self._oauth_token(
                replace(auth, token_endpoint=self.creds.oauth_token_endpoint))

    def _start_external(self, target) -> None:
        """An external TUT: the proxy fronts its origin; URLs it hands out are rewritten."""
        from urllib.parse import urlsplit
        if target.dialect != "ssf":
            raise HarnessSetupError(f"dialect {target.dialect!r} has no adapter yet")
        discovery = target.discovery_url()
        if not discovery:
            raise HarnessSetupError("the profile gives neither transmitter.issuer nor metadata_url")
        parts = urlsplit(discovery)
        origin = f"{parts.scheme}://{parts.netloc}"
        self.issuer = target.issuer or ""
        self.discovery_url = discovery
        rewrite = (lambda url: url)
        if self.use_proxy:
            from harness.proxy import RecordingProxy
            proxy = RecordingProxy(origin, self.run_dir / "exchanges" / "transmitter.jsonl",
                                   upstream_ca=self.profile.proxy.upstream_ca
                                   or self.profile.tls.ca_file,
                                   insecure_upstream=self.profile.proxy.insecure,
                                   server_cert_combined=self.tls.combined_file,
                                   startup_timeout=self.profile.timeouts.scaled("startup"))
            proxy.start()
            self._proxies["transmitter"] = proxy
            rewrite = proxy.rewrite_url
            verify = self.tls.client_context()
        else:
            verify = (str(self.profile.tls.ca_file) if self.profile.tls.ca_file else True)
        auth = target.auth
        self.creds = Credentials(
            primary=auth.token.value if auth.token else None,
            second=target.second_receiver_token.value if target.second_receiver_token else None,
            read_only=target.read_only_token.value if target.read_only_token else None,
            oauth_token_endpoint=auth.token_endpoint, oauth_client_id=auth.client_id,
            oauth_client_secret=auth.client_secret.value if auth.client_secret else None)
        cert = None
        if self.profile.tls.client_cert:
            cert = (str(self.profile.tls.client_cert), str(self.profile.tls.client_key))
        self.http = SuiteHttp(verify=verify, timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "transmitter"),
                              rewrite=rewrite, cert=cert)
        if auth.type == "oauth_client_credentials" and self.creds.primary is None:
            self.creds.primary = self._oauth_token(auth)

    def _oauth_token(self, auth) -> str:
        """Client-credentials grant (RFC 6749 section 4.4) for the management API token."""
        data = {"grant_type": "client_credentials"}
        if auth.scopes:
            data["scope"] = " ".join(auth.scopes)
        headers = {}
        secret = auth.client_secret.value if auth.client_secret else ""
        if auth.token_endpoint_auth_method == "client_secret_post":
            data.update(client_id=auth.client_id, client_secret=secret)
        elif auth.token_endpoint_auth_method == "client_secret_basic":
            import base64
            raw = f"{auth.client_id}:{secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        else:
            data["client_id"] = auth.client_id
        result = self.http.call("POST", auth.token_endpoint, data=data, headers=headers)
        if result.status != 200:
            raise HarnessSetupError(f"token endpoint answered {result.status}; "
                                    "check the profile's OAuth client")
        return result.json()["access_token"]

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
        marks = {name: proxy.mark() for name, proxy in self._proxies.items()}
        marks["collector"] = self.collector.mark()
        return marks

    def _await_push_records(self, marks: dict, timeout: float = 2.0) -> None:
        """The proxy writes an exchange once the suite has answered it, so a push the collector
        already saw may be a moment away from the record: wait (bounded) until each is there."""
        proxy = self._proxies.get("suite-receiver")
        expected = self.collector.mark() - marks.get("collector", 0)
        if proxy is None or expected <= 0:
            return
        count = 0

        def counted(_exchange) -> bool:
            nonlocal count
            count += 1
            return count >= expected
        try:
            proxy.wait_for_exchange(counted, timeout, since=marks.get("suite-receiver"))
        except Exception:  # noqa: BLE001 - evidence is best effort; the verdicts stand
            pass

    def exchanges_since(self, marks: dict) -> list[dict]:
        self._await_push_records(marks)
        return collect_exchanges(self._proxies, marks)

    def write_evidence(self, scenario_key: str, marks: dict) -> Path | None:
        return write_evidence_file(self.run_dir, scenario_key, self.exchanges_since(marks))

    def push_url(self, key: str) -> str:
        return f"{self.push_base}/push/{key}"

    def secrets(self) -> list[str]:
        """Every secret of the run (profile and generated), for redaction and leak tests."""
        return list(dict.fromkeys(self.profile.secrets() + self.creds.secrets()))
