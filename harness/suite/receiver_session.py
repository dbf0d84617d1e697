"""One conformance run's live setup for the receiver role: the suite plays the transmitter.

Pieces: the transmitter persona (reference transmitter in-process, tapped), the receiver under
test (the embedded reference receiver, or an external one from the profile), one recording proxy
in front of each, the forger that signs with the persona's live key, and one HTTP client.
Built once per pytest session (per xdist worker) by the pytest plugin (`rx_suite`).

The persona listens where the profile's `suite.persona` says; for an external receiver its
signing keys are kept across runs (harness/suite/persona_keys.py), so its issuer, jwks_uri and kid
stay put, and its pushes go out through a forwarding recording proxy trusting `tls.ca_file`.
"""
from __future__ import annotations

import secrets
import ssl
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from harness.profiles.model import Profile
from harness.proxy.urls import rewrite_origin
from harness.runtime.servers import reserve_port
from harness.runtime.tls import LocalTLS
from harness.ssf.constants import POLL, PUSH
from harness.suite.credentials import Credentials
from harness.suite.dialects import PERSONA_SET_SHAPES, unavailable_reason
from harness.suite.embedded import emulates_receiver
from harness.suite.forger import SetForger
from harness.suite.evidence import collect_exchanges, failure_sentences, failures_since
from harness.suite.http import SuiteHttp
from harness.suite.listening import (Endpoint, SuiteCertificates, certificates, endpoint,
                                     outbound_proxy, state_dir)
from harness.suite.pacing import Pacing
from harness.suite.receiver_persona import Persona, start_persona
from harness.suite.session import HarnessSetupError, _bearer_of
from harness.suite.session_core import SessionCore

RECEIVER_PUSH_PATH = "/ssf/receiver/push"   # the embedded reference receiver's push endpoint


