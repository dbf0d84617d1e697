"""One conformance run's live setup for the transmitter role: the target, the proxies in both
directions, the suite's push endpoint, and the credentials to use. Built once per pytest session
(per xdist worker) by the pytest plugin; torn down at the end.

Where the push endpoint listens, the URL the transmitter is told and the certificate it presents
come from the profile's `suite:` section (harness/suite/listening.py). A push that fails the TLS
handshake with it is a recorded exchange, named in the failure of the scenario that waited
(`transport_failures`).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from harness.profiles.hosts import declared_hosts
from harness.profiles.model import Profile
from harness.runtime.servers import RunningServer
from harness.runtime.tls import LocalTLS
from harness.suite.dialects import unavailable_reason
from harness.suite.credentials import Credentials
from harness.suite.embedded import EMULATED, start_dialect_emulator, start_reference_transmitter
from harness.suite.evidence import collect_exchanges, failure_sentences, failures_since
from harness.suite.http import SuiteHttp
from harness.suite.listening import (Endpoint, SuiteCertificates, certificates, endpoint,
                                     outbound_proxy)
from harness.suite.pacing import Pacing
from harness.suite.push_collector import PushCollector
from harness.suite.session_core import SessionCore


def _bearer_of(trigger) -> str | None:
    """The bearer token an HTTP trigger sends, so the embedded reference can expect it."""
    value = trigger.headers.render({}).get("Authorization", "") if trigger.type == "http" else ""
    return value[len("Bearer "):] if value.startswith("Bearer ") else None


def suite_address_policy(profile):
    """Private, link-local and loopback addresses the suite refuses to call for an external
    target: only the hosts the profile names, and loopback when the target is on this
    machine (issue 14: an answer naming 169.254.169.254 must not make the suite fetch it)."""
    from harness.hardening.addresses import AddressPolicy, host_kind
    hosts = declared_hosts(profile)
    local = any(host_kind(h) == "loopback" for h in hosts)
    return AddressPolicy.build(allow_loopback=local, allow_private=False, allow=hosts)


class HarnessSetupError(RuntimeError):
    """The run could not be set up (profile, proxy, server start): every scenario is broken."""


@dataclass
class TransmitterSession(SessionCore):
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
    certs: SuiteCertificates | None = None
    push_endpoint: Endpoint | None = None
    embedded: bool = False
    seen_jtis: dict = field(default_factory=dict)   # jti -> token of every SET received
    directory: object = None   # RunDirectory: SSAs for ssa_registration (directory_run.py)
    _push_urls: list = field(default_factory=list)  # every push URL handed out, in order
    _servers: list = field(default_factory=list)
    _proxies: dict = field(default_factory=dict)
    _tmp: tempfile.TemporaryDirectory | None = None
    # The TLS client certificate the suite presents to the transmitter (mTLS): (chain, key)
    # files; the recording proxy presents it upstream. Embedded: issued by the run's CA (a
    # target that asks for one trusts that CA); external: the profile's tls.client_cert.
    client_cert: tuple[Path, Path] | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> "TransmitterSession":
        target = self.profile.target("transmitter")
        startup = self.profile.timeouts.scaled("startup")
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-run-")
        state = Path(self._tmp.name)
        self.embedded = target.embedded
        self.push_endpoint = endpoint(self.profile.suite.push_endpoint)
        # An external transmitter must trust the suite's CA: the one kept across runs.
        self.certs = certificates(self.profile, state, public_urls=(self.push_endpoint.host_url,),
                                  persistent=not target.embedded
                                  or self.profile.suite.state_dir is not None)
        self.tls = self.certs.tls
        if target.embedded:
            # Credentials first: the proxies must know every secret before they record anything.
            primary = target.auth.token.value if target.auth.token is not None else None
            self.creds = Credentials.generated(primary, _bearer_of(target.trigger))
            oauth = target.auth if target.auth.type == "oauth_client_credentials" else None
            if oauth is not None:   # the profile's client, which the reference then registers
                self.creds.oauth_client_id = oauth.client_id or self.creds.oauth_client_id
                self.creds.oauth_client_secret = (oauth.client_secret
                                                  and oauth.client_secret.value
                                                  ) or self.creds.oauth_client_secret
        self.directory = self._registration_directory()
        try:
            self._start_collector(startup)
            if self.directory is not None:  # before the TUT: an embedded one must trust it
                self.directory.start(state, tuple(self.secrets()))
                self._proxies.update(self.directory.proxies)
            if target.embedded:
                self._start_embedded(state, startup)
            else:
                self._start_external(target)
            self.http.max_body_bytes = self.profile.limits.max_response_bytes  # limits:
        except Exception:
            self.stop()
            raise
        return self

    def _registration_directory(self):
        """The profile's trust directory, when the TUT registers receivers by SSA."""
        if self.profile.directory is None or not self.profile.capabilities(
                "transmitter").supports("ssa_registration"):
            return None
        from harness.suite.directory_run import RunDirectory
        directory = RunDirectory.for_profile(self.profile, self.run_dir, self.tls,
                                             self.use_proxy, name="tx-directory")
        directory.prepare()  # its tokens are secrets every proxy must know
        return directory

    def _start_collector(self, startup: float) -> None:
        """The push endpoint: the collector behind the recording proxy, which listens where
        the profile says (suite.push_endpoint) and presents the suite's certificate."""
        ep = self.push_endpoint
        self.collector.max_body_bytes = self.profile.limits.max_push_bytes  # limits:
        if self.use_proxy:
            server = RunningServer(self.collector.app(), startup_timeout=startup,
                                   ssl_certfile=str(self.tls.cert_file),
                                   ssl_keyfile=str(self.tls.key_file)).start()
            self._servers.append(server)
            bound = self._proxy("suite-receiver", server.base_url, startup, listen_port=ep.port,
                                listen_host=ep.host, extra_certs=self.certs.sni_certs()).port
        else:
            served = self.certs.given or self.tls
            server = RunningServer(
                self.collector.app(), host=ep.host, port=ep.port, startup_timeout=startup,
                ssl_certfile=str(served.cert_file), ssl_keyfile=str(served.key_file)).start()
            self._servers.append(server)
            bound = server.port
        ep = self.push_endpoint = ep.bound(bound)
        self.push_base = ep.public

    def _start_embedded(self, state: Path, startup: float) -> None:
        from harness.reference.faults import parse_faults
        from harness.reference.variations import parse_variations
        faults = parse_faults(list(self.profile.reference.faults) or None, role="transmitter")
        variations = parse_variations(self.profile.reference.variations, role="transmitter")
        creds = self.creds
        client = self.certs.ca.issue(state / "client-tls") if self.tls else None
        if client is not None:
            self.client_cert = (client.cert_file, client.key_file)
        sock, public_port = self._fronted("transmitter", "https" if self.tls else "http",
                                          startup, client_cert=client and client.combined_file)
        trusted = ()
        if self.directory is not None:
            from harness.reference.transmitter import TrustedDirectory
            trusted = (TrustedDirectory(self.directory.access.issuer,
                                        self.directory.access.jwks_url),)
        dialect = self.profile.target("transmitter").dialect
        if dialect in EMULATED:   # a vendor dialect: its emulator is the embedded target
            layout = EMULATED[dialect]
            server, public = start_dialect_emulator(
                dialect, state_dir=state, tls=self.tls, listen_socket=sock,
                public_port=public_port, creds=creds,
                faults=faults, startup_timeout=startup,
                options=dict(self.profile.reference.emulator_options))
            issuer, discovery = public + layout.issuer_path, layout.discovery_path
            discovery = public + discovery if discovery else ""
        else:
            server, public = start_reference_transmitter(
                state_dir=state, tls=self.tls, listen_socket=sock, public_port=public_port,
                creds=creds,
                faults=faults, startup_timeout=startup, variations=variations,
                trusted_directories=trusted)
            issuer, discovery = public + "/ssf", public + "/.well-known/ssf-configuration/ssf"
        self._servers.append(server)
        self.issuer, self.discovery_url = issuer, discovery
        self.creds.oauth_token_endpoint = self.issuer + "/token"
        self.http = SuiteHttp(verify=self.tls.client_context(),
                              timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "transmitter"),
                              cert=tuple(map(str, self.client_cert)) if self.client_cert
                              else None)
        auth = self.profile.target("transmitter").auth
        if auth.type == "oauth_client_credentials":  # e.g. variation oauth-only
            # The reference's token endpoint is only known now; the profile's is a placeholder.
            self.creds.primary = self._oauth_token(
                replace(auth, token_endpoint=self.creds.oauth_token_endpoint))

    def _start_external(self, target) -> None:
        """An external TUT: the proxy fronts its origin; URLs it hands out are rewritten."""
        unavailable = unavailable_reason(target.dialect)
        if unavailable:
            raise HarnessSetupError(unavailable)
        discovery = target.discovery_url()
        if not discovery:
            raise HarnessSetupError("the profile gives neither transmitter.issuer nor metadata_url")
        parts = urlsplit(discovery)
        origin = f"{parts.scheme}://{parts.netloc}"
        self.issuer = target.issuer or ""
        self.discovery_url = discovery
        rewrite = (lambda url: url)
        if self.profile.tls.client_cert:
            self.client_cert = (self.profile.tls.client_cert, self.profile.tls.client_key)
        if self.use_proxy:
            from harness.proxy import RecordingProxy
            from harness.runtime.tls import combined_client_pem
            presented = combined_client_pem(*self.client_cert, Path(self._tmp.name)
                                            / "client-combined.pem") if self.client_cert else None
            proxy = RecordingProxy(origin, self.run_dir / "exchanges" / "transmitter.jsonl",
                                   client_cert=presented,
                                   upstream_ca=self.profile.proxy.upstream_ca
                                   or self.profile.tls.ca_file,
                                   insecure_upstream=self.profile.proxy.insecure,
                                   server_cert_combined=self.tls.combined_file,
                                   startup_timeout=self.profile.timeouts.scaled("startup"))
            proxy.start()
            self._proxies["transmitter"] = proxy
            rewrite = proxy.rewrite_url
            verify = self.tls.client_context()
            # URLs on other hosts (a jwks_uri elsewhere) go through a forwarding proxy.
            self._proxies["outbound"] = outbound_proxy(
                self.profile, self.certs, self.run_dir / "exchanges" / "outbound.jsonl",
                tuple(self.secrets()), self.profile.timeouts.scaled("startup"))
        else:
            verify = (str(self.profile.tls.ca_file) if self.profile.tls.ca_file else True)
        auth = target.auth
        self.creds = Credentials(
            primary=auth.token.value if auth.token else None,
            second=target.second_receiver_token.value if target.second_receiver_token else None,
            read_only=target.read_only_token.value if target.read_only_token else None,
            oauth_token_endpoint=auth.token_endpoint, oauth_client_id=auth.client_id,
            oauth_client_secret=auth.client_secret.value if auth.client_secret else None)
        cert = tuple(map(str, self.client_cert)) if self.client_cert else None
        outbound = self._proxies.get("outbound")
        self.http = SuiteHttp(verify=verify, timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "transmitter"),
                              rewrite=rewrite, cert=cert,
                              forward_proxy=outbound.base_url if outbound else None,
                              direct=(urlsplit(proxy.base_url).netloc,) if outbound else (),
                              address_policy=suite_address_policy(self.profile))
        if auth.type == "oauth_client_credentials" and self.creds.primary is None:
            self.creds.primary = self._oauth_token(auth)

    def _oauth_token(self, auth) -> str:
        """Client-credentials grant for the management API token (harness/suite/oauth.py)."""
        from harness.suite.oauth import TokenRequestFailed, client_credentials_token
        try:
            return client_credentials_token(self.http, auth)
        except TokenRequestFailed as exc:
            raise HarnessSetupError(str(exc)) from exc

    def stop(self) -> None:
        if self.http:
            self.http.close()
        self._release()

    # -- per scenario ------------------------------------------------------------------
    def marks(self) -> dict:
        marks = {name: proxy.mark() for name, proxy in self._proxies.items()}
        marks["collector"] = self.collector.mark()
        marks["push_urls"] = len(self._push_urls)
        return marks

    def transport_failures(self, marks: dict) -> list[str]:
        """Sentences for the exchanges since `marks` that never got an answer: a push of the
        transmitter that failed the TLS handshake with the suite, a request of the suite's that
        was refused, did not resolve or failed the handshake."""
        handed = self._push_urls[marks.get("push_urls", 0):] or self._push_urls[-1:]
        push_url = handed[-1] if handed else self.push_base
        worded = []
        for name, exchange, failure in failures_since(
                self._proxies, marks, ("suite-receiver", "transmitter", "outbound")):
            stage = (exchange.record.get("error") or {}).get("stage")
            if name == "suite-receiver" and stage == "client_tls":
                worded.append(("the transmitter's push", replace(failure, url=push_url)))
            elif name != "suite-receiver" and stage != "client_tls":
                worded.append(("the suite's request", replace(
                    failure, url=exchange.request.upstream_url)))
        return failure_sentences(worded)

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

    def push_url(self, key: str) -> str:
        url = f"{self.push_base}/push/{key}"
        self._push_urls.append(url)
        return url
