"""Preflight: before any scenario runs, can the suite reach the implementation at all?

One short probe per role, each bounded by the profile's `http_request` deadline: reachability,
TLS, an answer in time, discovery and credentials for a transmitter; the push endpoint and the
HTTP drives for a receiver. A failure here would otherwise make every scenario wait out its own
deadline (a target that accepts connections and never answers took 17 minutes). `run` stops at
once with the failure as the run's one root cause; `doctor` shows the whole table.

A failure is either the implementation's (it accepts connections and does not answer, its
discovery answers garbage: exit 1) or the profile's (nothing listens at the URL it gives, the
certificate is not trusted with its CA settings, its credentials are refused: exit 2).
Requests go straight to the target, not through the recording proxy: nothing here is a verdict.
"""
from __future__ import annotations

import json
import socket
import ssl
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

IMPLEMENTATION, PROFILE = "implementation", "profile"
PRECONDITION = "target reachable (preflight)"


@dataclass(frozen=True)
class Probe:
    """One row of the preflight table."""

    role: str
    name: str             # what was checked: reachable, TLS, answers in time, discovery, ...
    status: str           # ok | failed | skipped
    detail: str
    kind: str = ""        # failed: implementation | profile
    stops_run: bool = True  # False: the scenarios report it better (e.g. discovery's diagnosis)


@dataclass
class Preflight:
    probes: list[Probe] = field(default_factory=list)

    @property
    def stopping(self) -> Probe | None:
        """The first failure that ends the run before any scenario."""
        return next((p for p in self.probes if p.status == "failed" and p.stops_run), None)

    def stopping_for(self, role: str) -> Probe | None:
        return next((p for p in self.probes if p.role == role and p.status == "failed"
                     and p.stops_run), None)

    @property
    def failed(self) -> list[Probe]:
        return [p for p in self.probes if p.status == "failed"]

    def exit_code(self) -> int:
        """0 nothing failed, 1 the implementation's failure, 2 the profile's."""
        failed = self.stopping or (self.failed[0] if self.failed else None)
        if failed is None:
            return 0
        return 2 if failed.kind == PROFILE else 1

    def write(self, path: Path) -> None:
        path.write_text(json.dumps({"probes": [asdict(p) for p in self.probes]}, indent=2))

    @classmethod
    def read(cls, path: Path) -> "Preflight":
        return cls([Probe(**p) for p in json.loads(path.read_text())["probes"]])


def _verify(profile):
    """What the suite trusts for the implementation's TLS: the system CAs plus the profile's."""
    if profile.proxy.insecure:
        return False
    context = ssl.create_default_context()
    for ca in (profile.tls.ca_file, profile.proxy.upstream_ca):
        if ca:
            context.load_verify_locations(cafile=str(ca))
    if profile.tls.client_cert:
        context.load_cert_chain(str(profile.tls.client_cert),
                                str(profile.tls.client_key) if profile.tls.client_key else None)
    return context


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


class _Prober:
    def __init__(self, profile, role: str):
        self.role, self.profile = role, profile
        self.deadline = profile.timeouts.scaled("http_request")
        self.body_limit = profile.limits.max_response_bytes
        self.rows: list[Probe] = []

    def row(self, name: str, status: str, detail: str, kind: str = "",
            stops_run: bool = True) -> Probe:
        probe = Probe(self.role, name, status, detail, kind, stops_run)
        self.rows.append(probe)
        return probe

    def request(self, client: httpx.Client, method: str, url: str, what: str, **kw):
        """One request; a transport failure becomes its row (reachable / TLS / answers in
        time) and None; an answer records those rows as passed, once per origin."""
        from harness.suite.exchange_limits import BodyTooLarge, bounded_request
        try:   # bounded like every exchange of the suite (harness/suite/exchange_limits.py)
            response = bounded_request(client, method, url, seconds=self.deadline,
                                       limit=self.body_limit, **kw)
        except BodyTooLarge as exc:
            self.row("discovery", "failed", f"{what}: {method} {url}: {exc} "
                     "(limits.max_response_bytes)", IMPLEMENTATION, stops_run=False)
            return None
        except httpx.TimeoutException:
            self.row("answers in time", "failed",
                     f"{what}: {_origin(url)} accepts connections but did not answer "
                     f"{method} {url} within {self.deadline:g}s (timeouts.http_request)",
                     IMPLEMENTATION)
            return None
        except httpx.ConnectError as exc:
            if _tls_failure(exc):
                self.row("TLS", "failed", f"{what}: the TLS handshake with {_origin(url)} "
                         f"failed ({exc}); set tls.ca_file to the CA that issued its "
                         "certificate", PROFILE)
            else:
                self.row("reachable", "failed", f"{what}: cannot connect to {_origin(url)} "
                         f"({exc}): is it running, and is the URL in the profile right?",
                         PROFILE)
            return None
        except httpx.HTTPError as exc:
            self.row("reachable", "failed", f"{what}: {type(exc).__name__}: {exc}", PROFILE)
            return None
        if not any(r.name == "reachable" and _origin(url) in r.detail for r in self.rows):
            self.row("reachable", "ok", f"{_origin(url)} answered {method} {url}")
            self.row("TLS", "ok" if url.startswith("https:") else "skipped",
                     "certificate trusted" if url.startswith("https:") else "plain http")
        return response


