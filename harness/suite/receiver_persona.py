"""The suite's transmitter persona for the receiver role: the reference transmitter run
in-process over HTTPS, wrapped in a `RequestTap` and with a `PushLog` on its outbound client, so
every management call, poll and push of the receiver under test is seen as it happens.

Its public origin is the recording proxy's address (when a proxy is used), or the profile's
`suite.persona.public_base_url`, so the discovery document, poll URLs and JWKS it hands out all
lead back through the proxy. Its signing keys can be given (kept across runs by
harness/suite/persona_keys.py), so its issuer, jwks_uri and kid stay the same from run to run.
Its pushes to the receiver under test go out through a client the session routes
(`route_outbound`): through the forwarding recording proxy, trusting the profile's CA. Reading
its live signing key in-process is fine: the persona is ours (the forger signs with it).
"""
from __future__ import annotations

import asyncio
import hashlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import httpx

from harness.hardening import bound_response_bodies
from harness.jose import SigningKey
from harness.runtime.servers import RunningServer, reserve_port
from harness.runtime.tls import LocalTLS
from harness.ssf.constants import WELL_KNOWN_SSF
from harness.suite.persona_tap import PushLog, RequestTap

ISSUER_PATH = "/ssf"
RUT_CLIENT_ID = "receiver-under-test"
# SSF §3.6: complex-subject members a receiver must interpret; the persona names tenant so a
# scenario can send one it cannot (RX-SUBJ-02).
CRITICAL_SUBJECT_MEMBERS = ("tenant",)
# INTEROP §2.7.2: the persona publishes RFC 9728 protected resource metadata whose only scope is
# one no receiver would ask for unless it read it there (RX-AUTH-02); it authorizes what
# ssf.manage does, and ssf.manage / ssf.read keep working for receivers without RFC 9728.
PROTECTED_RESOURCE_SCOPES = ("ssf.manage.conformance",)


