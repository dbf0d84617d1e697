"""A scenario-scoped recorder: checks keep going after a failure, severity comes from the
requirement level in the catalog, and the scenario fails at the end if any MUST check failed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from harness.catalog import load_catalog, severity_for
from harness.results.root_causes import RootCause

# Statuses, strongest first. "warning" is kept as such (Allure has no warning status).
# "blocked": a precondition failed the way an earlier scenario's root cause did; the scenario
# proves nothing either way (JUnit and Allure show it as skipped, with the root cause).
STATUS_ORDER = ("broken", "failed", "warning", "blocked", "skipped", "passed", "info")


class ConformanceFailure(AssertionError):
    """A MUST-level check failed: the implementation is at fault (Allure: failed)."""


@dataclass
class CheckResult:
    id: str
    requirement: str          # the strongest requirement the verdict names
    requirements: list[str]
    level: str                # MUST | SHOULD | MAY | INFO
    status: str               # passed | failed | warning | info
    message: str
    expected: Any = None
    actual: Any = None
    evidence: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"[{self.status.upper()}] {self.id} ({', '.join(self.requirements)}, {self.level})"
        if self.status != "passed":
            text += f": {self.message}; expected {self.expected!r}, actual {self.actual!r}"
            if self.evidence:
                text += f" [evidence: {', '.join(self.evidence)}]"
        return text


@dataclass
class ScenarioRecord:
    id: str
    name: str
    feature: str
    requirements: list[str]
    status: str = "passed"
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""
    variant: dict = field(default_factory=dict)
    evidence_files: list[str] = field(default_factory=list)
    root_cause: dict | None = None   # this scenario reported a root cause (RootCause.to_dict)
    blocked_by: dict | None = None   # this scenario was blocked by one (RootCause.reference)
    # skipped because the profile does not declare this capability tag: its own statement
    not_declared: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


_LEVEL_RANK = {"MUST": 0, "SHOULD": 1, "MAY": 2, "INFO": 3}


class ScenarioRecorder:
    def __init__(self, scenario_id: str, name: str, feature: str, requirements: list[str],
                 strict: bool = False):
        self.record = ScenarioRecord(scenario_id, name, feature, list(requirements))
        self.strict = strict
        self.cause: RootCause | None = None   # the root cause this scenario reports, if any
        self._catalog = load_catalog()

    def _strongest(self, requirement_ids: tuple[str, ...]) -> tuple[str, str]:
        best = None
        for rid in requirement_ids:
            level = self._catalog.get(rid).level
            if best is None or _LEVEL_RANK[level] < _LEVEL_RANK[best[1]]:
                best = (rid, level)
        assert best is not None, "a verdict always names at least one requirement"
        return best

    def add(self, verdict) -> CheckResult:
        """Record one Verdict (from harness.checks); never raises on a failed check."""
        requirement, level = self._strongest(verdict.requirements)
        status = "passed" if verdict.passed else severity_for(level, strict=self.strict)
        result = CheckResult(verdict.check_id, requirement, list(verdict.requirements), level,
                             status, verdict.message, _plain(verdict.expected),
                             _plain(verdict.actual), list(verdict.evidence))
        self.record.checks.append(result)
        return result

    @property
    def failures(self) -> list[CheckResult]:
        return [c for c in self.record.checks if c.status == "failed"]

    @property
    def warnings(self) -> list[CheckResult]:
        return [c for c in self.record.checks if c.status == "warning"]

    def mark_root_cause(self, cause: RootCause) -> None:
        """This scenario met a precondition failure first: it is the finding others point to."""
        self.cause = cause
        self.record.root_cause = cause.to_dict()

    def block(self, cause: RootCause) -> None:
        """A precondition failed as `cause` did: the scenario gives no verdict on what it was
        written to test. One that already failed checks of its own stays failed (raises)."""
        if self.failures:
            self.finish()
        self.record.status = "blocked"
        self.record.blocked_by = cause.reference()
        self.record.message = cause.blocked_message()

    def finish(self) -> None:
        """Set the scenario status from its checks; raise ConformanceFailure on MUST failures."""
        if self.failures:
            self.record.status = "failed"
            lines = [c.line() for c in self.failures]
            if self.cause is not None:
                lines.insert(0, self.cause.headline())
            self.record.message = "\n".join(lines)
            raise ConformanceFailure(self.record.message)
        if not self.record.checks:
            # A scenario that recorded nothing proved nothing: that is a harness defect.
            self.record.status = "broken"
            self.record.message = "scenario recorded no check verdicts"
            raise RuntimeError(self.record.message)
        self.record.status = "warning" if self.warnings else "passed"
        self.record.message = "\n".join(c.line() for c in self.warnings)


def _plain(value: Any) -> Any:
    """Make expected/actual JSON-serialisable without losing what they say."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return repr(value)