def _tls_failure(exc: Exception) -> bool:
    text = f"{exc!r} {exc.__cause__!r}".lower()
    return "ssl" in text or "certificate" in text or "tls" in text


def _transmitter(prober: _Prober, profile, client: httpx.Client) -> None:
    target = profile.transmitter
    url = target.discovery_url()
    if not url:
        prober.row("discovery", "failed", "the profile gives neither transmitter.issuer nor "
                   "metadata_url", PROFILE)
        return
    headers = target.headers.render({})
    answer = prober.request(client, "GET", url, "discovery", headers=headers)
    if answer is None:
        return
    try:
        metadata = answer.json() if answer.status_code == 200 else None
    except ValueError:
        metadata = None
    if not isinstance(metadata, dict):
        # The discovery scenarios say what is wrong with it (e.g. the legacy SSE draft).
        prober.row("discovery", "failed", f"GET {url} answered {answer.status_code}, not a "
                   "JSON metadata object", IMPLEMENTATION, stops_run=False)
        return
    prober.row("discovery", "ok", f"GET {url} answered metadata")
    _credentials(prober, target, metadata, client, headers)


def _credentials(prober: _Prober, target, metadata: dict, client, headers: dict) -> None:
    auth = target.auth
    if auth.type in ("none", "mtls"):
        prober.row("credentials", "skipped", f"auth type {auth.type}")
        return
    if auth.type == "oauth_client_credentials":
        from harness.suite.oauth import token_request
        answer = prober.request(client, "POST", auth.token_endpoint, "token endpoint",
                                **token_request(auth))
        if answer is None:
            return
        try:
            token = answer.json().get("access_token") if answer.status_code == 200 else None
        except (ValueError, AttributeError):
            token = None
        if not token:
            prober.row("credentials", "failed", f"the token endpoint {auth.token_endpoint} "
                       f"answered {answer.status_code} without an access token: check "
                       "transmitter.auth (client id, secret, method)", PROFILE)
            return
        headers = {**headers, "Authorization": f"Bearer {token}"}
    else:
        headers = {**headers, **auth.bearer_header()}
    endpoint = metadata.get("configuration_endpoint")
    if not isinstance(endpoint, str):
        prober.row("credentials", "skipped", "the metadata names no configuration_endpoint")
        return
    answer = prober.request(client, "GET", endpoint, "stream configuration", headers=headers)
    if answer is None:
        return
    if answer.status_code in (401, 403):
        prober.row("credentials", "failed", f"GET {endpoint} answered {answer.status_code}: "
                   "the management credentials (transmitter.auth) are refused", PROFILE)
        return
    prober.row("credentials", "ok", f"GET {endpoint} answered {answer.status_code}")


def _receiver(prober: _Prober, profile, client: httpx.Client) -> None:
    target = profile.receiver
    delivery = target.delivery
    if delivery.method == "push" and delivery.endpoint_url:
        # Any answer will do: reachability only, no SET is sent.
        if prober.request(client, "GET", delivery.endpoint_url, "push endpoint") is not None:
            prober.row("push endpoint", "ok", f"{delivery.endpoint_url} answered")
    else:
        prober.row("push endpoint", "skipped", f"delivery method {delivery.method}")
    for name in ("create", "verify", "delete"):
        trigger = getattr(target.stream, name)
        if trigger.type != "http" or not trigger.url:
            continue
        url = trigger.url if "://" in trigger.url else (target.base_url or "") + trigger.url
        _connectable(prober, f"stream.{name} drive", url)


def _connectable(prober: _Prober, what: str, url: str) -> None:
    """A drive is not called (it acts); its origin must accept a connection."""
    parts = urlsplit(url)
    if not parts.hostname:
        prober.row(what, "failed", f"{url!r} is not an absolute URL", PROFILE)
        return
    try:
        socket.create_connection((parts.hostname, parts.port or (
            443 if parts.scheme == "https" else 80)), timeout=prober.deadline).close()
    except OSError as exc:
        prober.row(what, "failed", f"cannot connect to {_origin(url)} ({exc})", PROFILE)
        return
    prober.row(what, "ok", f"{_origin(url)} accepts connections")


def run_preflight(profile, roles: tuple[str, ...]) -> Preflight:
    """The preflight rows of every role in `roles` (embedded references are not probed)."""
    result = Preflight()
    for role in roles:
        target = {"transmitter": profile.transmitter, "receiver": profile.receiver}.get(role)
        prober = _Prober(profile, role)
        if target is None:
            continue
        if target.embedded:
            prober.row("target", "skipped", "embedded reference, started by the suite")
        elif target.dialect != "ssf":
            prober.row("target", "skipped", f"dialect {target.dialect}: not probed")
        else:
            from harness.suite.exchange_limits import bounded_transport
            with httpx.Client(transport=bounded_transport(verify=_verify(profile)),
                              timeout=prober.deadline) as client:
                (_transmitter if role == "transmitter" else _receiver)(prober, profile, client)
        result.probes.extend(prober.rows)
    return result
