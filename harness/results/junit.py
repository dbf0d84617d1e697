"""junit.xml written from results.json, for the CI views that read JUnit (GitHub, GitLab,
Jenkins): one test case per scenario (each Examples row its own), named by the scenario id and
title so a CI page says what was tested; failure texts are the verdicts (requirement, expected,
actual), never a Python traceback.

Statuses: failed → <failure>, broken (the harness could not finish the scenario) → <error>,
skipped and blocked → <skipped> (a blocked scenario's message names its root cause), warning →
a passed case whose system-out lists the SHOULD-level shortfalls.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

ROLE_BY_PREFIX = {"TX": "transmitter", "RX": "receiver", "DR": "directory"}
_TYPES = {"failed": "implementation failure", "broken": "harness error"}


def role_of(scenario_id: str) -> str:
    return ROLE_BY_PREFIX.get(scenario_id.split("-", 1)[0], "other")


def case_name(scenario: dict) -> str:
    """`TX-STREAM-01 Create a push stream`, plus the Examples row when there is one."""
    name = f"{scenario['id']} {scenario.get('name', '')}".strip()
    variant = scenario.get("variant") or {}
    if variant:
        name += " [" + ", ".join(f"{k}={v}" for k, v in variant.items()) + "]"
    return name


def check_text(check: dict) -> str:
    """One verdict on one line: requirement(s) and level first, then what was expected."""
    text = f"{', '.join(check['requirements'])} ({check['level']}) {check['id']}: " \
           f"{check['message']}"
    if check.get("expected") is not None or check.get("actual") is not None:
        text += f"; expected {check.get('expected')!r}, actual {check.get('actual')!r}"
    if check.get("evidence"):
        text += f" [exchange {', '.join(check['evidence'])}]"
    return text


def _not_passed(scenario: dict, status: str) -> list[dict]:
    return [c for c in scenario.get("checks") or [] if c["status"] == status]


def failure_texts(scenario: dict) -> tuple[str, str]:
    """(message, body) of a failed or broken scenario: the verdicts that failed, else the
    scenario's own message (a root cause, a step that reported the target did not answer)."""
    failed = _not_passed(scenario, "failed")
    own = [line for line in (scenario.get("message") or "").splitlines()
           if line.strip() and not line.startswith("[FAILED]")]
    checks = [check_text(c) for c in failed]
    lines = own + checks or [f"scenario {scenario['status']} without a message"]
    # The message CI views show: a root cause first, else the first failed verdict.
    first = own[0] if own and (own[0].startswith("ROOT CAUSE") or not checks) else lines[
        len(own)]
    message = first if len(lines) == 1 else f"{first} (+{len(lines) - 1} more)"
    body = list(lines)
    if scenario.get("evidence_files"):
        body.append(f"evidence (relative to the reports folder): "
                    f"{', '.join(scenario['evidence_files'])}")
    if scenario.get("requirements"):
        body.append(f"scenario requirements: {', '.join(scenario['requirements'])}")
    return message, "\n".join(body)


def _testcase(suite: ET.Element, scenario: dict) -> None:
    case = ET.SubElement(suite, "testcase", classname=f"ssf.{role_of(scenario['id'])}."
                         f"{scenario.get('feature') or 'scenarios'}",
                         name=case_name(scenario),
                         time=f"{float(scenario.get('duration') or 0):.3f}")
    props = ET.SubElement(case, "properties")
    ET.SubElement(props, "property", name="scenario_id", value=scenario["id"])
    ET.SubElement(props, "property", name="status", value=scenario["status"])
    for requirement in scenario.get("requirements") or []:
        ET.SubElement(props, "property", name="requirement", value=requirement)
    status = scenario["status"]
    if status in ("failed", "broken"):
        message, body = failure_texts(scenario)
        element = ET.SubElement(case, "failure" if status == "failed" else "error",
                                message=message, type=_TYPES[status])
        element.text = body
    elif status in ("skipped", "blocked"):
        ET.SubElement(case, "skipped", message=scenario.get("message") or status)
    elif status == "warning":
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(f"WARNING {check_text(c)}"
                             for c in _not_passed(scenario, "warning"))


def _counts(scenarios: list[dict]) -> dict[str, str]:
    def count(*statuses: str) -> int:
        return sum(1 for s in scenarios if s["status"] in statuses)
    return {"tests": str(len(scenarios)), "failures": str(count("failed")),
            "errors": str(count("broken")), "skipped": str(count("skipped", "blocked")),
            "time": f"{sum(float(s.get('duration') or 0) for s in scenarios):.3f}"}


def junit_tree(results: dict) -> ET.ElementTree:
    scenarios = results.get("scenarios") or []
    root = ET.Element("testsuites", name="ssf-conformance", **_counts(scenarios))
    suite_info = results.get("suite") or {}
    by_role: dict[str, list[dict]] = {}
    for scenario in scenarios:
        by_role.setdefault(role_of(scenario["id"]), []).append(scenario)
    for role, members in by_role.items():
        suite = ET.SubElement(root, "testsuite", name=f"ssf-conformance {role}",
                              timestamp=results.get("started_at") or "", **_counts(members))
        props = ET.SubElement(suite, "properties")
        for name, value in (("suite.version", suite_info.get("version")),
                            ("suite.commit", suite_info.get("commit")),
                            ("target", (results.get("target") or {}).get("name")),
                            ("target.url", (results.get("target_urls") or {}).get(role)),
                            ("tags", (results.get("selection") or {}).get("tags")),
                            ("interrupted", str(bool(results.get("interrupted"))).lower())):
            if value:
                ET.SubElement(props, "property", name=name, value=str(value))
        for scenario in members:
            _testcase(suite, scenario)
    return ET.ElementTree(root)


def broken_run_tree(reason: str) -> ET.ElementTree:
    """No results.json: one error case, so a CI view shows the run broke (not 0 tests)."""
    root = ET.Element("testsuites", name="ssf-conformance", tests="1", failures="0",
                      errors="1", skipped="0", time="0")
    suite = ET.SubElement(root, "testsuite", name="ssf-conformance", tests="1", failures="0",
                          errors="1", skipped="0", time="0")
    case = ET.SubElement(suite, "testcase", classname="ssf.run", name="ssf-conformance run",
                         time="0")
    ET.SubElement(case, "error", message=reason, type="harness error").text = reason
    return ET.ElementTree(root)


def write_junit(path: Path, results: dict | None, *, reason: str = "no results.json was "
                "written: the run broke before the end") -> Path:
    tree = junit_tree(results) if results is not None else broken_run_tree(reason)
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
