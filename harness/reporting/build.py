"""Everything `ssf-conformance report` produces from a finished run's reports/ directory:
Allure run metadata, the signed conformance statement, and (when Node and the pinned Allure CLI
are installed) the multi-file and single-file HTML reports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from harness.reporting.allure_auditor import clean_allure_results
from harness.reporting.allure_metadata import write_allure_metadata
from harness.reporting.html import (
    HtmlReportError, find_allure_cli, generate_html, how_to_get_html,
)
from harness.reporting.signing import load_or_create_key
from harness.reporting.statement import load_results
from harness.reporting.statement_files import StatementFiles, write_statement

HTML_DIR = "html"
SINGLE_FILE_DIR = "html-single"


@dataclass
class ReportOutcome:
    results: dict
    statement: StatementFiles
    metadata: list[Path]
    html: Path | None = None          # reports/html/index.html (serve over HTTP)
    single_file: Path | None = None   # reports/html-single/index.html (opens from file://)
    html_note: str | None = None      # why there is no HTML, and how to get it
    html_error: str | None = None     # the Allure CLI ran and failed: a harness error


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def build_reports(reports: Path, *, project_root: Path, key_path: Path | None = None,
                  html: bool = True) -> ReportOutcome:
    """Raises ValueError when reports/results.json is missing or unusable, and
    harness.reporting.signing.StatementKeyError when the key file is unusable."""
    reports = reports.resolve()
    results = load_results(reports)
    allure_results = reports / "allure-results"
    metadata = write_allure_metadata(allure_results, results)
    if allure_results.is_dir():
        clean_allure_results(allure_results)   # no tracebacks or internals for auditors
    key = load_or_create_key(key_path)
    outcome = ReportOutcome(results, write_statement(reports, results, key, _now()), metadata)
    if not html:
        outcome.html_note = "HTML skipped (--no-html)"
        return outcome
    cli = find_allure_cli(project_root)
    if cli is None:
        outcome.html_note = how_to_get_html(project_root)
        return outcome
    name = f"SSF conformance: {(results.get('target') or {}).get('name', 'unknown')}"
    try:
        outcome.html = generate_html(cli, allure_results, reports / HTML_DIR, name=name)
        outcome.single_file = generate_html(cli, allure_results, reports / SINGLE_FILE_DIR,
                                            name=name, single_file=True)
    except HtmlReportError as exc:
        outcome.html_error = str(exc)
    return outcome
