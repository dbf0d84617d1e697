"""Where the suite itself listens and which certificates it presents, from the profile's `suite:`
section (profiles/README.md, "Where the suite listens").

* `SuiteCertificates`: the suite's CA (kept under the state directory when an implementation
  outside the suite must trust it; a throwaway one in the run's temp folder otherwise), the
  per-run certificate it issues for 127.0.0.1, localhost and the public host names, and an
  operator's own certificate presented by SNI.
* `Endpoint`: a listener's bind address and the URL the implementation is told.
* `outbound_proxy`: the forwarding recording proxy through which every URL an implementation
  hands the suite is reached (a `jwks_uri` on another host, a receiver's push endpoint).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from harness.profiles.model import Listener, Profile
from harness.runtime.tls import LocalTLS, SuiteCA, given_tls, leaf_names
from harness.suite.profiles import PROJECT_ROOT

STATE_ENV = "SSF_STATE_DIR"
_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


def state_dir(profile: Profile | None = None) -> Path:
    """Where the suite keeps its CA and persona keys across runs."""
    if profile is not None and profile.suite.state_dir is not None:
        return profile.suite.state_dir
    return Path(os.environ.get(STATE_ENV) or PROJECT_ROOT / ".state")


def suite_ca(profile: Profile | None = None) -> SuiteCA:
    return SuiteCA.load_or_create(state_dir(profile) / "ca")


@dataclass(frozen=True)
class Endpoint:
    """One of the suite's listeners: bind `host:port`; the implementation uses `public`.
    `port` is 0 until the listener binds (the profile left it free): `bound(port)` then gives
    the endpoint as the implementation will see it. Nothing picks a port and lets it go."""
    host: str
    port: int
    given_public: str | None = None   # the profile's public_base_url

    @property
    def shown_host(self) -> str:
        return "127.0.0.1" if self.host in _WILDCARD_HOSTS else self.host

    @property
    def public(self) -> str:
        """Origin the implementation is told, e.g. https://127.0.0.1:8443."""
        if self.given_public:
            return self.given_public
        if not self.port:
            raise RuntimeError("the listener has no port yet: use Endpoint.bound(port)")
        return f"https://{self.shown_host}:{self.port}"

    @property
    def host_url(self) -> str:
        """The public origin as far as it is known before binding: enough to name its host
        in a certificate."""
        return self.given_public or f"https://{self.shown_host}"

    @property
    def local(self) -> str:
        """The origin the suite itself uses to reach the listener (never a public name, which
        may not route back to this machine)."""
        return f"https://{self.shown_host}:{self.port}"

    def bound(self, port: int) -> "Endpoint":
        return replace(self, port=port)


def endpoint(listener: Listener) -> Endpoint:
    """The listener as the profile gives it (port 0: bound later, see Endpoint.bound)."""
    return Endpoint(listener.host, listener.port, listener.public_base_url)


@dataclass(frozen=True)
class SuiteCertificates:
    ca: SuiteCA
    tls: LocalTLS                    # issued by `ca`: 127.0.0.1, localhost, public host names
    given: LocalTLS | None = None    # the operator's certificate (suite.tls), by SNI
    persistent: bool = False         # `ca` is the one kept across runs (others trust it)

    def sni_certs(self) -> tuple[tuple[str, Path], ...]:
        """(host name, combined PEM) for each DNS name of the operator's certificate."""
        if self.given is None:
            return ()
        return tuple((name, self.given.combined_file) for name in _dns_names(self.given.cert_file))


def certificates(profile: Profile, run_tmp: Path, *, persistent: bool,
                 public_urls: tuple[str, ...] = ()) -> SuiteCertificates:
    """The run's certificates. `persistent`: use the CA under the state directory (an
    implementation outside the suite has to trust it); otherwise a CA made for this run."""
    ca = suite_ca(profile) if persistent else SuiteCA.load_or_create(run_tmp / "ca")
    hosts = leaf_names(*(urlsplit(u).hostname for u in public_urls))
    issued = ca.issue(run_tmp / "tls", hosts)
    given = None
    if profile.suite.tls.cert_file is not None:
        given = given_tls(profile.suite.tls.cert_file, profile.suite.tls.key_file, None,
                          run_tmp / "tls")
    return SuiteCertificates(ca, issued, given, persistent)


def _dns_names(cert_file: Path) -> list[str]:
    from cryptography import x509
    cert = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    try:
        sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return sans.get_values_for_type(x509.DNSName)


def outbound_proxy(profile: Profile, certs: SuiteCertificates, record_file: Path,
                   known_secrets: tuple[str, ...], startup: float):
    """A forward-mode recording proxy: the suite's way to any host an implementation names.
    It signs per-host certificates with the suite's CA (which the suite's clients trust) and
    verifies the real host as the reverse proxies do (proxy.upstream_ca, else tls.ca_file)."""
    from harness.proxy import RecordingProxy
    proxy = RecordingProxy(None, record_file,
                           upstream_ca=profile.proxy.upstream_ca or profile.tls.ca_file,
                           insecure_upstream=profile.proxy.insecure,
                           signing_ca_pem=certs.ca.mitmproxy_ca_pem(), startup_timeout=startup,
                           known_secrets=known_secrets)
    return proxy.start()


def header_lines(profile: Profile, roles: tuple[str, ...]) -> list[str]:
    """What an operator needs to know before a run against an implementation outside the
    suite: the CA to trust and where the suite listens (printed by `ssf-conformance run`)."""
    external = [r for r in roles if getattr(profile, r, None) is not None
                and not profile.target(r).embedded]
    if not external and profile.suite.state_dir is None:
        return []
    lines = [f"suite CA: {suite_ca(profile).cert_file} (your implementation must trust it; "
             "`ssf-conformance ca export --out FILE` writes a copy)"]
    for role, name, listener in (("transmitter", "push endpoint", profile.suite.push_endpoint),
                                 ("receiver", "transmitter persona", profile.suite.persona)):
        if role in external:
            where = listener.public_base_url or (
                f"https://{listener.host}:{listener.port}" if listener.port
                else f"https://{listener.host}:<a free port each run>")
            lines.append(f"suite {name}: {where}")
    return lines


def workers_conflict(profile: Profile, roles: tuple[str, ...], workers: int) -> str | None:
    """Parallel workers each start their own listeners: a fixed port can be bound only once."""
    if workers <= 1:
        return None
    for role, name in (("transmitter", "push_endpoint"), ("receiver", "persona")):
        listener = getattr(profile.suite, name)
        if role in roles and getattr(profile, role, None) is not None and listener.port:
            return (f"suite.{name}.port is fixed ({listener.port}): run with --workers 1, "
                    "every worker would bind it")
    return None
