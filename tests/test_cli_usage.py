"""The command line behaves like the tools vendors know (issue 16, deliverable 2): usage
errors exit 2 on one line without a traceback, an empty selection is a usage error and signs
nothing, `--version` names the package and commit, results record what was selected."""
import json
import os
import subprocess
import sys

import pytest

from harness.suite.profiles import PROJECT_ROOT
from harness.suite.selection import TagExpressionError, compile_tags


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "harness", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("expression, column", [("area:poll andd x", 11),
                                                ("area:poll and (not", 19),
                                                ("or id:X", 1)])
def test_a_tag_syntax_error_names_the_column(expression, column):
    with pytest.raises(TagExpressionError) as caught:
        compile_tags(expression)
    assert f"column {column}:" in str(caught.value) and "\n" not in str(caught.value)


def test_bad_tags_are_a_usage_error_on_one_line(tmp_path):
    done = _cli("run", "--tags", "area:poll andd x", "--reports", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "usage error: --tags 'area:poll andd x': column 11: expected end of input; "
        "got identifier"]
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "results.json").exists()


def test_bad_tags_given_to_pytest_directly_are_a_usage_error_not_internal(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pytest", "steps/test_transmitter_scenarios.py",
                           "--collect-only", "-q", "--ssf-tags=area:poll andd x"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
    assert "INTERNALERROR" not in done.stdout + done.stderr
    assert "column 11" in done.stderr


def test_an_empty_selection_exits_2_and_report_signs_nothing(tmp_path):
    done = _cli("run", "--tags", "id:NO-SUCH-SCENARIO", "--reports", str(tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no scenario matches the selection" in done.stderr
    key = tmp_path / "key.json"
    report = _cli("report", "--reports", str(tmp_path), "--no-html", "--key", str(key))
    assert report.returncode == 2, report.stdout + report.stderr
    assert "nothing to sign" in report.stderr
    assert not (tmp_path / "conformance-statement.json").exists()


def test_version_names_package_and_commit():
    done = _cli("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("ssf-conformance ")
    assert "commit " in done.stdout   # this test runs from a git checkout


def test_results_and_statement_record_selection_suite_and_target(tmp_path):
    done = _cli("run", "--tags", "id:TX-DISC-01", "--reports", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["selection"] == {"roles": ["transmitter"], "tags": "id:TX-DISC-01"}
    assert results["suite"]["version"] and results["suite"]["commit"]
    assert results["interrupted"] is False
    report = _cli("report", "--reports", str(tmp_path), "--no-html",
                  "--key", str(tmp_path / "key.json"))
    assert report.returncode == 0, report.stdout + report.stderr
    statement = json.loads((tmp_path / "conformance-statement.json").read_text())
    assert statement["selection"]["tags"] == "id:TX-DISC-01"
    assert statement["suite"]["commit"] == results["suite"]["commit"]
    assert "urls" in statement["target"]
    assert "id:TX-DISC-01" in (tmp_path / "conformance-statement.md").read_text()


def test_results_json_holds_no_absolute_path(tmp_path):
    reports = tmp_path / "reports"
    done = _cli("run", "--tags", "id:TX-DISC-01 or id:TX-STREAM-02", "--reports", str(reports))
    assert done.returncode == 0, done.stdout + done.stderr
    text = (reports / "results.json").read_text()
    assert str(PROJECT_ROOT) not in text and str(tmp_path) not in text
    results = json.loads(text)
    files = [f for sc in results["scenarios"] for f in sc["evidence_files"]]
    assert files and all(not f.startswith("/") and (reports / f).is_file() for f in files)
    assert results["target"]["source"] == "reference.yaml"
