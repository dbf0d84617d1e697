"""`ssf-conformance report` and `verify-statement`: outputs, messages and exit codes."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from harness.cli import EXIT_BROKEN, EXIT_FAILED, EXIT_OK, EXIT_USAGE, _load_commands, app
from tests.reporting.samples import write_sample_reports

_load_commands()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("SSF_STATEMENT_KEY", str(tmp_path / "key" / "statement-key.json"))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def no_node(monkeypatch, tmp_path):
    """A machine without Node: `node` is not on PATH."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_report_without_results_is_a_usage_error(cli, tmp_path):
    result = cli("report", "--reports", tmp_path / "nothing-here")
    assert result.exit_code == EXIT_USAGE
    assert "run `ssf-conformance run` first" in result.output


def test_report_with_malformed_results_is_a_usage_error(cli, tmp_path):
    (tmp_path / "results.json").write_text("{not json")
    result = cli("report", "--reports", tmp_path)
    assert result.exit_code == EXIT_USAGE
    assert "not a readable results.json" in result.output
    (tmp_path / "results.json").write_text("[1, 2]")
    assert cli("report", "--reports", tmp_path).exit_code == EXIT_USAGE


def test_report_without_node_still_writes_the_statement_and_says_how(cli, tmp_path, no_node):
    reports = tmp_path / "reports"
    write_sample_reports(reports)
    result = cli("report", "--reports", reports)
    assert result.exit_code == EXIT_OK, result.output
    assert "npm ci" in result.output and "ssf-conformance report" in result.output
    for name in ("conformance-statement.json", "conformance-statement.md",
                 "conformance-statement.json.jws", "statement-key.jwks.json",
                 "allure-results/environment.properties", "allure-results/categories.json"):
        assert (reports / name).is_file(), name
    assert not (reports / "html").exists()


def test_report_with_an_unusable_key_is_a_usage_error(cli, tmp_path):
    write_sample_reports(tmp_path)
    bad = tmp_path / "bad-key.json"
    bad.write_text("garbage that might be a secret")
    result = cli("report", "--reports", tmp_path, "--no-html", "--key", bad)
    assert result.exit_code == EXIT_USAGE
    assert "not a usable signing key" in result.output
    assert "garbage that might be a secret" not in result.output


@pytest.fixture
def signed(cli, tmp_path):
    write_sample_reports(tmp_path)
    assert cli("report", "--reports", tmp_path, "--no-html").exit_code == EXIT_OK
    return tmp_path / "conformance-statement.json"


def test_verify_statement_accepts_the_untouched_statement(cli, signed):
    result = cli("verify-statement", signed)
    assert result.exit_code == EXIT_OK, result.output
    assert "VALID" in result.output and "not who signed" in result.output


def test_verify_statement_fails_on_an_edit(cli, signed):
    signed.write_text(signed.read_text().replace('"failed": 1', '"failed": 0'))
    result = cli("verify-statement", signed)
    assert result.exit_code == EXIT_FAILED
    assert "INVALID" in result.output


def test_verify_statement_with_a_pinned_key(cli, signed):
    jwks = signed.with_name("statement-key.jwks.json")
    thumb = json.loads(signed.read_text())["signing_key"]["thumbprint_sha256"]
    assert "pinned key" in cli("verify-statement", signed, "--trusted-jwks", jwks).output
    ok = cli("verify-statement", signed, "--expect-thumbprint", thumb)
    assert ok.exit_code == EXIT_OK and "pinned key" in ok.output
    wrong = cli("verify-statement", signed, "--expect-thumbprint", "A" * 43)
    assert wrong.exit_code == EXIT_FAILED


def test_verify_statement_usage_errors(cli, signed, tmp_path):
    missing = cli("verify-statement", tmp_path / "nope.json")
    assert missing.exit_code == EXIT_USAGE and "file not found" in missing.output
    (tmp_path / "bad.jwks").write_text('{"no": "keys"}')
    bad_jwks = cli("verify-statement", signed, "--trusted-jwks", tmp_path / "bad.jwks")
    assert bad_jwks.exit_code == EXIT_USAGE and "not a JWKS" in bad_jwks.output
    signed.with_name("conformance-statement.json.jws").unlink()
    no_sig = cli("verify-statement", signed)
    assert no_sig.exit_code == EXIT_USAGE and ".jws" in no_sig.output


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_report_exits_3_when_the_allure_cli_fails(cli, tmp_path, monkeypatch):
    import harness.cli.report as report_module
    bin_dir = tmp_path / "project" / "node_modules" / ".bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "allure").write_text('process.stderr.write("broken install"); process.exit(1);')
    monkeypatch.setattr(report_module, "PROJECT_ROOT", tmp_path / "project")
    write_sample_reports(tmp_path / "reports")
    result = cli("report", "--reports", tmp_path / "reports")
    assert result.exit_code == EXIT_BROKEN
    assert "HTML report failed" in result.output and "broken install" in result.output
    assert (tmp_path / "reports" / "conformance-statement.json").is_file()


def test_report_into_an_unwritable_place_is_a_clear_usage_error(cli, tmp_path):
    write_sample_reports(tmp_path)
    (tmp_path / "conformance-statement.md").mkdir()  # the statement cannot be written there
    result = cli("report", "--reports", tmp_path, "--no-html")
    assert result.exit_code == EXIT_USAGE
    assert "cannot write" in result.output and "Traceback" not in result.output
