"""`RecordingProxy`: a mitmdump subprocess in reverse mode in front of one upstream, or in forward
mode (`upstream=None`) for a client that must reach hosts the harness does not know in advance
(a `jwks_uri` on another host, a receiver's push endpoint).

mitmdump runs from its own environment (`.venv-mitm`) with `addon.py`, which appends one redacted
JSON line per exchange to `record_file`. The addon's notices on stdout (see output.py) make
start-up and `wait_for_exchange` event-driven rather than polling.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from harness.proxy import redact
from harness.proxy.exchange import Exchange, Marker, end_marker, read_exchanges
from harness.proxy.faults import FaultControl, FaultRule
from harness.proxy.output import MitmdumpOutput
from harness.proxy.urls import normalise_origin, rewrite_origin, rewrite_urls

ADDON = Path(__file__).with_name("addon.py")
MITMDUMP_ENV = "SSF_MITMDUMP"
KNOWN_SECRETS_ENV = "SSF_PROXY_KNOWN_SECRETS"  # read by addon.py
# wait_for_exchange re-reads the file at least this often even without a notice (a safety net;
# notices are counted before each read, so none should be missed).
_RECHECK_SECONDS = 0.5
_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}
# Bodies over this many bytes pass through the proxy streamed (mitmproxy's stream_large_bodies);
# the suite's own limit (limits.max_response_bytes, 4 MiB by default) is below it.
DEFAULT_STREAM_BODIES_OVER = 8 << 20


class ProxyError(RuntimeError):
    """The proxy could not start, stopped unexpectedly, or was used before start()."""


class ExchangeTimeout(ProxyError, TimeoutError):
    """No recorded exchange matched within the deadline."""


def default_mitmdump() -> Path:
    configured = os.environ.get(MITMDUMP_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / ".venv-mitm" / "bin" / "mitmdump"


def stop_all(proxies: Iterable["RecordingProxy"]) -> None:
    """Stop several proxies, their shutdowns overlapping (each takes ~0.2 s)."""
    proxies = list(proxies)
    for proxy in proxies:
        proxy.terminate()
    for proxy in proxies:
        proxy.stop()


class RecordingProxy:
    def __init__(self, upstream: str | None, record_file: Path, *,
                 listen_host: str = "127.0.0.1",
                 listen_port: int = 0, upstream_ca: Path | None = None,
                 insecure_upstream: bool = False, server_cert_combined: Path | None = None,
                 mitmdump: Path | None = None, startup_timeout: float = 15.0,
                 stop_timeout: float = 5.0, keep_host_header: bool = False,
                 confdir: Path | None = None, fault_file: Path | None = None,
                 known_secrets: Iterable[str] = (), record_body_limit: int = 1 << 20,
                 exchange_id_header: str = "x-ssf-exchange-id",
                 extra_certs: Iterable[tuple[str, Path]] = (),
                 signing_ca_pem: bytes | None = None,
                 stream_bodies_over: int = DEFAULT_STREAM_BODIES_OVER,
                 client_cert: Path | None = None) -> None:
        """`extra_certs`: (host pattern, combined PEM) pairs presented to clients that ask for
        that host by SNI, before `server_cert_combined` (the "*" default). `signing_ca_pem`:
        key + certificate of the CA that signs the per-host certificates of forward mode.
        `stream_bodies_over`: bodies larger than this are streamed, not buffered (see
        `_body_bounds`). `client_cert`: a PEM with the private key and certificate chain the
        proxy presents to an upstream that asks for a client certificate (mTLS; mitmproxy's
        `client_certs`)."""
        try:
            self.upstream = normalise_origin(upstream) if upstream is not None else None
        except ValueError as exc:
            raise ProxyError(str(exc)) from None
        self.extra_certs = tuple((pattern, Path(path)) for pattern, path in extra_certs)
        self.signing_ca_pem = signing_ca_pem
        self.record_file = Path(record_file)
        self.listen_host, self.listen_port = listen_host, listen_port
        self.upstream_ca, self.insecure_upstream = upstream_ca, insecure_upstream
        self.server_cert_combined = server_cert_combined
        self.client_cert = Path(client_cert) if client_cert else None
        self.mitmdump = Path(mitmdump) if mitmdump else default_mitmdump()
        self.startup_timeout, self.stop_timeout = startup_timeout, stop_timeout
        self.keep_host_header, self.record_body_limit = keep_host_header, record_body_limit
        self.exchange_id_header = exchange_id_header  # "" disables; see addon.py
        self.stream_bodies_over = stream_bodies_over
        self.confdir = Path(confdir) if confdir else None
        self.faults = FaultControl(fault_file or self.record_file.with_name(
            self.record_file.name + ".faults.json"))
        self._known_secrets = [s for s in known_secrets if s]
        self.returncode: int | None = None
        self._proc: subprocess.Popen | None = None
        self._output: MitmdumpOutput | None = None
        self._owned_confdir: Path | None = None
        self._terminating = False

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> "RecordingProxy":
        if self._proc is not None:
            raise ProxyError("proxy already started")
        if not os.access(self.mitmdump, os.X_OK):
            raise ProxyError(f"mitmdump not found or not executable at {self.mitmdump} "
                             f"(run `make setup`, or point {MITMDUMP_ENV} at it)")
        for label, path in (("upstream_ca", self.upstream_ca),
                            ("server_cert_combined", self.server_cert_combined),
                            ("client_cert", self.client_cert)):
            if path is not None and not Path(path).is_file():
                raise ProxyError(f"{label} file not found: {path}")
        self.record_file.parent.mkdir(parents=True, exist_ok=True)
        self.record_file.touch(exist_ok=True)  # so mark() works before the first exchange
        self.faults.clear()
        if self.confdir is None:
            self._owned_confdir = Path(tempfile.mkdtemp(prefix="ssf-mitm-"))
        if self.signing_ca_pem is not None:
            ca_pem = (self.confdir or self._owned_confdir) / "mitmproxy-ca.pem"
            fd = os.open(ca_pem, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.signing_ca_pem)
        self.returncode, self._terminating = None, False
        try:
            self._proc = subprocess.Popen(self._command(), stdin=subprocess.DEVNULL,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          env=self._env())
        except OSError as exc:
            raise ProxyError(f"cannot run {self.mitmdump}: {exc}") from None
        self._output = MitmdumpOutput(self._proc.stdout, name=f"mitmdump-{self._proc.pid}")
        self._output.start()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """SIGTERM (the addon has already written every line), SIGKILL if it does not exit."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            if not self._terminating:
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(self.stop_timeout)
        self.returncode = proc.returncode
        if self._output is not None:
            self._output.join(self.stop_timeout)
        if proc.stdout is not None:
            proc.stdout.close()
        if self._owned_confdir is not None:
            shutil.rmtree(self._owned_confdir, ignore_errors=True)
            self._owned_confdir = None

    def terminate(self) -> None:
        """Ask mitmdump to exit without waiting; `stop()` then waits. Lets callers overlap the
        shutdown of several proxies (see `stop_all`)."""
        if self._proc is not None and self._proc.poll() is None and not self._terminating:
            self._proc.send_signal(signal.SIGTERM)
            self._terminating = True

    def __enter__(self) -> "RecordingProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # -- addresses ------------------------------------------------------------------------------
    @property
    def port(self) -> int | None:
        """The port mitmdump actually listens on (known once started; works with port 0)."""
        return self._output.port if self._output else None

    @property
    def forward(self) -> bool:
        return self.upstream is None

    @property
    def base_url(self) -> str:
        """The proxy's origin: https when it presents `server_cert_combined`, else http (always
        http in forward mode: that is the proxy URL a client is configured with)."""
        if self.port is None:
            raise ProxyError("proxy not started")
        scheme = "https" if self.server_cert_combined and not self.forward else "http"
        host = "127.0.0.1" if self.listen_host in _WILDCARD_HOSTS else self.listen_host
        return f"{scheme}://{host}:{self.port}"

    @property
    def mitm_ca_file(self) -> Path:
        """mitmproxy's own CA, which clients must trust for HTTPS without `server_cert_combined`."""
        return (self.confdir or self._owned_confdir or Path(".")) / "mitmproxy-ca-cert.pem"

    def rewrite_url(self, url: str) -> str:
        """An absolute URL on the upstream's origin, re-pointed at the proxy."""
        if self.forward:
            return url
        return rewrite_origin(url, self.upstream, self.base_url)

    def rewrite_urls(self, document):
        """Every upstream URL inside a JSON-like document (e.g. SSF metadata) re-pointed."""
        if self.forward:
            return document
        return rewrite_urls(document, self.upstream, self.base_url)

    # -- records --------------------------------------------------------------------------------
    def mark(self) -> Marker:
        return end_marker(self.record_file)

    def exchanges(self, since: Marker | None = None) -> list[Exchange]:
        return read_exchanges(self.record_file, since)[0]

    def wait_for_exchange(self, predicate: Callable[[Exchange], bool], timeout: float,
                          since: Marker | None = None) -> Exchange:
        """First recorded exchange after `since` (default: the start of the record) matching
        `predicate`. Waits on the addon's "exchange written" notices, each wait capped at
        _RECHECK_SECONDS as a safety net. Raises ExchangeTimeout after `timeout` seconds, or at
        once when the proxy is not running (nothing new can be recorded then)."""
        deadline = time.monotonic() + timeout
        position = since or Marker(0)
        seen: list[Exchange] = []
        while True:
            output = self._output if self.running else None
            notices = output.notices if output else 0
            batch, position = read_exchanges(self.record_file, position)
            for exchange in batch:
                if predicate(exchange):
                    return exchange
            seen.extend(batch)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or output is None or output.eof:
                recent = "; ".join(e.summary() for e in seen[-5:]) or "none"
                why = f"within {timeout}s" if output else "(proxy not running)"
                raise ExchangeTimeout(f"no matching exchange {why} in {self.record_file.name} "
                                      f"(recent: {recent})")
            output.wait_for_notice(notices, min(remaining, _RECHECK_SECONDS))

    # -- faults ---------------------------------------------------------------------------------
    def set_faults(self, *rules: FaultRule) -> None:
        self.faults.set(rules)

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- internals ------------------------------------------------------------------------------
    def _command(self) -> list[str]:
        confdir = self.confdir or self._owned_confdir
        mode = "regular" if self.forward else f"reverse:{self.upstream}"
        cmd = [str(self.mitmdump), "--mode", mode,
               "--listen-host", self.listen_host, "--listen-port", str(self.listen_port),
               "-s", str(ADDON), "-q",
               # lazy: connect upstream per request, so a dead upstream gives a recorded 502
               # instead of a silently closed client connection (mitmproxy's eager default).
               "--set", "connection_strategy=lazy",
               "--set", f"record_file={self.record_file}",
               "--set", f"fault_file={self.faults.path}",
               "--set", f"record_body_limit={self.record_body_limit}",
               "--set", f"exchange_id_header={self.exchange_id_header}",
               "--set", f"confdir={confdir}", *self._body_bounds()]
        if self.keep_host_header:
            cmd += ["--set", "keep_host_header=true"]
        if self.upstream_ca is not None:
            cmd += ["--set", f"ssl_verify_upstream_trusted_ca={self.upstream_ca}"]
        if self.insecure_upstream:
            cmd += ["--set", "ssl_insecure=true"]
        if self.client_cert is not None:   # presented only to an upstream that asks
            cmd += ["--set", f"client_certs={self.client_cert}"]
        for pattern, path in self.extra_certs:  # looked up by SNI before the "*" default
            cmd += ["--certs", f"{pattern}={path}"]
        if self.server_cert_combined is not None and not self.forward:
            cmd += ["--certs", f"*={self.server_cert_combined}"]
        return cmd

    def _body_bounds(self) -> list[str]:
        """mitmproxy buffers whole bodies by default: an endless chunked answer grew mitmdump to
        6 GB. Larger bodies are streamed through instead: mitmdump's memory stays bounded and the
        suite's own bounded read (or the push collector's) gives the verdict, "body exceeds N
        bytes"; the record then has no body (`body_streamed`). mitmproxy's body_size_limit is
        left unset on purpose: with streaming it adds no memory bound, and it would replace that
        verdict with a bare 502 (or 413) of the proxy's own for a large declared Content-Length."""
        return ["--set", f"stream_large_bodies={self.stream_bodies_over}b"]

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}  # keep .venv-mitm pure
        env[redact.FP_KEY_ENV] = redact.fingerprint_key_hex()
        env[KNOWN_SECRETS_ENV] = json.dumps(self._known_secrets)
        return env

    def _output_tail(self) -> str:
        text = self._output.tail() if self._output else "(no output)"
        return redact.redact_text(text, self._known_secrets)

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        assert self._output is not None
        if not self._output.ready.wait(self.startup_timeout):
            raise ProxyError(f"mitmdump not ready within {self.startup_timeout}s:\n"
                             f"{self._output_tail()}")
        if self.port is None:
            try:
                rc = self._proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                rc = None
            self._output.join(self.stop_timeout)  # collect the last lines of output
            raise ProxyError(f"mitmdump exited during startup (rc={rc}) for "
                             f"{self.listen_host}:{self.listen_port}:\n{self._output_tail()}")
        # The ready notice is sent after mitmproxy's listeners are up; confirm with one connect,
        # retrying only with bounded waits on the process (which also notice an early exit).
        host = "127.0.0.1" if self.listen_host in _WILDCARD_HOSTS else self.listen_host
        while True:
            try:
                socket.create_connection((host, self.port), timeout=1.0).close()
                return
            except OSError as exc:
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    raise ProxyError(f"mitmdump port {self.port} does not accept connections "
                                     f"({exc}):\n{self._output_tail()}") from None
                try:
                    self._proc.wait(0.01)
                except subprocess.TimeoutExpired:
                    pass
