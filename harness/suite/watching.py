"""Watching for what must not happen, and the probes around it (issue 15): a quiet window over
push and poll, a push endpoint whose certificate nobody trusts, TLS handshakes with the
transmitter's own origin, the well-known URL of an issuer that does not exist, and deliberate
idleness (inactivity timeout). Every wait is bounded by the profile's `timeouts`.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from harness.runtime.servers import RunningServer
from harness.suite import tls_probe
from harness.suite.pacing import PacedWait, note
from harness.suite.push_collector import PushCollector, ReceivedPush

UNKNOWN_ISSUER_SEGMENT = "ssf-suite-no-such-issuer"
# A poll loop inside a quiet window asks this often (a fraction of the window, at least this).
_MIN_POLL_INTERVAL = 0.2


def quiet_pushes(collector: PushCollector, predicate: Callable[[ReceivedPush], bool],
                 window: float, since: int) -> list[ReceivedPush]:
    """Watch the push endpoint for `window` seconds (event-driven: a wait on the collector,
    ended early by a matching push); everything matching that arrived since `since`."""
    collector.wait_for(predicate, window, since=since)
    return [p for p in collector.since(since) if predicate(p)]


def poll_quietly(driver, stream: dict, window: float) -> dict[str, str]:
    """Poll with returnImmediately (no acknowledgement) until `window` ends or a SET shows up;
    the polls are spaced by a fraction of the window. Every SET seen, jti -> token."""
    seen: dict[str, str] = {}
    stop = threading.Event()
    deadline = time.monotonic() + window
    interval = max(_MIN_POLL_INTERVAL, window / 10)
    while True:
        resp = driver.poll(stream, max_events=50, return_immediately=True)
        if resp.status == 200:
            seen.update((resp.json() or {}).get("sets") or {})
        remaining = deadline - time.monotonic()
        if seen or remaining <= 0:
            return seen
        stop.wait(min(interval, remaining))  # bounded by the window's deadline


def idle(driver, seconds: float, why: str) -> None:
    """Stay away from the transmitter for `seconds` (the point of an inactivity test): a
    deadline wait the run's shutdown interrupts, noted like every paced wait."""
    wait = PacedWait(why, "IDLE", "", seconds)
    note(wait)
    driver.paced.append(wait)
    driver.http.pause(seconds)


def unknown_issuer_metadata_url(discovery_url: str) -> str:
    """The well-known URL of an issuer path the transmitter does not have: the discovery URL
    with one more path segment (SSF §7.2.1 builds it from the issuer's path)."""
    parts = urlsplit(discovery_url)
    path = parts.path.rstrip("/") + "/" + UNKNOWN_ISSUER_SEGMENT
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def transmitter_origin(session) -> str:
    """The transmitter's own origin: behind the recording proxy when there is one (the proxy's
    TLS is not the one to measure), else the discovery URL's."""
    proxy = getattr(session, "_proxies", {}).get("transmitter")  # no public accessor yet
    upstream = getattr(proxy, "upstream", None)
    if upstream:
        return upstream.rstrip("/")
    parts = urlsplit(session.discovery_url)
    return f"{parts.scheme}://{parts.netloc}"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def receiver_push_origin(session) -> str | None:
    """The origin whose TLS the receiver's push endpoint presents: the receiver's own, behind
    the recording proxy when the endpoint is on the proxied origin (the proxy's TLS is not the
    one to measure). None when the profile names no push endpoint."""
    if not session.push_url:
        return None
    origin = origin_of(session.push_url)
    proxy = getattr(session, "_proxies", {}).get("receiver")  # no public accessor yet
    upstream = getattr(proxy, "upstream", None)
    if upstream and origin == origin_of(session.rut_base):
        return upstream.rstrip("/")
    return origin


def is_https(origin: str) -> bool:
    return urlsplit(origin).scheme == "https"


def poll_origin(session, stream: dict) -> str | None:
    """The origin whose TLS a poll stream's endpoint presents: the transmitter's own when the
    endpoint is on the proxied origin (the proxy's TLS is not the one to measure)."""
    url = ((stream or {}).get("delivery") or {}).get("endpoint_url")
    if not url:
        return None
    origin = origin_of(url)
    return transmitter_origin(session) if origin == origin_of(session.discovery_url) else origin


def start_untrusted_push_endpoint(session, key: str, startup: float) -> "UntrustedPushEndpoint":
    """An untrusted push endpoint on the suite's push listener host (see the class)."""
    listener = session.push_endpoint
    return UntrustedPushEndpoint.start(session.run_dir / "untrusted-tls" / key, listener.host,
                                       urlsplit(listener.public).hostname, startup)


def tls_handshakes(origin: str, timeout: float) -> dict[str, str | None]:
    """The version negotiated when offering legacy (1.0/1.1), modern (1.2+) and 1.3-only TLS;
    None where the server refused. Raises tls_probe.ProbeUnavailable when nothing can be
    said (the origin is unreachable, or this machine cannot offer a version)."""
    return {offered: tls_probe.probe(origin, offered, timeout).negotiated
            for offered in (tls_probe.LEGACY, tls_probe.MODERN, tls_probe.TLS13)}


@dataclass
class UntrustedPushEndpoint:
    """A push endpoint presenting a certificate from a CA made for this purpose and trusted by
    nobody: a transmitter that validates certificates (RFC 8935 §5.3) never delivers to it."""
    collector: PushCollector
    server: RunningServer
    public_origin: str

    @classmethod
    def start(cls, directory: Path, bind_host: str, public_host: str,
              startup: float) -> "UntrustedPushEndpoint":
        import trustme  # the same library the suite's own CA is made with
        ca = trustme.CA()
        leaf = ca.issue_cert(*dict.fromkeys([public_host, "127.0.0.1", "localhost"]))
        directory.mkdir(parents=True, exist_ok=True)
        cert, key = directory / "untrusted-chain.pem", directory / "untrusted-key.pem"
        cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
        leaf.private_key_pem.write_to_path(str(key))
        collector = PushCollector()
        server = RunningServer(collector.app(), host=bind_host, startup_timeout=startup,
                               ssl_certfile=str(cert), ssl_keyfile=str(key)).start()
        return cls(collector, server, f"https://{public_host}:{server.port}")

    def url(self, key: str) -> str:
        return f"{self.public_origin}/push/{key}"

    def stop(self) -> None:
        self.server.stop()
