"""One HTTP request over TLS to an implementation's origin, with or without the suite's TLS
client certificate, to see whether the origin requires one (mTLS). It connects to the origin
itself, never through the recording proxy (which presents the certificate upstream), and
judges no server certificate (that is the other TLS scenarios' business).

With TLS 1.3 a server that requires a client certificate refuses it after the client's side
of the handshake has finished, so the request is sent and the status line read: an alert, a
reset or a close before the status line is a refusal; any HTTP status is an answer.
"""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from harness.suite.tls_probe import connect

MAX_STATUS_LINE = 1024


@dataclass(frozen=True)
class TlsRequestAnswer:
    origin: str
    with_certificate: bool
    status: int | None      # the HTTP status; None: refused before any answer
    detail: str = ""

    def as_dict(self) -> dict:
        return {"origin": self.origin, "with_certificate": self.with_certificate,
                "status": self.status, "detail": self.detail}


def _context(cert: tuple[Path, Path | None] | None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if cert is not None:
        context.load_cert_chain(str(cert[0]), str(cert[1]) if cert[1] else None)
    return context


def _status(line: bytes) -> int | None:
    parts = line.split(b" ", 2)
    if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and parts[1].isdigit():
        return int(parts[1])
    return None


def request(origin: str, cert: tuple[Path, Path | None] | None, timeout: float
            ) -> TlsRequestAnswer:
    """GET / on `origin` (https), presenting `cert` (chain, key) when given. Raises
    ProbeUnavailable when the origin cannot be reached at all."""
    raw, host = connect(origin, timeout)
    with raw:
        try:
            with _context(cert).wrap_socket(raw, server_hostname=host) as tls:
                tls.sendall(b"GET / HTTP/1.1\r\nHost: " + host.encode("idna") + b"\r\n"
                            b"Connection: close\r\n\r\n")
                line = b""
                while not line.endswith(b"\r\n") and len(line) < MAX_STATUS_LINE:
                    chunk = tls.recv(1)
                    if not chunk:
                        break
                    line += chunk
        except OSError as exc:   # an alert (SSLError), a reset, a timeout
            return TlsRequestAnswer(origin, cert is not None, None,
                                    f"{type(exc).__name__}: {exc}"[:200])
    status = _status(line)
    detail = "" if status is not None else "closed before an HTTP status line"
    return TlsRequestAnswer(origin, cert is not None, status, detail)