@dataclass
class ReceiverSession(SessionCore):
    EXCHANGE_PREFIX = "rx-"

    profile: Profile
    run_dir: Path
    use_proxy: bool = True
    creds: Credentials = field(default_factory=Credentials)
    persona: Persona | None = None
    forger: SetForger | None = None
    http: SuiteHttp | None = None
    tls: LocalTLS | None = None
    certs: SuiteCertificates | None = None
    persona_endpoint: Endpoint | None = None
    embedded: bool = False
    audience: str = ""          # the aud the persona gives the RUT's stream and SETs
    rut_base: str = ""          # base for the RUT's drive / observation URLs (as the suite sees it)
    push_url: str = ""          # the RUT's push endpoint (as the suite sees it)
    stream: dict | None = None  # the RUT's current stream, as the persona configured it
    rut_app: object = None      # embedded reference receiver app (for its fault list)
    directory: object = None    # RunDirectory when the RUT registers by SSA (receiver_registration)
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
        unavailable = unavailable_reason(target.dialect, role="receiver")
        if unavailable:
            raise HarnessSetupError(unavailable)
        startup = self.profile.timeouts.scaled("startup")
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-rx-run-")
        state = Path(self._tmp.name)
        self.embedded = target.embedded
        ep = self.persona_endpoint = endpoint(self.profile.suite.persona)
        # An external receiver trusts the suite's CA and is configured with the persona's
        # issuer and keys: both are the ones kept across runs.
        persistent = not target.embedded or self.profile.suite.state_dir is not None
        self.certs = certificates(self.profile, state, persistent=persistent,
                                  public_urls=(ep.host_url,))
        self.tls = self.certs.tls
        self.creds = Credentials(
            rut_token=target.auth.token.value if target.auth.token is not None else None,
            push_authorization=target.delivery.authorization_value(),
            # The embedded RUT's control bearer: what its create drive (or, with none, its
            # observation calls) send.
            control=(_bearer_of(target.stream.create) or _bearer_of(target.observation))
            if target.embedded else None,
            admin=secrets.token_urlsafe(24))
        if target.auth.type == "oauth_client_credentials":   # tokens from the persona
            self.creds.rut_client_id = target.auth.client_id
            self.creds.rut_client_secret = target.auth.client_secret.value
        try:
            from harness.suite import receiver_registration as registration
            self.directory = registration.registration_directory(self, state)
            if self.directory is not None:
                self._proxies.update(self.directory.proxies)
            # Every port is held from the moment it is known: sockets are reserved, and the
            # recording proxies bind their own (or the profile's) before anything is told them.
            rx_socket = rx_public = None
            if target.embedded:
                rx_socket, rx_public = self._fronted("receiver", "https", startup)
            self._locate_rut(target, rx_public)
            keys = None
            if persistent:
                from harness.suite.persona_keys import PersonaKeys
                keys = PersonaKeys.for_profile(state_dir(self.profile), self.profile.name
                                               ).load().keys
            if self.use_proxy:
                persona_socket, persona_port = self._fronted(
                    "transmitter", "https", startup, ep.port, listen_host=ep.host,
                    extra_certs=self.certs.sni_certs())
            else:
                persona_socket = reserve_port(ep.host, ep.port)
                persona_port = persona_socket.getsockname()[1]
            ep = self.persona_endpoint = ep.bound(persona_port)
            served = self.tls if self.use_proxy else (self.certs.given or self.tls)
            self.persona = start_persona(
                state_dir=state, tls=served, public=ep.public, listen_socket=persona_socket,
                set_shape=PERSONA_SET_SHAPES[target.dialect],
                keys=keys, rut_token=self.creds.rut_token, audience=self.audience,
                admin_token=self.creds.admin, startup_timeout=startup,
                long_poll_max_wait=min(5.0, self.profile.timeouts.scaled("poll_wait")),
                trusted_directories=registration.trusted_directories(self.directory),
                rut_client=(self.creds.rut_client_id, self.creds.rut_client_secret)
                if self.creds.rut_client_id else None,
                access_token_lifetime=target.auth.token_lifetime or 3600)
            self._servers.append(self.persona)
            if target.embedded:
                self._start_embedded_rut(state, startup, rx_socket, rx_public)
            else:
                self._front_external_rut(target, startup)
            self.http.max_body_bytes = self.profile.limits.max_response_bytes  # limits:
            self._route_persona_outbound(startup)
            self.forger = SetForger(self.persona.issuer, self.audience, self.persona.signing_key,
                                    subject={"format": "email", "email": self.test_email},
                                    shape=PERSONA_SET_SHAPES[target.dialect])
        except Exception:
            self.stop()
            raise
        return self

    @property
    def reference_rut(self) -> bool:
        """The receiver under test is the embedded reference receiver (not a dialect's
        receiver emulator): only it has the reference's control endpoints."""
        return self.embedded and not emulates_receiver(self.profile.target("receiver").dialect)

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

    def _route_persona_outbound(self, startup: float) -> None:
        """The persona's pushes: through the forwarding recording proxy for an external
        receiver (any host its stream names), straight to our reverse proxies otherwise;
        trusting the suite's CA and the profile's `tls.ca_file`."""
        verify = self._trust()
        forward = None
        if self.use_proxy and not self.embedded:
            forward = self._proxies["outbound"] = outbound_proxy(
                self.profile, self.certs, self.run_dir / "exchanges" / "rx-outbound.jsonl",
                tuple(self.secrets()), startup)
        direct = tuple(urlsplit(p.base_url).netloc for p in self._proxies.values()
                       if not p.forward)
        self.persona.route_outbound(verify, forward.base_url if forward else None, direct)

    def _trust(self) -> ssl.SSLContext:
        """System trust, the suite's CA and the profile's `tls.ca_file`."""
        context = ssl.create_default_context()
        for ca in (self.tls.ca_file, self.profile.tls.ca_file):
            if ca:
                context.load_verify_locations(cafile=str(ca))
        return context

    def _local(self, rut_rewrite):
        """The suite's own calls to the persona go to its local address, not a public name
        that may not route back to this machine."""
        public, local = self.persona.public, self.persona_endpoint.local
        if public == local:
            return rut_rewrite
        return lambda url: rut_rewrite(rewrite_origin(url, public, local))

    def _start_embedded_rut(self, state: Path, startup: float, sock, public: int) -> None:
        from harness.suite.receiver_embedded import start_embedded_rut
        server, self.rut_app = start_embedded_rut(self, state, startup, sock,
                                                  f"https://127.0.0.1:{public}")
        self._servers.insert(0, server)  # stopped before the persona: its poller ends first
        self.http = SuiteHttp(verify=self.tls.client_context(),
                              timeout=self.profile.timeouts.scaled("http_request"),
                              pacing=Pacing.for_target(self.profile, "receiver"),
                              rewrite=self._local(lambda url: url))

    def _front_external_rut(self, target, startup: float) -> None:
        """An external RUT: the proxy fronts its origin; the suite's URLs are rewritten."""
        parts = urlsplit(self.rut_base)
        rewrite = (lambda url: url)
        verify = self._trust()   # the receiver's CA, and ours for the suite's own persona
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
                              rewrite=self._local(rewrite), cert=cert)

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
        self._release()

    # -- per scenario ------------------------------------------------------------------
    def marks(self) -> dict:
        marks = {name: proxy.mark() for name, proxy in self._proxies.items()}
        if self.persona is not None:
            marks["tap"] = self.persona.tap.log.mark()
            marks["pushes"] = self.persona.pushes.mark()
        return marks

    def exchanges_since(self, marks: dict) -> list[dict]:
        return collect_exchanges(self._proxies, marks)

    def transport_failures(self, marks: dict) -> list[str]:
        """Sentences for the exchanges since `marks` that never got an answer: the persona's
        or the suite's push (or request) to the receiver that was refused, did not resolve or
        failed the TLS handshake, and a receiver that failed the handshake with the persona."""
        worded = []
        for name, exchange, failure in failures_since(
                self._proxies, marks, ("outbound", "receiver", "transmitter")):
            stage = (exchange.record.get("error") or {}).get("stage")
            if name == "transmitter":
                if stage == "client_tls":
                    worded.append(("the receiver's request", replace(
                        failure, url=self.persona.public)))
                continue
            if stage == "client_tls":
                continue   # the suite's own client and its proxy: a harness matter
            url = exchange.request.upstream_url
            push = exchange.method == "POST" and (name == "outbound" or url == self.push_url)
            worded.append(("the suite's push" if push else "the suite's request",
                           replace(failure, url=url)))
        return failure_sentences(worded)

    def stream_method(self) -> str | None:
        """"push" | "poll" for the RUT's current stream, None without one."""
        method = ((self.stream or {}).get("delivery") or {}).get("method")
        return {PUSH: "push", POLL: "poll"}.get(method)


RxCredentials = Credentials   # the receiver role's name for the one credentials type