@dataclass
class Persona:
    server: RunningServer
    app: object
    public: str                  # origin the receiver under test uses (the proxy's, usually)
    tap: RequestTap
    pushes: PushLog
    issued: "IssuedTokens | None" = None   # access tokens the persona issued to the RUT

    @property
    def issuer(self) -> str:
        return self.public + ISSUER_PATH

    @property
    def metadata_url(self) -> str:
        return self.public + WELL_KNOWN_SSF + ISSUER_PATH

    @property
    def critical_subject_members(self) -> tuple[str, ...]:
        return tuple(self.app.state.tx.config.critical_subject_members)

    @property
    def protected_resource_scopes(self) -> tuple[str, ...]:
        return tuple(self.app.state.tx.config.protected_resource_scopes or ())

    # What the receiver under test may ask of the persona, by operation: (method, endpoint).
    OPERATIONS = {"create": ("POST", "/stream"), "read": ("GET", "/stream"),
                  "update": ("PATCH", "/stream"), "replace": ("PUT", "/stream"),
                  "delete": ("DELETE", "/stream"), "status_read": ("GET", "/status"),
                  "status_update": ("POST", "/status"), "add_subject": ("POST", "/subjects/add"),
                  "remove_subject": ("POST", "/subjects/remove"), "verify": ("POST", "/verify"),
                  "poll": ("POST", "/poll"), "register": ("POST", "/register")}
    # Operations that use a stream (reading or deleting it does not: SSF-STREAM-24).
    STREAM_USES = ("verify", "status_update", "status_read", "update", "replace", "add_subject",
                   "remove_subject", "poll")

    def route(self, operation: str) -> tuple[str, str]:
        """(method, request path as the tap records it) of an operation the RUT may call."""
        method, endpoint = self.OPERATIONS[operation]
        return method, self.path(endpoint)

    def is_call(self, entry, operation: str, any_method: bool = False) -> bool:
        """Whether a tapped request is `operation` (a poll is POST {poll endpoint}/{stream})."""
        method, path = self.route(operation)
        return (any_method or entry.method == method) and (
            entry.path == path or entry.path.startswith(path + "/"))

    @property
    def metadata_path(self) -> str:
        """The request path of the metadata, as the tap records it."""
        return WELL_KNOWN_SSF + ISSUER_PATH

    def path(self, endpoint: str) -> str:
        """The request path of a persona endpoint as the tap records it, e.g. '/ssf/stream'."""
        return ISSUER_PATH + endpoint

    def token_request_scopes(self, timeout: float) -> list[str | None]:
        """The `scope` parameter (None: none) of every request its token endpoint received in
        the run, only the RUT's in the receiver role; waits up to `timeout` for a first one."""
        path = self.path("/token")

        def token_request(entry) -> bool:
            return entry.method == "POST" and entry.path == path
        self.tap.log.wait_for(token_request, timeout, 0)
        return [(parse_qs(e.body.decode("utf-8", "replace")).get("scope") or [None])[0]
                for e in self.tap.log.since(0, token_request)]

    def signing_key(self) -> SigningKey:
        return self.app.state.tx.keys.current

    def route_outbound(self, verify: ssl.SSLContext, forward_proxy: str | None = None,
                       direct: tuple[str, ...] = ()) -> None:
        """Replace the persona's outbound client (its pushes to the receiver under test): trust
        `verify`, and go through the forwarding proxy for every host but `direct` ones
        ("host:port" of the reverse proxies already in front of the receiver)."""
        tx = self.app.state.tx
        mounts = None
        if forward_proxy:
            mounts = {"all://": httpx.AsyncHTTPTransport(proxy=forward_proxy, verify=verify),
                      **{f"all://{netloc}": None for netloc in direct}}
        old, new = tx.http, bound_response_bodies(httpx.AsyncClient(
            verify=verify, timeout=tx.http.timeout, mounts=mounts,
            limits=httpx.Limits(max_keepalive_connections=32)))
        self.pushes.install(new)
        tx.http = new
        asyncio.run_coroutine_threadsafe(old.aclose(), tx.loop).result(5.0)

    def close_outbound(self, timeout: float = 5.0) -> None:
        """Close the persona's idle connections to the receiver under test. Called before the
        receiver stops: uvicorn otherwise waits (seconds) for those keep-alive TLS connections
        to end when there is no proxy in between to end them."""
        tx = self.app.state.tx
        if tx.loop is not None and not tx.loop.is_closed():
            asyncio.run_coroutine_threadsafe(tx.http.aclose(), tx.loop).result(timeout)

    def stop(self) -> None:
        # End held long polls first: uvicorn waits for open responses before shutting down.
        self.app.state.tx.close_streams_threadsafe()
        self.server.stop()


