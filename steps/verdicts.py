"""How a step hands a verdict to the scenario's recorder, shared by both roles' contexts."""
from __future__ import annotations

from harness.checks.base import Verdict


def _show_in_allure(result) -> None:
    """Each verdict as an Allure step (lives here: harness.results may not import reporting)."""
    try:
        import allure
    except ImportError:
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
