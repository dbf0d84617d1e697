"""How a step hands a verdict to the scenario's recorder, shared by both roles' contexts."""
from __future__ import annotations

from typing import NoReturn

import pytest

from harness.checks.base import Verdict


def _allure():
    """The allure module when reporting is installed (it is optional for a run)."""
    try:
        import allure
    except ImportError:
        return None
    return allure


def _show_in_allure(result) -> None:
    """Each verdict as an Allure step (lives here: harness.results may not import reporting)."""
    allure = _allure()
    if allure is None:
        return
    from harness.reporting.allure_verdicts import report_verdict
    report_verdict(allure, result)


class RecordsVerdicts:
    """Mixin for a scenario context with a `recorder` (a ScenarioRecorder)."""

    def verify(self, verdict: Verdict) -> Verdict:
        """Record a verdict and carry on (one failure must not hide the others)."""
        _show_in_allure(self.recorder.add(verdict))
        return verdict

    def require(self, verdict: Verdict) -> Verdict:
        """Record a verdict the rest of the scenario depends on; stop here if it failed."""
        self.verify(verdict)
        if not verdict.passed:
            self.recorder.finish()  # raises ConformanceFailure with every failure so far
        return verdict

    def report_root_cause(self, cause) -> None:
        """This scenario met a failed precondition first: its failure is the root cause that
        later scenarios are blocked by (harness/results/root_causes.py)."""
        self.recorder.mark_root_cause(cause)
        allure = _allure()
        if allure is not None:
            from harness.reporting.allure_verdicts import mark_root_cause
            mark_root_cause(allure, cause)

    def block(self, cause) -> NoReturn:
        """Blocked by a root cause found earlier: no verdict, shown as a skip (JUnit, Allure)
        whose message names the root cause. A scenario that already failed checks of its own
        stays failed (the recorder raises)."""
        self.recorder.block(cause)
        allure = _allure()
        if allure is not None:
            from harness.reporting.allure_verdicts import mark_blocked
            mark_blocked(allure, cause)
        pytest.skip(cause.blocked_message())
