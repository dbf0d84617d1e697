"""Allure CLI discovery and the analytics stripping, without running Node."""
from __future__ import annotations

import shutil

import pytest

from harness.reporting.build import build_reports
from harness.reporting.html import find_allure_cli, has_analytics, strip_analytics
from tests.reporting.samples import write_sample_reports

# The shape Allure 3.18 writes into index.html (see ../shared/tooling.md section 4).
GENERATED = """<head>
    <script src="data:text/javascript;base64,AAAA"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', {"report": "awesome", "reportUuid": "x"});
    </script>
    <script async>
      window.allureReportData = window.allureReportData || {};
    </script>
</head>"""


def test_strip_analytics_removes_the_loader_and_its_config_only(tmp_path):
    index = tmp_path / "index.html"
    index.write_text(GENERATED)
    assert has_analytics(tmp_path)
    assert strip_analytics(index) == 1
    text = index.read_text()
    assert "googletagmanager" not in text and "gtag(" not in text and "dataLayer" not in text
    assert 'data:text/javascript;base64,AAAA' in text  # the app bundle stays
    assert "window.allureReportData" in text            # and so does the report data
    assert not has_analytics(tmp_path)
    assert strip_analytics(index) == 0  # idempotent


def test_no_cli_without_node_modules(tmp_path):
    assert find_allure_cli(tmp_path) is None


def test_build_reports_without_the_cli_explains_how_to_get_html(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    write_sample_reports(reports)
    outcome = build_reports(reports, project_root=tmp_path,  # no node_modules here
                            key_path=tmp_path / "key.json")
    assert outcome.html is None and outcome.single_file is None and outcome.html_error is None
    assert "npm ci" in outcome.html_note
    assert outcome.statement.json.is_file()


def _project_with_cli(tmp_path, script: str):
    """A project root whose node_modules holds a stand-in `allure` CLI script run by real Node."""
    bin_dir = tmp_path / "project" / "node_modules" / ".bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "allure").write_text(script)
    return tmp_path / "project"


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


@needs_node
def test_a_failing_allure_cli_is_reported_and_the_statement_still_written(tmp_path):
    root = _project_with_cli(tmp_path, 'process.stderr.write("boom: bad results\\n");'
                                       "process.exit(4);")
    reports = tmp_path / "reports"
    write_sample_reports(reports)
    outcome = build_reports(reports, project_root=root, key_path=tmp_path / "key.json")
    assert "exit 4" in outcome.html_error and "boom: bad results" in outcome.html_error
    assert outcome.statement.json.is_file()


@needs_node
def test_a_hanging_allure_cli_hits_the_configured_deadline(tmp_path, monkeypatch):
    root = _project_with_cli(tmp_path, "setInterval(() => {}, 1000);")
    monkeypatch.setenv("SSF_REPORT_TIMEOUT", "1")
    reports = tmp_path / "reports"
    write_sample_reports(reports)
    outcome = build_reports(reports, project_root=root, key_path=tmp_path / "key.json")
    assert "longer than 1s" in outcome.html_error