class IssuedTokens:
    """The access tokens the persona's token endpoint issued to the RUT's OAuth client (or to a
    client registered by software statement: only the RUT registers), kept as SHA-256 digests with their expiry (wall clock), so a request carrying one is the RUT's even
    after it expired, and a scenario can wait for the RUT's token to expire."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    @classmethod
    def install(cls, tokens, client_id: str) -> "IssuedTokens":
        """Record what `tokens` (the reference transmitter's TokenStore) issues to client_id."""
        issued, issue = cls(), tokens.issue

        def recording_issue(client, scopes):
            token, lifetime = issue(client, scopes)
            if client.client_id == client_id or tokens.registered.get(client.client_id):
                with issued._lock:
                    issued._expiry[_digest(token)] = time.time() + lifetime
            return token, lifetime
        tokens.issue = recording_issue
        return issued

    def knows(self, token: str) -> bool:
        with self._lock:
            return _digest(token) in self._expiry

    def last_expiry(self) -> float | None:
        """When the newest token issued to the RUT expires (time.time()), None before any."""
        with self._lock:
            return max(self._expiry.values(), default=None)

    def count(self) -> int:
        with self._lock:
            return len(self._expiry)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def caller_classifier(rut_token: str | None, admin_token: str, registered=None):
    """Name who made a request from its Authorization value, without keeping the value.
    `registered(token)`: the token was issued to the receiver under test's OAuth client, or to
    a client registered by software statement, which only the RUT does (ssa_registration)."""
    rut = f"Bearer {rut_token}" if rut_token else None
    admin = f"Bearer {admin_token}"

    def classify(authorization: str) -> str:
        if not authorization:
            return "anonymous"
        if rut is not None and authorization == rut:
            return "rut"
        if registered is not None and authorization.startswith("Bearer ") \
                and registered(authorization[len("Bearer "):]):
            return "rut"
        return "suite" if authorization == admin else "other"
    return classify


def start_persona(*, state_dir: Path, tls: LocalTLS, public: str | None, rut_token: str | None,
                  audience: str, admin_token: str, startup_timeout: float,
                  long_poll_max_wait: float = 5.0, host: str = "127.0.0.1", port: int = 0,
                  listen_socket: socket.socket | None = None, set_shape: str = "ssf", keys: list[SigningKey] | None = None,
                  trusted_directories: tuple = (), rut_client: tuple[str, str] | None = None,
                  access_token_lifetime: int = 3600) -> Persona:
    """Start the persona on `listen_socket` (reserve_port()) or `host:port` (a free port when
    0), presenting `tls`'s certificate;
    `public` is the origin the receiver under test uses (the proxy's, usually; None: the
    server's own). With `keys`,
    it signs with the last of them (and publishes them all) instead of a fresh key.
    `rut_client` (client_id, secret): the RUT obtains access tokens at {issuer}/token (client
    credentials grant), each valid for `access_token_lifetime` seconds."""
    from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
    from harness.suite.persona_keys import seed_reference_keys

    sock = listen_socket or reserve_port(host, port)
    public = public or f"https://127.0.0.1:{sock.getsockname()[1]}"
    db_path = state_dir / "suite-transmitter.sqlite3"
    if keys:
        seed_reference_keys(db_path, keys)
    config = TransmitterConfig(
        public_base_url=public, issuer_path=ISSUER_PATH, db_path=db_path,
        clients=[ReceiverClient(rut_client[0] if rut_client else RUT_CLIENT_ID,
                                client_secret=rut_client[1] if rut_client else None,
                                tokens=(rut_token,) if rut_token else (), audience=audience)],
        access_token_lifetime=access_token_lifetime,
        admin_token=admin_token, critical_subject_members=CRITICAL_SUBJECT_MEMBERS,
        protected_resource_scopes=PROTECTED_RESOURCE_SCOPES,
        set_shape=set_shape,   # the receiver's dialect's (legacy SSE: subject in the event)
        # Quick retries and bounded long polls: a conformance run must not wait minutes.
        push_backoff_base=0.05, push_backoff_max=1.0, push_max_attempts=3,
        long_poll_max_wait=long_poll_max_wait, ca_file=str(tls.ca_file),
        allow_private_addresses=True,  # the suite's tool: it pushes where the profile says
        trusted_directories=tuple(trusted_directories))  # receivers registering by SSA
    app = create_app(config)
    tokens = app.state.tx.tokens
    issued = IssuedTokens.install(tokens, config.clients[0].client_id)

    def registered(token: str) -> bool:
        if issued.knows(token):   # the RUT's OAuth client's, expired ones too
            return True
        who = tokens.lookup(token)
        return who is not None and tokens.registered.get(who.client_id) is not None
    tap = RequestTap(app, caller_classifier(rut_token, admin_token, registered))
    server = RunningServer(tap, listen_socket=sock, startup_timeout=startup_timeout,
                           ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file))
    server.start()
    pushes = PushLog()
    pushes.install(app.state.tx.http)  # created by the app's lifespan, so after start()
    return Persona(server, app, public, tap, pushes, issued)
