"""A transmitter whose stream creation always fails (reference fault create-always-400) gives one
root-cause finding and blocked scenarios, fast, not dozens of MUST failures (issue 10, item 5).
The real CLI runs the whole transmitter suite; results.json, junit.xml, Allure results, the run
summary and the signed statement all show the blocked scenarios as not evaluated."""
from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import pytest

from harness.cli import EXIT_BROKEN, EXIT_FAILED
from tests.reporting.runs import cli, faulty_profile

MIN_BLOCKED = 40   # before: 40 x check_create_returns_201 as MUST failures


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("create-always-400")
    reports = tmp / "reports"
    env = {"SSF_STATEMENT_KEY": str(tmp / "statement-key.json")}
    started = time.monotonic()
    ran = cli("run", "--role", "transmitter", "--reports", reports,
              "--target", faulty_profile(tmp, "create-always-400"), env=env)
    seconds = time.monotonic() - started
    reported = cli("report", "--reports", reports, "--no-html", env=env)
    assert reported.returncode == 0, reported.stdout + reported.stderr
    results = json.loads((reports / "results.json").read_text())
    print(f"create-always-400: whole transmitter run in {seconds:.1f}s, {results['summary']}")
    return ran, results, reports, seconds


def test_one_root_cause_blocks_the_dependent_scenarios_well_under_a_minute(run):
    ran, results, _, seconds = run
    # The finding is a failure; blocked scenarios add nothing (a broken scenario elsewhere
    # would make it 3, which is not what this test is about).
    expected = EXIT_BROKEN if results["summary"]["broken"] else EXIT_FAILED
    assert ran.returncode == expected, ran.stdout + ran.stderr
    assert seconds < 60
    (cause,) = results["root_causes"]
    assert cause["precondition"] == "stream created"
    assert (cause["expected"], cause["actual"]) == (201, 400)
    assert "invalid_request: aud is required" in cause["summary"]
    assert cause["evidence"] and cause["advice"]
    assert len(cause["reported_by"]) == 1
    blocked = [s for s in results["scenarios"] if s["status"] == "blocked"]
    assert len(blocked) == cause["blocked"] == results["summary"]["blocked"] >= MIN_BLOCKED
    assert {s["blocked_by"]["id"] for s in blocked} == {cause["id"]}
    finding = next(s for s in results["scenarios"] if s["id"] == cause["reported_by"][0])
    assert finding["status"] == "failed" and finding["root_cause"]["id"] == cause["id"]
    assert finding["message"].startswith(f"ROOT CAUSE {cause['id']} (stream created)")
    # What still fails on its own is a scenario whose action under test is the create itself:
    # the create scenarios, the interop create (TX-IOP-04) and a registered client's create
    # (TX-DCR-01); a precondition create never fails twice.
    failed = {s["id"] for s in results["scenarios"] if s["status"] == "failed"}
    assert failed - {cause["reported_by"][0]} <= CREATE_UNDER_TEST, failed


CREATE_UNDER_TEST = {"TX-STREAM-01", "TX-STREAM-02", "TX-STREAM-03", "TX-STREAM-17",
                     "TX-IOP-04", "TX-DCR-01"}


def test_blocked_requirements_are_not_evaluated_never_failed(run):
    _, results, _, _ = run
    failing = {r for s in results["scenarios"] if s["status"] == "failed"
               for c in s["checks"] if c["status"] == "failed" for r in c["requirements"]}
    failed = {rid for rid, r in results["requirements"].items() if r["status"] == "failed"}
    assert failed == failing and "SSF-STREAM-19" in failed
    assert failed <= {"SSF-STREAM-19", "DCR-12", "INTEROP-TX-09"}, failed
    blocked = {rid for rid, r in results["requirements"].items() if r["status"] == "blocked"}
    assert "SSF-VERIFY-01" in blocked and not blocked & failed


def test_the_run_summary_opens_with_the_root_cause_and_counts_blocked(run):
    ran, results, _, _ = run
    out = " ".join(ran.stdout.split())   # rich wraps long lines
    cause = results["root_causes"][0]
    summary_line = out.index(f"{results['summary']['blocked']} blocked")
    assert "1 root cause(s)" in out and out.index(cause["id"]) < summary_line
    assert "what to do:" in out


def test_junit_shows_blocked_scenarios_as_skipped_with_the_root_cause(run):
    _, results, reports, _ = run
    cause = results["root_causes"][0]
    cases = ET.parse(reports / "junit.xml").getroot().iter("testcase")
    skipped = [c.find("skipped").get("message") for c in cases if c.find("skipped") is not None]
    blocked = [m for m in skipped if m.startswith("blocked by ")]
    assert len(blocked) == results["summary"]["blocked"]
    assert all(m.startswith(f"blocked by {cause['id']} (stream created)") for m in blocked)
    root = ET.parse(reports / "junit.xml").getroot()
    failures = sum(int(s.get("failures", 0)) + int(s.get("errors", 0))
                   for s in root.iter("testsuite"))
    # Blocked adds no failure (pytest's JUnit counts a broken scenario as a failure too).
    assert failures == results["summary"]["failed"] + results["summary"]["broken"]


def test_allure_shows_blocked_as_skipped_with_label_and_the_finding_first(run):
    _, results, reports, _ = run
    cause = results["root_causes"][0]
    allure = reports / "allure-results"
    found = [json.loads(p.read_text()) for p in allure.glob("*-result.json")]
    blocked = [r for r in found if {"name": "verdict", "value": "blocked"} in r["labels"]]
    assert len(blocked) == results["summary"]["blocked"]
    assert {r["status"] for r in blocked} == {"skipped"}
    assert all(f"blocked by {cause['id']}" in r["statusDetails"]["message"] for r in blocked)
    finding = [r for r in found if r["status"] == "failed"
               and {"name": "root_cause", "value": cause["id"]} in r["labels"]]
    assert len(finding) == 1 and "ROOT CAUSE" in finding[0]["statusDetails"]["message"]
    categories = json.loads((allure / "categories.json").read_text())
    assert [c["name"] for c in categories][:2] == ["Root causes", "Blocked by root cause"]
    env = (allure / "environment.properties").read_text().splitlines()
    assert env[0].startswith(f"root_cause.1={cause['id']} (stream created; blocked ")


def test_the_statement_opens_with_the_root_cause_and_lists_blocked_as_not_evaluated(run):
    _, results, reports, _ = run
    cause = results["root_causes"][0]
    statement = json.loads((reports / "conformance-statement.json").read_text())
    assert [c["id"] for c in statement["root_causes"]] == [cause["id"]]
    assert statement["scenarios"]["blocked"] == results["summary"]["blocked"]
    assert len(statement["not_evaluated"]) == results["summary"]["blocked"]
    must = statement["requirements"]["MUST"]
    assert "SSF-STREAM-19" in must["failed"] and "SSF-VERIFY-01" in must["blocked"]
    # Only rows of scenarios whose action under test is the create are failed.
    assert set(must["failed"]) <= {"SSF-STREAM-19", "DCR-12", "INTEROP-TX-09"}, must["failed"]
    markdown = (reports / "conformance-statement.md").read_text()
    assert markdown.index("## Root causes") < markdown.index("| Outcome |")
    assert f"**{cause['id']}** (stream created)" in markdown
    assert "## Scenarios not evaluated (blocked by a root cause)" in markdown
    assert "## Not evaluated: blocked by a root cause" in markdown
