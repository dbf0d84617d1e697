"""pytest plugin of `ssf-conformance run`'s live progress: the pytest process tells the CLI, one
JSON line per event on a pipe the CLI handed over (`--ssf-progress-fd`), how many scenarios were
selected, which one starts and how each ended. The CLI draws the display (harness/cli/_console.py).

Controller side only (with pytest-xdist the workers' reports reach the controller's hooks), and
inert without the option. Loaded by the CLI with `-p harness.cli._progress_plugin`.
"""
from __future__ import annotations

import json
import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("ssf").addoption("--ssf-progress-fd", type=int, default=None,
                                     help="write progress events (JSON lines) to this fd")


def pytest_configure(config: pytest.Config) -> None:
    fd = config.getoption("--ssf-progress-fd")
    if fd is not None and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ProgressEvents(os.fdopen(fd, "w", buffering=1)),
                                      "ssf-progress-events")


def scenario_title(item: pytest.Item) -> str:
    """`TX-STREAM-01 Create a push stream [delivery=push]` (pytest-bdd puts 'feature: scenario'
    in the test function's docstring)."""
    from harness.suite.selection import describe
    info = describe(item)
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or item.name
    title = f"{info['id'] or ''} {doc.split(': ', 1)[-1]}".strip()
    if info["variant"]:
        title += " [" + ", ".join(f"{k}={v}" for k, v in info["variant"].items()) + "]"
    return title


class ProgressEvents:
    def __init__(self, stream):
        self.stream = stream
        self.titles: dict[str, str] = {}
        self.status: dict[str, str] = {}
        self.total_sent = False

    def _emit(self, **event) -> None:
        try:
            self.stream.write(json.dumps(event) + "\n")
        except (OSError, ValueError):   # the CLI went away (Ctrl-C): progress is optional
            pass

    def _total(self, count: int) -> None:
        if not self.total_sent:
            self.total_sent = True
            self._emit(event="total", count=count)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            try:
                self.titles[item.nodeid] = scenario_title(item)
            except Exception:  # noqa: BLE001 - a title is cosmetic
                self.titles[item.nodeid] = item.name
        if session.items or not session.config.pluginmanager.hasplugin("dsession"):
            self._total(len(session.items))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids) -> None:
        self._total(len(ids))

    def pytest_runtest_logstart(self, nodeid: str, location) -> None:
        self._emit(event="start", nodeid=nodeid, title=self.titles.get(nodeid, location[2]))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in getattr(report, "user_properties", []):
            if name == "ssf_scenario":
                self.status[report.nodeid] = json.loads(value)["status"]
                return
        if report.failed and report.nodeid not in self.status:
            self.status[report.nodeid] = "broken" if report.when != "call" else "failed"
        elif report.skipped and report.nodeid not in self.status:
            self.status[report.nodeid] = "skipped"

    def pytest_runtest_logfinish(self, nodeid: str, location) -> None:
        self._emit(event="end", nodeid=nodeid, title=self.titles.get(nodeid, location[2]),
                   status=self.status.get(nodeid, "passed"))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        try:
            self.stream.close()
        except OSError:
            pass
