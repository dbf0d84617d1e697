"""junit.xml for CI views (issue 16): test names carry the scenario id and title, requirement IDs
show in the failure message, broken scenarios are <error>, failure texts are the verdicts (never
a traceback). The end-to-end case runs the real CLI against the reference with a SET fault on;
the console it prints holds no traceback either."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from harness.results.junit import junit_tree, write_junit
from tests.reporting.runs import cli, faulty_profile
from tests.reporting.samples import sample_results

TRACEBACK_MARKS = ("Traceback", "_pytest", "recorder.finish", "ConformanceFailure", ".py:")


def _cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in root.iter("testcase")}


def test_sample_results_make_named_cases_with_verdict_texts():
    results = sample_results()
    broken = dict(results["scenarios"][0], id="TX-DISC-09", name="broken one",
                  status="broken", message="RuntimeError: the proxy did not start")
    results["scenarios"].append(broken)
    root = junit_tree(results).getroot()
    cases = _cases(root)
    assert set(cases) == {"TX-DISC-01 metadata", "TX-DISC-02 issuer", "TX-DISC-03 types",
                          "TX-DISC-09 broken one"}
    failure = cases["TX-DISC-02 issuer"].find("failure")
    assert failure.get("message").startswith("SSF-DISC-04 (MUST) c2: m")
    assert cases["TX-DISC-09 broken one"].find("error").get("message") == \
        "RuntimeError: the proxy did not start"
    assert cases["TX-DISC-09 broken one"].find("failure") is None
    assert "WARNING SSF-DISC-14 (SHOULD) c3" in cases["TX-DISC-03 types"].find("system-out").text
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "1")


def test_no_results_is_one_error_case(tmp_path):
    root = ET.parse(write_junit(tmp_path / "junit.xml", None)).getroot()
    (case,) = root.iter("testcase")
    assert case.find("error") is not None and root.get("errors") == "1"


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("junit-run")
    reports = tmp / "reports"
    ran = cli("run", "--role", "transmitter", "--reports", reports, "--tags",
              "id:TX-SET-01 or id:TX-STREAM-01",
              "--target", faulty_profile(tmp, "set-wrong-typ"))
    return ran, ET.parse(reports / "junit.xml").getroot(), reports


def test_junit_of_a_run_with_a_fault(faulty_run):
    ran, root, _ = faulty_run
    assert ran.returncode == 1, ran.stdout + ran.stderr
    cases = _cases(root)
    passed = next(c for name, c in cases.items() if name.startswith("TX-STREAM-01 "))
    assert passed.find("failure") is None and passed.find("error") is None
    failed = next(c for name, c in cases.items() if name.startswith("TX-SET-01 "))
    failure = failed.find("failure")
    assert failure.get("message").startswith("SET-01 (MUST) check_set_typ:")
    assert "expected 'secevent+jwt" in failure.get("message") and "actual 'JWT'" in failure.text
    assert "evidence/" in failure.text
    for mark in TRACEBACK_MARKS:
        assert mark not in failure.text, mark
    assert root.find("testsuite").get("name") == "ssf-conformance transmitter"


def test_the_console_shows_verdicts_by_requirement_not_tracebacks(faulty_run):
    ran, _, reports = faulty_run
    out = ran.stdout + ran.stderr
    for mark in TRACEBACK_MARKS[:4]:
        assert mark not in out, mark
    flat = " ".join(out.split())
    assert "Failures by requirement" in flat and "SET-01 (MUST)" in flat
    assert "check_set_typ" in flat and "[2/2]" in flat   # plain progress lines off a terminal
    assert "ssf-conformance report --reports" in flat
    assert "ConformanceFailure" in (reports / "pytest.log").read_text()   # kept for debugging
