"""Run an ASGI app under uvicorn on a background thread, bound to 127.0.0.1.

Readiness is event-driven: we wait on uvicorn's `started` flag with a deadline rather than
sleeping a fixed time.
"""
from __future__ import annotations

import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import uvicorn


def free_port(host: str = "127.0.0.1") -> int:
    """A port free now, which another process may take before it is bound again: only for a
    port that must be known before its server starts (e.g. a public URL naming a proxy)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def reserve_port(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A socket bound to a free port and held open: the port is known (for a public URL, or a
    proxy's upstream) before its server starts, and no other process can take it meanwhile.
    Hand it to `RunningServer(listen_socket=...)`, which listens on it. `port` other than 0
    holds that port (a profile's fixed one)."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError:
        listener.close()
        raise
    return listener


class ServerStartError(RuntimeError):
    pass


@dataclass
class RunningServer:
    app: object
    host: str = "127.0.0.1"
    port: int = 0
    startup_timeout: float = 10.0
    # PEM paths for HTTPS (see harness.runtime.tls); plain HTTP when unset.
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    # Adjusts the listener's SSLContext once built (e.g. the TLS versions it accepts).
    ssl_context_hook: Callable[[ssl.SSLContext], None] | None = None
    # Client certificates (mTLS): ssl.CERT_REQUIRED with the CAs in ssl_ca_certs makes the
    # handshake fail for a client without a certificate those CAs issued.
    ssl_cert_reqs: int = ssl.CERT_NONE
    ssl_ca_certs: str | None = None
    # A socket from reserve_port(): the server listens on it (its port wins over `port`).
    listen_socket: socket.socket | None = field(default=None, repr=False)
    _server: uvicorn.Server | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ssl_certfile else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def start(self) -> "RunningServer":
        sockets = None
        if self.listen_socket is None and not self.port:
            # Bind port 0 ourselves and hand uvicorn the bound socket: no window in which
            # another process can take the port (free_port() binds, closes, then returns).
            self.listen_socket = reserve_port(self.host)
        if self.listen_socket is not None:
            self.host, self.port = self.listen_socket.getsockname()[:2]
            sockets = [self.listen_socket]
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning",
                                access_log=False, lifespan="on",
                                ssl_certfile=self.ssl_certfile, ssl_keyfile=self.ssl_keyfile,
                                ssl_cert_reqs=self.ssl_cert_reqs, ssl_ca_certs=self.ssl_ca_certs)
        if self.ssl_context_hook is not None and self.ssl_certfile:
            config.load()  # builds config.ssl; uvicorn keeps a loaded config as it is
            self.ssl_context_hook(config.ssl)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": sockets},
                                        name=f"uvicorn-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise ServerStartError(f"server on {self.base_url} exited during startup")
            if time.monotonic() > deadline:
                raise ServerStartError(f"server on {self.base_url} not ready within "
                                       f"{self.startup_timeout}s")
            self._thread.join(0.005)  # bounded wait on the thread, not a fixed sleep
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self._server = None
        self._thread = None
        if self.listen_socket is not None:   # closed by uvicorn; a restart binds `port` again
            self.listen_socket.close()
            self.listen_socket = None

    def __enter__(self) -> "RunningServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
