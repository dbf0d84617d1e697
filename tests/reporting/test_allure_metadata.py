"""environment.properties, executor.json and categories.json from results.json."""
from __future__ import annotations

import json
import re

from harness.reporting.allure_metadata import (
    allure2_categories, allure3_categories, write_allure_metadata,
)
from tests.reporting.samples import sample_results


def test_environment_names_target_role_profile_suite_and_time(tmp_path):
    paths = write_allure_metadata(tmp_path / "allure-results", sample_results())
    text = (tmp_path / "allure-results" / "environment.properties").read_text()
    lines = dict(line.split("=", 1) for line in text.splitlines())
    assert lines["target"] == "acme-tx"
    assert lines["target.description"] == "ACME transmitter: staging"
    assert lines["role"] == "transmitter"
    assert lines["profile"] == "caep_interop"
    assert lines["profile.file"] == "acme.yaml"  # the file name only, not the local path
    assert lines["suite"].startswith("ssf-conformance ")
    assert lines["started_at"] == "2026-11-22T05:00:00+00:00"
    assert {p.name for p in paths} == {"environment.properties", "executor.json",
                                       "categories.json"}


def test_escaped_multiline_value_stays_one_property(tmp_path):
    results = sample_results()
    results["target"]["description"] = "two\ninjected=yes"
    write_allure_metadata(tmp_path, results)
    lines = (tmp_path / "environment.properties").read_text().splitlines()
    assert "target.description=two\\ninjected=yes" in lines
    assert not any(line.startswith("injected") for line in lines)


def test_executor_names_the_suite_and_target(tmp_path):
    write_allure_metadata(tmp_path, sample_results())
    executor = json.loads((tmp_path / "executor.json").read_text())
    assert executor["type"] == "ssf-conformance"
    assert "acme-tx" in executor["buildName"]


def test_allure2_categories_separate_failures_timeouts_and_harness_errors():
    cats = {c["name"]: c for c in allure2_categories()}
    assert cats["Implementation failures"]["matchedStatuses"] == ["failed"]
    assert cats["Harness errors"]["matchedStatuses"] == ["broken"]
    timeout = re.compile(cats["Timeouts"]["messageRegex"])
    assert timeout.fullmatch("ConformanceFailure: the implementation did not answer: GET /x: "
                             "no answer within the deadline (10.0s)\nmore")
    assert not timeout.fullmatch("spec_version must be \"1_0\"")


def test_allure3_categories_put_root_causes_then_timeouts_first_and_catch_warnings():
    rules = allure3_categories()
    assert [r["name"] for r in rules][:5] == ["Root causes", "Blocked by root cause",
                                              "Timeouts", "Implementation failures",
                                              "Harness errors"]
    warnings = rules[-1]
    assert warnings["matchers"] == {"statuses": ["passed"], "labels": {"verdict": "^warning$"}}
    # Allure 3 builds a JavaScript RegExp from the message: keep it free of inline flags.
    assert all("(?" not in r["matchers"].get("message", "") for r in rules)


def test_root_cause_and_blocked_categories_match_the_recorded_wording():
    from harness.results.root_causes import RootCause
    cause = RootCause("RC-stream-created-0a1b2c3d", "stream created", "sig", "create stream: "
                      "expected 201, actual 400", advice="fix it")
    cats = {c["name"]: c for c in allure2_categories()}
    finding = re.compile(cats["Root causes"]["messageRegex"])
    blocked = re.compile(cats["Blocked by root cause"]["messageRegex"])
    assert cats["Blocked by root cause"]["matchedStatuses"] == ["skipped"]
    assert finding.fullmatch(f"ConformanceFailure: {cause.headline()}\n[FAILED] check_x ...")
    assert blocked.fullmatch("Skipped: " + cause.blocked_message())
    assert not blocked.fullmatch("Skipped: optional capability 'poll' not declared")


def test_environment_opens_with_the_root_causes(tmp_path):
    results = sample_results()
    results["root_causes"] = [{"id": "RC-stream-created-0a1b2c3d", "precondition":
                               "stream created", "summary": "expected 201, actual 400",
                               "blocked": 40}]
    write_allure_metadata(tmp_path, results)
    first = (tmp_path / "environment.properties").read_text().splitlines()[0]
    assert first == ("root_cause.1=RC-stream-created-0a1b2c3d (stream created; blocked 40 "
                     "scenarios): expected 201, actual 400")
