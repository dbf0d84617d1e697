"""A real browser opens the generated reports: headless Chromium renders the single-file report
from file:// and the multi-file report over HTTP, and both show this run's scenario counts.

The run is small and has a failure on purpose (discovery scenarios against the reference with
the `metadata-issuer-mismatch` fault). A screenshot of the overview is written to the test's
temporary directory; its path is printed (see it with `pytest -rP`)."""
from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harness.reporting.html import find_allure_cli
from harness.suite.profiles import PROJECT_ROOT
from tests.reporting.runs import built_once, cli, faulty_profile, run_and_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_TIMEOUT = float(os.environ.get("SSF_TEST_BROWSER_TIMEOUT", "90"))
# The flags from ../shared/tooling.md section 4; virtual time lets the app load its data.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--virtual-time-budget=8000", "--window-size=1400,900"]

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="headless Chromium is not installed (apt-get install -y chromium): "
                              "the browser check of the HTML report cannot run"),
    pytest.mark.skipif(find_allure_cli(PROJECT_ROOT) is None,
                       reason="the Allure CLI is not installed (run `npm ci`): no HTML to open"),
]


def chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory(prefix="ssf-chromium-") as profile_dir:
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile_dir}", *args],
                              capture_output=True, text=True, timeout=BROWSER_TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def visible_text(dom: str) -> str:
    body = dom[dom.find("<body"):]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _build(base: Path) -> None:
    run_and_report(base / "reports", tags="area:discovery",
                   profile=faulty_profile(base, "metadata-issuer-mismatch"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    reports = built_once(tmp_path_factory, "browser-run", _build) / "reports"
    summary = json.loads((reports / "results.json").read_text())["summary"]
    return reports, summary


def expected_counts(summary: dict) -> dict[str, int]:
    # Allure has no "warning" status: warned scenarios are passed ones (tagged "warning").
    counts = {"Total": sum(summary.values()), "Failed": summary["failed"],
              "Broken": summary["broken"], "Passed": summary["passed"] + summary["warning"],
              "Skipped": summary["skipped"]}
    return {name: n for name, n in counts.items() if n}


def assert_counts_shown(text: str, summary: dict) -> None:
    counts = expected_counts(summary)
    assert counts["Failed"] >= 1, "the fault should make at least one scenario fail"
    for name, n in counts.items():
        assert re.search(rf"\b{name} {n}\b", text), f"{name} {n} not shown in: {text[:600]}"


def test_single_file_report_shows_the_runs_counts(run, tmp_path_factory):
    reports, summary = run
    url = (reports / "html-single" / "index.html").as_uri()
    shot = tmp_path_factory.mktemp("screenshot") / "allure-overview.png"
    dom = chromium("--dump-dom", f"--screenshot={shot}", url)  # one browser start for both
    assert_counts_shown(visible_text(dom), summary)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    print(f"screenshot of the report overview: {shot}")


def test_failed_scenario_page_shows_its_category(run):
    reports, _ = run
    failed = [p.stem for p in (reports / "html" / "data" / "test-results").glob("*.json")
              if json.loads(p.read_text()).get("status") == "failed"]
    assert failed
    url = (reports / "html-single" / "index.html").as_uri() + f"#/{failed[0]}"
    text = visible_text(chromium("--dump-dom", url))
    assert "Category: Implementation failures" in text
    assert "TX-DISC-" in text and "(MUST)" in text
    # An auditor's page: the verdict, readable requirement labels, none of the internals.
    assert "requirements" in text and "SSF-DISC-" in text
    for internal in ("ConformanceFailure", "Traceback", "_pytest", "recorder.finish",
                     "ScenarioContext", "MainThread", "object at 0x"):
        assert internal not in text, f"{internal!r} shown on the failed scenario page"


@pytest.fixture
def served(run):
    reports, _ = run
    handler = functools.partial(_QuietHandler, directory=str(reports / "html"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()
    thread.join()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def test_multi_file_report_over_http_shows_the_runs_counts(run, served):
    _, summary = run
    assert_counts_shown(visible_text(chromium("--dump-dom", served)), summary)


def test_reports_hold_no_analytics_script(run):
    reports, _ = run
    for directory in ("html", "html-single"):
        for path in (reports / directory).rglob("*"):
            if path.is_file():
                assert b"googletagmanager" not in path.read_bytes(), path


def test_the_runs_statement_verifies(run):
    reports, _ = run
    result = cli("verify-statement", reports / "conformance-statement.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "results.json" in result.stdout and "junit.xml" in result.stdout
