"""One Allure step per check verdict, titled `[REQ-ID, …] check_id — STATUS`.

Allure has no "warning" status, so a SHOULD-level shortfall stays a passed step but is made
visible three ways: the step title says WARNING, the scenario gets the tag `warning` and the label
`verdict=warning` (which the report's "Warnings" category matches). A failed MUST check becomes a
failed step, by raising inside the step: that is how the Allure API marks a step failed.

A scenario blocked by a root cause (harness/results/root_causes.py) is skipped in Allure, with
the label `verdict=blocked`, the tag `blocked` and the root cause's id as label `root_cause`;
the scenario that reported the root cause carries the same `root_cause` label.
"""
from __future__ import annotations

import json
import os

from harness.results import CheckResult

WARNING_TAG = "warning"
VERDICT_LABEL = "verdict"
BLOCKED = "blocked"                 # verdict label and tag of a scenario blocked by a root cause
ROOT_CAUSE_LABEL = "root_cause"     # the root-cause id, on the finding and on what it blocked
_WORD = {"passed": "PASSED", "failed": "FAILED", "warning": "WARNING", "info": "INFO"}


class CheckFailed(AssertionError):
    """Raised (and swallowed) inside a verdict step so Allure records the step as failed."""


def verdict_title(check: CheckResult) -> str:
    word = _WORD.get(check.status, check.status.upper())
    return f"[{', '.join(check.requirements)}] {check.id} — {word}"


def verdict_details(check: CheckResult) -> dict:
    """What an auditor needs to judge one verdict; secrets never reach a verdict (checks build
    their messages from the rule, not from credentials)."""
    return {"check": check.id, "status": check.status, "level": check.level,
            "requirements": list(check.requirements), "message": check.message,
            "expected": check.expected, "actual": check.actual,
            "evidence": list(check.evidence)}


def report_verdict(allure, check: CheckResult) -> None:
    """Record `check` as a nested step of the current Gherkin step (call it from the recorder
    hook, once per verdict). Never raises."""
    try:
        with allure.step(verdict_title(check)):
            # Passed verdicts too: an auditor sees what held and the exchange it relied on
            # (harness.reporting.allure_auditor turns this JSON into readable text).
            allure.attach(json.dumps(verdict_details(check), indent=2, default=str),
                          name=f"verdict {check.id}", attachment_type=allure.attachment_type.JSON)
            if check.status == "failed":
                raise CheckFailed(f"{check.message}; expected {check.expected!r}, "
                                  f"actual {check.actual!r}")
    except CheckFailed:
        pass  # the scenario's own failure is raised by the recorder at the end
    if check.status == "warning":
        mark_warning(allure)


_last_warned: list[str | None] = [None]


def mark_warning(allure) -> None:
    """Tag the running scenario as warned, once even when several of its checks warn (tests
    run one at a time per process, so remembering the last one is enough)."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0] or None
    if current is not None and current == _last_warned[0]:
        return
    _last_warned[0] = current
    allure.dynamic.tag(WARNING_TAG)
    allure.dynamic.label(VERDICT_LABEL, WARNING_TAG)


def mark_root_cause(allure, cause) -> None:
    """The running scenario reports root cause `cause` (its failure message starts with
    "ROOT CAUSE <id>", which the "Root causes" category matches)."""
    allure.dynamic.label(ROOT_CAUSE_LABEL, cause.id)
    allure.dynamic.tag("root-cause")


def mark_blocked(allure, cause) -> None:
    """The running scenario is blocked by `cause`: Allure shows it skipped, with the message
    "blocked by <id> …" (the "Blocked by root cause" category) and these labels."""
    allure.dynamic.label(VERDICT_LABEL, BLOCKED)
    allure.dynamic.label(ROOT_CAUSE_LABEL, cause.id)
    allure.dynamic.tag(BLOCKED)
