"""One conformance run's live setup for the receiver role: the suite plays the transmitter.

Pieces: the transmitter persona (reference transmitter in-process, tapped), the receiver under
test (the embedded reference receiver, or an external one from the profile), one recording proxy
in front of each, the forger that signs with the persona's live key, and one HTTP client.
Built once per pytest session (per xdist worker) by the pytest plugin (`rx_suite`).
"""
from __future__ import annotations

import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness.profiles.model import Profile
from harness.runtime.servers import RunningServer, free_port
from harness.runtime.tls import LocalTLS, make_local_tls
from harness.ssf.constants import POLL, PUSH
from harness.suite.forger import SetForger
from harness.suite.evidence import collect_exchanges, write_evidence_file
from harness.suite.http import SuiteHttp
from harness.suite.pacing import Pacing
from harness.suite.receiver_persona import Persona, start_persona
from harness.suite.session import HarnessSetupError, _bearer_of

RECEIVER_PUSH_PATH = "/ssf/receiver/push"   # the embedded reference receiver's push endpoint


@dataclass
class RxCredentials:
    # repr=False everywhere: reports (Allure step parameters) print reprs of what steps hold.
    rut_token: str | None = field(default=None, repr=False)           # RUT -> persona
    push_authorization: str | None = field(default=None, repr=False)  # suite -> RUT push
    control: str | None = field(default=None, repr=False)  # embedded receiver: control token
    admin: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)

    def secrets(self) -> list[str]:
        values = [self.rut_token, self.control, self.admin, self.push_authorization]
        if self.push_authorization and self.push_authorization.startswith("Bearer "):
            values.append(self.push_authorization[len("Bearer "):])
        return [v for v in values if v]


