"""One conformance run's live setup for the directory role: the trust directory under test
(the embedded reference, or an external one from the profile) behind its recording proxy, and
the driver that talks to it. Built once per pytest session by the pytest plugin
(`dir_suite`), like session.py does for the transmitter role.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harness.profiles.model import Profile
from harness.runtime.tls import LocalTLS, make_local_tls
from harness.suite.directory_driver import DirectoryDriver
from harness.suite.directory_run import RunDirectory
from harness.suite.evidence import collect_exchanges, write_evidence_file


@dataclass
class DirectorySession:
    profile: Profile
    run_dir: Path
    use_proxy: bool = True
    directory: RunDirectory | None = None
    driver: DirectoryDriver | None = None
    tls: LocalTLS | None = None
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"DirectorySession({self.profile.name!r}, {self.directory!r})"

    @property
    def embedded(self) -> bool:
        return self.profile.target("directory").embedded

    def start(self) -> "DirectorySession":
        from harness.reference.faults import parse_faults
        target = self.profile.target("directory")
        self._tmp = tempfile.TemporaryDirectory(prefix="ssf-dir-run-")
        state = Path(self._tmp.name)
        self.tls = make_local_tls(state / "tls")
        faults = parse_faults(list(self.profile.reference.faults) or None, role="directory") \
            if target.embedded else frozenset()
        self.directory = RunDirectory.for_profile(
            self.profile, self.run_dir, self.tls, self.use_proxy, name="directory",
            target=target, faults=faults)
        try:
            self.directory.start(state, tuple(self.profile.secrets()))
        except Exception:
            self.stop()
            raise
        self.driver = DirectoryDriver(self.directory)
        return self

    def stop(self) -> None:
        if self.directory is not None:
            self.directory.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- per scenario ------------------------------------------------------------------
    def marks(self) -> dict:
        return {name: proxy.mark() for name, proxy in self.directory.proxies.items()}

    def exchanges_since(self, marks: dict) -> list[dict]:
        return collect_exchanges(self.directory.proxies, marks)

    def write_evidence(self, scenario_key: str, marks: dict) -> Path | None:
        return write_evidence_file(self.run_dir, scenario_key, self.exchanges_since(marks))

    def secrets(self) -> list[str]:
        return list(dict.fromkeys(self.profile.secrets() + self.directory.secrets()))
