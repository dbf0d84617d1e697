"""pytest plugin (controller side): gathers scenario records from every worker's reports and
writes results.json at the end of the run. Inert unless --ssf-results is given."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from harness.results.document import build_results, write_results


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ssf")
    group.addoption("--ssf-results", default=None, help="write results.json here")
    group.addoption("--ssf-roles", default="transmitter", help="roles being run")
    group.addoption("--ssf-target-json", default=None,
                    help="public (secret-free) description of the target, as JSON")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--ssf-results") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultsCollector(config), "ssf-results-collector")


class ResultsCollector:
    def __init__(self, config: pytest.Config):
        self.config = config
        self.records: list[dict] = []
        self.started_at = _now()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in getattr(report, "user_properties", []):
            if name == "ssf_scenario":
                self.records.append(json.loads(value))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = self.config
        target = json.loads(config.getoption("--ssf-target-json") or "{}")
        roles = tuple(r.strip() for r in config.getoption("--ssf-roles").split(",")
                      if r.strip())
        document = build_results(self.records, target=target, roles=roles,
                                 started_at=self.started_at, finished_at=_now(),
                                 strict=bool(config.getoption("--ssf-strict", default=False)),
                                 tags=config.getoption("--ssf-tags", default=None),
                                 interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)
        write_results(Path(config.getoption("--ssf-results")), document)
