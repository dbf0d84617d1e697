"""TLS handshakes with an implementation's origin, offering chosen protocol versions, to see
which ones it accepts (CAEP interop profile §2.1, RFC 9325). The handshake only: no HTTP is
spoken and no certificate is judged (the probe is about versions; certificates are the
suite's other scenarios' business), so it works whatever the origin's CA.

It connects to the origin itself, never through the recording proxy, whose own TLS would be
the one measured.
"""
from __future__ import annotations

import socket
import ssl
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

LEGACY = "legacy"        # TLS 1.0 and 1.1 only
MODERN = "modern"        # TLS 1.2 and later
TLS13 = "tls1.3"         # TLS 1.3 only


class ProbeUnavailable(RuntimeError):
    """This machine's TLS library cannot offer the versions asked for, or the origin cannot
    be reached at all: the probe says nothing about the implementation."""


@dataclass(frozen=True)
class ProbeResult:
    origin: str
    offered: str
    negotiated: str | None   # e.g. "TLSv1.2"; None: the server refused the handshake
    detail: str = ""


def _versions(offered: str) -> tuple[ssl.TLSVersion, ssl.TLSVersion]:
    with warnings.catch_warnings():  # naming TLS 1.0/1.1 is deprecated: offering them is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        return {LEGACY: (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1),
                MODERN: (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.MAXIMUM_SUPPORTED),
                TLS13: (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3)}[offered]


def _context(offered: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    low, high = _versions(offered)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version, context.maximum_version = low, high
    if offered == LEGACY:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")  # OpenSSL 3 offers 1.0/1.1 only at level 0
    return context


def host_port(origin: str) -> tuple[str, int]:
    parts = urlsplit(origin)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"not an https origin: {origin!r}")
    return parts.hostname, parts.port or 443


def connect(origin: str, timeout: float) -> tuple[socket.socket, str]:
    """(a TCP connection to `origin`'s host and port, its host name); ProbeUnavailable when it
    cannot be reached at all (nothing can then be said of its TLS)."""
    host, port = host_port(origin)
    try:
        return socket.create_connection((host, port), timeout=timeout), host
    except OSError as exc:
        raise ProbeUnavailable(f"cannot reach {origin}: {exc}") from exc


def probe(origin: str, offered: str, timeout: float) -> ProbeResult:
    """One handshake with `origin` offering `offered` (LEGACY, MODERN or TLS13)."""
    context = _context(offered)
    sock, host = connect(origin, timeout)
    with sock:
        try:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                return ProbeResult(origin, offered, tls.version())
        except ssl.SSLError as exc:
            if exc.reason == "NO_PROTOCOLS_AVAILABLE":  # refused here, before any byte left
                raise ProbeUnavailable(f"this machine cannot offer {offered} TLS: {exc}") from exc
            return ProbeResult(origin, offered, None, exc.reason or str(exc))
        except (OSError, socket.timeout) as exc:  # reset or closed mid-handshake: refused
            return ProbeResult(origin, offered, None, type(exc).__name__)
