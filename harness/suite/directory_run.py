"""The trust directory of a run (the profile's `directory` section): the embedded reference
directory started behind its recording proxy, or an external one fronted by a proxy, and the
credentials the suite uses with it. Used by the directory role (directory_session.py) and by the
registration scenarios of the transmitter and receiver roles, which also get a second embedded
directory that nobody trusts (`untrusted()`, started on first use).

The embedded directory's public origin is its proxy's, so the `iss` of its SSAs, its JWKS URL and
the keystore URLs inside its SSAs all lead back through the proxy: what a transmitter under test
fetches from the directory is recorded evidence too.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness.profiles.directory import EMBEDDED_ORGANISATION, DirectoryTarget
from harness.runtime.servers import RunningServer, reserve_port
from harness.runtime.tls import LocalTLS
from harness.suite.http import SuiteHttp
from harness.suite.pacing import Pacing

JWKS_PATH = "/.well-known/jwks.json"   # the reference directory's (harness.reference.directory)
OTHER_ORGANISATION = "suite-other-org"
PROBE_ORGANISATION = "suite-probe-org"
# The suite's organisation is an SSF receiver in the directory's claims.
AUTHORITY_CLAIMS = ({"authorisation_domain": "SSF", "authorisation_role": "receiver",
                     "status": "Active"},)


class DirectorySetupError(RuntimeError):
    """The directory could not be started or reached (a harness problem: scenarios break)."""


@dataclass
class DirectoryAccess:
    """How the suite talks to the directory; secrets never appear in repr()."""
    base_url: str                     # as the suite and the implementations reach it
    issuer: str                       # the `iss` of its SSAs
    jwks_url: str
    organisation_id: str
    token: str = field(repr=False)
    other_organisation_id: str | None = None
    rate_limit_requests: int | None = None
    rate_limit_token: str | None = field(default=None, repr=False)
    admin_token: str | None = field(default=None, repr=False)   # embedded: the admin API

    def secrets(self) -> list[str]:
        return [s for s in (self.token, self.rate_limit_token, self.admin_token) if s]


def _token() -> str:
    return secrets.token_urlsafe(24)


def embedded_access(target: DirectoryTarget | None) -> DirectoryAccess:
    """Credentials of an embedded directory, made before any proxy records (pinned profile
    values win, so a test can prove they never reach a report). URLs come at start."""
    token = target.token.value if target is not None and target.token else _token()
    limited = (target.rate_limit_token.value if target is not None and target.rate_limit_token
               else _token())
    return DirectoryAccess("", "", "", (target and target.organisation_id) or
                           EMBEDDED_ORGANISATION, token, OTHER_ORGANISATION,
                           (target and target.rate_limit_requests) or 3, limited, _token())


@dataclass
class RunDirectory:
    target: DirectoryTarget | None        # None: an embedded directory the suite makes up
    run_dir: Path
    tls: LocalTLS
    use_proxy: bool = True
    name: str = "directory"               # the proxy's record file, the evidence's label
    timeout: float = 10.0
    startup: float = 10.0
    faults: frozenset[str] = frozenset()
    upstream_ca: Path | None = None       # external: the CA its TLS certificate chains to
    max_body_bytes: int | None = None     # profile limits.max_response_bytes (None: SuiteHttp's)
    access: DirectoryAccess | None = None
    http: SuiteHttp | None = None
    proxies: dict = field(default_factory=dict)
    _server: RunningServer | None = None
    _untrusted: "RunDirectory | None" = None

    @classmethod
    def for_profile(cls, profile, run_dir: Path, tls: LocalTLS, use_proxy: bool, *,
                    name: str, target: "DirectoryTarget | None" = None,
                    faults: frozenset[str] = frozenset()) -> "RunDirectory":
        """The run's directory as the profile bounds it: its timeouts, limits and the CA its
        upstream chains to (`target`: the profile's directory section unless given)."""
        return cls(target if target is not None else profile.directory, run_dir, tls, use_proxy,
                   name=name, faults=faults,
                   upstream_ca=profile.proxy.upstream_ca or profile.tls.ca_file,
                   timeout=profile.timeouts.scaled("http_request"),
                   startup=profile.timeouts.scaled("startup"),
                   max_body_bytes=profile.limits.max_response_bytes)

    def __repr__(self) -> str:
        return f"RunDirectory({self.name!r}, {self.access and self.access.base_url!r})"

    @property
    def embedded(self) -> bool:
        return self.target is None or self.target.embedded

    def prepare(self) -> DirectoryAccess:
        """Credentials first: every proxy of the run must know them before it records."""
        if self.access is None:
            self.access = embedded_access(self.target) if self.embedded else DirectoryAccess(
                self.target.base_url, self.target.ssa_issuer, self.target.jwks_url,
                self.target.organisation_id, self.target.token.value,
                self.target.other_organisation_id, self.target.rate_limit_requests,
                self.target.rate_limit_token.value if self.target.rate_limit_token else None)
        return self.access

    def start(self, state_dir: Path, known_secrets: tuple[str, ...] = ()) -> "RunDirectory":
        self.prepare()
        known = tuple(dict.fromkeys(known_secrets + tuple(self.access.secrets())))
        if self.embedded:
            self._start_embedded(state_dir, known)
        else:
            self._front_external(known)
        return self

    def _proxy(self, upstream: str, known: tuple[str, ...], listen_port: int = 0,
               listen_host: str = "127.0.0.1", **kw):
        from harness.proxy import RecordingProxy
        kw.setdefault("upstream_ca", self.tls.ca_file)
        proxy = RecordingProxy(upstream, self.run_dir / "exchanges" / f"{self.name}.jsonl",
                               listen_host=listen_host, listen_port=listen_port,
                               server_cert_combined=self.tls.combined_file,
                               startup_timeout=self.startup, known_secrets=known, **kw)
        proxy.start()
        self.proxies[self.name] = proxy
        return proxy

    def _start_embedded(self, state_dir: Path, known: tuple[str, ...]) -> None:
        from harness.reference.directory import DirectoryConfig, Organisation, create_app
        listen = self.target.listen if self.target is not None else None
        sock = reserve_port()   # held: its port names the proxy's upstream
        public_port = sock.getsockname()[1]
        if self.use_proxy:
            try:
                public_port = self._proxy(
                    f"https://127.0.0.1:{public_port}", known,
                    listen_port=listen.port if listen else 0,
                    listen_host=listen.host if listen else "127.0.0.1").port
            except BaseException:
                sock.close()
                raise
        public = (listen.public_base_url if listen and listen.public_base_url
                  else f"https://127.0.0.1:{public_port}")
        a = self.access
        config = DirectoryConfig(
            public_base_url=public, db_path=state_dir / f"{self.name}.sqlite3",
            admin_token=a.admin_token, faults=self.faults, organisations=[
                Organisation(a.organisation_id, "Conformance Suite", tokens=(a.token,),
                             authority_claims=AUTHORITY_CLAIMS),
                Organisation(OTHER_ORGANISATION, "Another Organisation", tokens=(_token(),)),
                Organisation(PROBE_ORGANISATION, "Rate Probe", tokens=(a.rate_limit_token,),
                             rate_limit=a.rate_limit_requests)])
        self._server = RunningServer(create_app(config), listen_socket=sock,
                                     startup_timeout=self.startup,
                                     ssl_certfile=str(self.tls.cert_file),
                                     ssl_keyfile=str(self.tls.key_file)).start()
        a.base_url, a.issuer, a.jwks_url = public, public, public + JWKS_PATH
        self.http = self._bounded(SuiteHttp(verify=self.tls.client_context(),
                                            timeout=self.timeout))

    def _front_external(self, known: tuple[str, ...]) -> None:
        parts = urlsplit(self.access.base_url)
        rewrite, verify = (lambda url: url), str(self.upstream_ca) if self.upstream_ca else True
        if self.use_proxy:
            proxy = self._proxy(f"{parts.scheme}://{parts.netloc}", known,
                                upstream_ca=self.upstream_ca)
            rewrite, verify = proxy.rewrite_url, self.tls.client_context()
        self.http = self._bounded(SuiteHttp(verify=verify, timeout=self.timeout,
                                            rewrite=rewrite, pacing=Pacing()))

    def _bounded(self, http: SuiteHttp) -> SuiteHttp:
        if self.max_body_bytes is not None:   # limits: of the profile
            http.max_body_bytes = self.max_body_bytes
        return http

    def untrusted(self, state_dir: Path) -> "RunDirectory":
        """A second embedded directory that no implementation is told to trust (its SSAs must
        be refused), started on first use."""
        if self._untrusted is None:
            self._untrusted = RunDirectory(None, self.run_dir, self.tls, self.use_proxy,
                                           name=f"{self.name}-untrusted", timeout=self.timeout,
                                           startup=self.startup,
                                           max_body_bytes=self.max_body_bytes)
            self._untrusted.start(state_dir)
            self.proxies.update(self._untrusted.proxies)
        return self._untrusted

    def secrets(self) -> list[str]:
        out = list(self.access.secrets()) if self.access else []
        return out + (self._untrusted.secrets() if self._untrusted else [])

    def stop(self) -> None:
        if self._untrusted is not None:
            self._untrusted.stop()
        if self.http is not None:
            self.http.close()
            self.http = None
        for proxy in list(self.proxies.values()):
            proxy.stop()
        self.proxies.clear()
        if self._server is not None:
            self._server.stop()
            self._server = None
