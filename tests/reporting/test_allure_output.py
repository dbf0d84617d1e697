"""Labels, verdict steps and evidence attachments land in real Allure results: a tiny
pytest-bdd project runs in a subprocess with allure-pytest-bdd and our reporting functions."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FEATURE = """\
@area:discovery @role:transmitter
Feature: Reporting probe

  @id:PROBE-01 @req:SSF-DISC-01 @req:SSF-DISC-14
  Scenario: Every kind of verdict and evidence
    When a passed verdict is reported
    And a warning verdict is reported
    And a warning verdict is reported
    And a failed verdict is reported
    And a SET with schema errors is attached
    And evidence with a failing check is attached
"""

CONFTEST = '''
import allure
from harness.reporting.allure_labels import apply_labels
from harness.results import ScenarioRecorder
from harness.suite.tags import parse_tags


def pytest_bdd_apply_tag(tag, function):
    return True  # tags are read below; they need not become pytest marks here


def pytest_bdd_before_scenario(request, feature, scenario):
    tags = parse_tags(set(scenario.tags) | set(feature.tags))
    recorder = ScenarioRecorder(tags.id, scenario.name, feature.name, list(tags.requirements))
    apply_labels(allure, tags, recorder)
'''

STEPS = '''
import json
import allure
from pytest_bdd import parsers, scenarios, when
from harness.reporting.allure_evidence import attach_evidence, attach_set
from harness.reporting.allure_verdicts import report_verdict
from harness.results import CheckResult
from harness.schemas import SchemaError

scenarios("probe.feature")


def check(status):
    level = {"warning": "SHOULD"}.get(status, "MUST")
    return CheckResult(f"check_{status}", "SSF-DISC-01", ["SSF-DISC-01"], level, status,
                       f"the {status} rule", "1_0", "0_9", ["ex-2"])


@when(parsers.parse("a {status} verdict is reported"))
def verdict(status):
    report_verdict(allure, check(status))


@when("a SET with schema errors is attached")
def a_set():
    error = SchemaError("/events", "required member 'x' is missing", "required",
                        "https://example.test/set.json#/required", ("SET-04",))
    attach_set(allure, {"alg": "RS256", "typ": "secevent+jwt"}, {"iss": "https://tx"}, [error])


@when("evidence with a failing check is attached")
def evidence(tmp_path_factory):
    path = tmp_path_factory.mktemp("ev") / "PROBE-01.json"
    path.write_text(json.dumps([
        {"id": "ex-1", "request": {"method": "GET", "url": "https://t/a"}, "curl": "curl A"},
        {"id": "ex-2", "request": {"method": "POST", "url": "https://t/b"},
         "curl": "curl -H \\"Authorization: Bearer ${TOKEN}\\" B"}]))
    attach_evidence(allure, path, [check("passed"), check("failed")])
'''


@pytest.fixture(scope="module")
def allure_result(tmp_path_factory) -> tuple[dict, Path]:
    project = tmp_path_factory.mktemp("probe")
    (project / "probe.feature").write_text(FEATURE)
    (project / "conftest.py").write_text(CONFTEST)
    (project / "test_probe.py").write_text(textwrap.dedent(STEPS))
    results = project / "allure-results"
    # Its own basetemp (no clean-up of the numbered folders the other sessions keep), none of
    # the plugins it does not need, no stdin, and a stack dump of every thread if it ever
    # hangs (it once did on a loaded CI machine, after its test had passed).
    proc = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", "-q",
                           "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:hypothesispytest",
                           "-p", "no:anyio", "-o", "faulthandler_timeout=90",
                           f"--basetemp={project / 'tmp'}", f"--alluredir={results}",
                           "test_probe.py"],
                          cwd=project, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = list(results.glob("*-result.json"))
    assert len(files) == 1
    return json.loads(files[0].read_text()), results


def _labels(result: dict) -> list[tuple[str, str]]:
    return [(label["name"], label["value"]) for label in result["labels"]]


def test_labels_from_tags_and_catalog(allure_result):
    result, _ = allure_result
    labels = _labels(result)
    assert ("epic", "SSF") in labels
    assert ("feature", "discovery") in labels
    assert ("parentSuite", "transmitter") in labels
    assert ("scenario_id", "PROBE-01") in labels
    assert ("story", "SSF-DISC-01") in labels and ("story", "SSF-DISC-14") in labels
    assert ("severity", "critical") in labels  # SSF-DISC-01 is MUST
    assert ("requirement_level", "MUST") in labels
    assert result["name"] == "PROBE-01 Every kind of verdict and evidence"
    links = {link["name"]: link["url"] for link in result["links"]}
    assert links["SSF-DISC-01 (MUST)"].startswith("https://openid.net/specs/")


def _sub_steps(result: dict) -> dict[str, dict]:
    return {sub["name"]: sub for step in result["steps"] for sub in step.get("steps", [])}


def test_each_verdict_is_a_titled_step_with_the_right_status(allure_result):
    result, _ = allure_result
    steps = _sub_steps(result)
    assert steps["[SSF-DISC-01] check_passed — PASSED"]["status"] == "passed"
    assert steps["[SSF-DISC-01] check_warning — WARNING"]["status"] == "passed"
    failed = steps["[SSF-DISC-01] check_failed — FAILED"]
    assert failed["status"] == "failed"
    assert "the failed rule" in failed["statusDetails"]["message"]
    # The swallowed step failure does not decide the scenario: the recorder does.
    assert result["status"] == "passed"


def test_warnings_are_visible_as_tag_and_label(allure_result):
    result, _ = allure_result
    labels = _labels(result)
    assert labels.count(("tag", "warning")) == 1  # two checks warned, one tag
    assert labels.count(("verdict", "warning")) == 1


def _attachment(results: Path, step: dict, name: str) -> str:
    found = [a for a in step.get("attachments", []) if a["name"] == name]
    assert found, f"no attachment {name!r} in {[a['name'] for a in step.get('attachments', [])]}"
    return (results / found[0]["source"]).read_text()


def test_non_passed_verdicts_attach_expected_and_actual(allure_result):
    result, results = allure_result
    step = _sub_steps(result)["[SSF-DISC-01] check_warning — WARNING"]
    details = json.loads(_attachment(results, step, "verdict check_warning"))
    assert details["expected"] == "1_0" and details["actual"] == "0_9"
    assert details["level"] == "SHOULD"


def _gherkin_step(result: dict, text: str) -> dict:
    return next(s for s in result["steps"] if s["name"].endswith(text))


def test_decoded_set_and_schema_errors_are_attached(allure_result):
    result, results = allure_result
    step = _gherkin_step(result, "a SET with schema errors is attached")
    assert json.loads(_attachment(results, step, "SET header (decoded)"))["typ"] == \
        "secevent+jwt"
    assert json.loads(_attachment(results, step, "SET claims (decoded)")) == {"iss": "https://tx"}
    errors = json.loads(_attachment(results, step, "schema errors (1)"))
    assert errors[0]["pointer"] == "/events" and errors[0]["requirements"] == ["SET-04"]
    text = _attachment(results, step, "schema errors (by JSON pointer)")
    assert text.startswith("/events: required member 'x' is missing (required) [SET-04]")


def test_evidence_and_curl_for_the_failing_request(allure_result):
    result, results = allure_result
    step = _gherkin_step(result, "evidence with a failing check is attached")
    exchanges = json.loads(_attachment(results, step, "recorded HTTP exchanges (redacted)"))
    assert [e["id"] for e in exchanges] == ["ex-1", "ex-2"]
    curl = _attachment(results, step, "reproduce with curl")
    assert "curl -H \"Authorization: Bearer ${TOKEN}\" B" in curl
    assert "curl A" not in curl  # only the exchange the failing check cites