@dataclass
class ReceiverSession:
    profile: Profile
    run_dir: Path
    use_proxy: bool = True
    creds: RxCredentials = field(default_factory=RxCredentials)
    persona: Persona | None = None
    forger: SetForger | None = None
    http: SuiteHttp | None = None
    tls: LocalTLS | None = None
    embedded: bool = False
    audience: str = ""          # the aud the persona gives the RUT's stream and SETs
    rut_base: str = ""          # base for the RUT's drive / observation URLs (as the suite sees it)
    push_url: str = ""          # the RUT's push endpoint (as the suite sees it)
    stream: dict | None = None  # the RUT's current stream, as the persona configured it
    rut_app: object = None      # embedded reference receiver app (for its fault list)
    stopping: threading.Event = field(default_factory=threading.Event)  # ends backoff waits
    _servers: list = field(default_factory=list)
    _proxies: dict = field(default_factory=dict)
    _tmp: tempfile.TemporaryDirectory | None = None

    def __repr__(self) -> str:  # short, and free of anything secret
        return (f"ReceiverSession(profile={self.profile.name!r}, embedded={self.embedded}, "
                f"stream={(self.stream or {}).get('stream_id')!r})")

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> "ReceiverSession":
        target = self.profile.target("receiver")
        startup = self.profile.timeouts.scaled("startup")
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-rx-run-")
        state = Path(self._tmp.name)
        self.tls = make_local_tls(state / "tls")
        self.embedded = target.embedded
        self.creds = RxCredentials(
            rut_token=target.auth.token.value if target.auth.token is not None else None,
            push_authorization=target.delivery.authorization_value(),
            control=_bearer_of(target.stream.create) if target.embedded else None)
        try:
            tx_public = free_port() if self.use_proxy else None
            rx_port = free_port()
            rx_public = free_port() if self.use_proxy else rx_port
            self._locate_rut(target, rx_public)
            self.persona = start_persona(
                state_dir=state, tls=self.tls, public_port=tx_public,
                rut_token=self.creds.rut_token, audience=self.audience,
                admin_token=self.creds.admin, startup_timeout=startup,
                long_poll_max_wait=min(5.0, self.profile.timeouts.scaled("poll_wait")))
            self._servers.append(self.persona)
            if self.use_proxy:
                self._proxy("transmitter", self.persona.server.base_url, startup, tx_public)
            if target.embedded:
                self._start_embedded_rut(state, startup, rx_port, rx_public)
            else:
                self._front_external_rut(target, startup)
            self.forger = SetForger(self.persona.issuer, self.audience, self.persona.signing_key,
                                    subject={"format": "email", "email": self.test_email})
        except Exception:
            self.stop()
            raise
        return self

    @property
    def test_email(self) -> str:
        return self.profile.target("receiver").test_email or "alice@example.com"

    @property
    def delivery_method(self) -> str:
        """The delivery method the profile's own drive creates: "push" or "poll"."""
        return self.profile.target("receiver").delivery.method

    def _locate_rut(self, target, rx_public: int) -> None:
        if target.embedded:
            self.rut_base = f"https://127.0.0.1:{rx_public}"
            self.push_url = self.rut_base + RECEIVER_PUSH_PATH
            self.audience = self.rut_base
            return
        self.push_url = target.delivery.endpoint_url or ""
        self.rut_base = target.base_url or self.push_url
        if not self.rut_base:
            raise HarnessSetupError("the profile gives neither receiver.base_url nor "
                                    "receiver.delivery.endpoint_url")
        parts = urlsplit(self.rut_base)
        self.audience = f"{parts.scheme}://{parts.netloc}"

    def _proxy(self, name: str, upstream: str, startup: float, listen_port: int = 0, **kw):
        from harness.proxy import RecordingProxy
        kw.setdefault("upstream_ca", self.tls.ca_file)
        proxy = RecordingProxy(upstream, self.run_dir / "exchanges" / f"rx-{name}.jsonl",
                               listen_port=listen_port, server_cert_combined=self.tls.combined_file,
                               startup_timeout=startup, known_secrets=tuple(self.secrets()), **kw)
        proxy.start()
        self._proxies[name] = proxy
        return proxy

    def _start_embedded_rut(self, state: Path, startup: float, port: int, public: int) -> None:
        from harness.reference.faults import parse_faults
        from harness.reference.receiver import ReceiverConfig, create_app
        from harness.reference.variations import config_for, parse_variations
        delivery = self.profile.target("receiver").delivery
        faults = parse_faults(list(self.profile.reference.faults) or None, role="receiver")
        settings = dict(
            public_base_url=f"https://127.0.0.1:{public}",
            db_path=state / "reference-receiver.sqlite3",
            transmitter_issuer=self.persona.issuer, transmitter_token=self.creds.rut_token,
            push_bearer=delivery.token.value if delivery.token is not None else None,
            control_token=self.creds.control, expected_audience=self.audience,
            ca_file=str(self.tls.ca_file), http_timeout=self.profile.timeouts.scaled(
                "http_request"),
            poll_long_wait_seconds=10.0, poll_backoff_max=1.0,
            max_wait_seconds=max(30.0, self.profile.timeouts.scaled("observation")),
            faults=faults)
        # A variation's settings win over the run defaults above.
        config = ReceiverConfig(**(settings | config_for(
            parse_variations(self.profile.reference.variations, role="receiver"))))
        self.rut_app = create_app(config)
        server = RunningServer(self.rut_app, port=port, startup_timeout=startup,
                               ssl_certfile=str(self.tls.cert_file),
                               ssl_keyfile=str(self.tls.key_file)).start()
        self._servers.insert(0, server)  # stopped before the persona: its poller ends first
        if self.use_proxy:
            self._proxy("receiver", server.base_url, startup, public)
        self.http = SuiteHttp(verify=self.tls.client_context(),
                              timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "receiver"))

    def _front_external_rut(self, target, startup: float) -> None:
        """An external RUT: the proxy fronts its origin; the suite's URLs are rewritten."""
        if target.dialect != "ssf":
            raise HarnessSetupError(f"dialect {target.dialect!r} has no adapter yet")
        parts = urlsplit(self.rut_base)
        rewrite = (lambda url: url)
        verify = str(self.profile.tls.ca_file) if self.profile.tls.ca_file else True
        if self.use_proxy:
            proxy = self._proxy("receiver", f"{parts.scheme}://{parts.netloc}", startup,
                                upstream_ca=self.profile.proxy.upstream_ca
                                or self.profile.tls.ca_file,
                                insecure_upstream=self.profile.proxy.insecure)
            rewrite, verify = proxy.rewrite_url, self.tls.client_context()
        cert = None
        if self.profile.tls.client_cert:
            cert = (str(self.profile.tls.client_cert), str(self.profile.tls.client_key))
        self.http = SuiteHttp(verify=verify, timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "receiver"),
                              rewrite=rewrite, cert=cert)

    def stop(self) -> None:
        self.stopping.set()
        # Connections first (ours, then the persona's to the RUT), so no server waits on them.
        if self.http:
            self.http.close()
            self.http = None
        if self.persona is not None:
            try:
                self.persona.close_outbound()
            except Exception:  # noqa: BLE001 - a slower stop, not a failure
                pass
        for server in self._servers:
            try:
                server.stop()
            except Exception:  # noqa: BLE001 - stop the rest regardless
                pass
        self._servers.clear()
        for proxy in self._proxies.values():
            proxy.stop()
        self._proxies.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- per scenario ------------------------------------------------------------------
    def marks(self) -> dict:
        marks = {name: proxy.mark() for name, proxy in self._proxies.items()}
        if self.persona is not None:
            marks["tap"] = self.persona.tap.log.mark()
            marks["pushes"] = self.persona.pushes.mark()
        return marks

    def exchanges_since(self, marks: dict) -> list[dict]:
        return collect_exchanges(self._proxies, marks)

    def write_evidence(self, scenario_key: str, marks: dict) -> Path | None:
        return write_evidence_file(self.run_dir, scenario_key, self.exchanges_since(marks))

    def stream_method(self) -> str | None:
        """"push" | "poll" for the RUT's current stream, None without one."""
        method = ((self.stream or {}).get("delivery") or {}).get("method")
        return {PUSH: "push", POLL: "poll"}.get(method)

    def secrets(self) -> list[str]:
        """Every secret of the run (profile and generated), for redaction and leak tests."""
        return list(dict.fromkeys(self.profile.secrets() + self.creds.secrets()))
