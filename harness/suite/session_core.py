"""What the sessions of both roles share (harness/suite/session.py for the transmitter role,
receiver_session.py for the receiver role): recording proxies in front of what they talk to,
per-scenario evidence, the run's secrets, and giving everything back at the end.

A mixin: the session dataclass supplies profile, run_dir, tls, creds, directory, _servers,
_proxies and _tmp."""
from __future__ import annotations

from pathlib import Path

from harness.suite.evidence import write_evidence_file


class SessionCore:
    EXCHANGE_PREFIX = ""   # file name prefix of the role's exchange logs

    def _proxy(self, name: str, upstream: str, startup: float, listen_port: int = 0, **kw):
        """A recording proxy `name` in front of `upstream`, knowing every secret of the run."""
        from harness.proxy import RecordingProxy
        kw.setdefault("upstream_ca", self.tls.ca_file)
        proxy = RecordingProxy(upstream,
                               self.run_dir / "exchanges" / f"{self.EXCHANGE_PREFIX}{name}.jsonl",
                               listen_port=listen_port, server_cert_combined=self.tls.combined_file,
                               startup_timeout=startup, known_secrets=tuple(self.secrets()), **kw)
        proxy.start()
        self._proxies[name] = proxy
        return proxy

    def _fronted(self, name: str, scheme: str, startup: float, listen_port: int = 0, **kw):
        """(held socket, public port) for an embedded server: the socket it will listen on,
        reserved now so its port names the proxy's upstream, and the port the implementation
        reaches it on: recording proxy `name`'s (where the profile says, or a port mitmdump
        binds itself) or, without a proxy, the socket's own. No port is picked and released."""
        from harness.runtime.servers import reserve_port
        sock = reserve_port()
        port = sock.getsockname()[1]
        if not self.use_proxy:
            return sock, port
        try:
            proxy = self._proxy(name, f"{scheme}://127.0.0.1:{port}", startup,
                                listen_port=listen_port, **kw)
        except BaseException:
            sock.close()
            raise
        return sock, proxy.port

    def write_evidence(self, scenario_key: str, marks: dict) -> Path | None:
        return write_evidence_file(self.run_dir, scenario_key, self.exchanges_since(marks))

    def secrets(self) -> list[str]:
        """Every secret of the run (profile and generated), for redaction and leak tests."""
        directory = self.directory.secrets() if self.directory is not None else []
        return list(dict.fromkeys(self.profile.secrets() + self.creds.secrets() + directory))

    def _release(self) -> None:
        """Stop the proxies (their shutdowns overlap), the trust directory and the servers,
        each regardless of the others, and remove the run's temporary state."""
        from harness.proxy import stop_all
        stop_all(self._proxies.values())
        self._proxies.clear()
        if self.directory is not None:
            self.directory.stop()
        for server in reversed(self._servers):
            try:
                server.stop()
            except Exception:  # noqa: BLE001 - stop the rest regardless
                pass
        self._servers.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
