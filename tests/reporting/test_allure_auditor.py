"""The auditor pass over allure-results (harness/reporting/allure_auditor.py): a failed scenario
loses its traceback and internals, broken keeps its trace, verdict steps and exchanges read as
text (requirement, expected, actual, exchange, curl)."""
from __future__ import annotations

import json

from harness.reporting.allure_auditor import clean_allure_results

TRACE = "item = <Function test_x>\n  harness/suite/pytest_plugin.py:235: ConformanceFailure"
EXCHANGES = [
    {"id": "ex-2", "request": {"timestamp_start": 2.0, "method": "POST", "url": "https://t/s",
                               "headers": [["Authorization", "Bearer [REDACTED]"]],
                               "body": '{"a":1}'},
     "response": {"status_code": 400, "reason": "Bad Request", "body": "{}"},
     "curl": "curl -X POST https://t/s"},
    {"id": "ex-1", "request": {"timestamp_start": 1.0, "method": "GET", "url": "https://t/m"},
     "response": {"status_code": 200, "reason": "OK", "body": ""}},
]
VERDICT = {"check": "check_create_returns_201", "status": "failed", "level": "MUST",
           "requirements": ["SSF-STREAM-19"], "message": "create answers 201",
           "expected": 201, "actual": 400, "evidence": ["ex-2"]}


def _write(directory, status):
    (directory / "ev-attachment.json").write_text(json.dumps(EXCHANGES))
    (directory / "v-attachment.json").write_text(json.dumps(VERDICT))
    result = {
        "name": "TX-STREAM-01 Create", "status": status,
        "statusDetails": {"message": "harness.results.recorder.ConformanceFailure: [FAILED] x",
                          "trace": TRACE},
        "labels": [{"name": "host", "value": "vm"}, {"name": "thread", "value": "1-MainThread"},
                   {"name": "story", "value": "SSF-STREAM-19"},
                   {"name": "story", "value": "SSF-STREAM-01"}],
        "attachments": [{"name": "recorded HTTP exchanges (redacted)",
                         "source": "ev-attachment.json", "type": "application/json"}],
        "steps": [{"name": "Given a stream", "status": "failed",
                   "parameters": [{"name": "ctx", "value": "<ScenarioContext TX-STREAM-01>"}],
                   "steps": [{"name": "[SSF-STREAM-19] check — FAILED", "status": "failed",
                              "statusDetails": {"message": "harness.reporting.allure_verdicts."
                                                "CheckFailed: x", "trace": TRACE},
                              "attachments": [{"name": "verdict check_create_returns_201",
                                               "source": "v-attachment.json",
                                               "type": "application/json"}]}]}]}
    path = directory / "r1-result.json"
    path.write_text(json.dumps(result))
    return path


def _texts(directory, attachments, name):
    return [(directory / a["source"]).read_text() for a in attachments if a["name"] == name]


def test_a_failed_scenario_reads_as_verdicts(tmp_path):
    path = _write(tmp_path, "failed")
    assert clean_allure_results(tmp_path) == 1
    assert clean_allure_results(tmp_path) == 1   # idempotent
    result = json.loads(path.read_text())
    assert result["statusDetails"] == {"message": "[FAILED] x"}
    assert {lbl["name"] for lbl in result["labels"]} == {"requirements"}
    assert result["labels"][0]["value"] == "SSF-STREAM-19, SSF-STREAM-01"
    step = result["steps"][0]
    assert step["parameters"] == []
    verdict = step["steps"][0]
    assert "trace" not in verdict["statusDetails"]
    assert verdict["statusDetails"]["message"].startswith("SSF-STREAM-19 (MUST) check_create")
    (text,) = _texts(tmp_path, verdict["attachments"], "what was checked")
    assert "Requirement SSF-STREAM-19 (MUST" in text and "Expected: 201" in text
    assert "Actual:   400" in text and "Exchange #2" in text and "curl -X POST" in text
    (exchanges,) = _texts(tmp_path, result["attachments"], "HTTP exchanges (in time order)")
    assert exchanges.index("#1  GET https://t/m") < exchanges.index("#2  POST https://t/s")
    assert "<<< 400 Bad Request" in exchanges
    assert [a["name"] for a in result["attachments"]] == [
        "HTTP exchanges (in time order)", "recorded HTTP exchanges (raw JSON)"]


def test_a_broken_scenario_keeps_its_trace(tmp_path):
    path = _write(tmp_path, "broken")
    clean_allure_results(tmp_path)
    assert json.loads(path.read_text())["statusDetails"]["trace"] == TRACE
