"""Expected-results files per target (e.g. `profiles/<target>.expected.yaml`).

A scenario skipped because the profile does not declare a capability it needs (another dialect's
API, an optional endpoint) needs no entry: the profile is already the statement of it.

Entries name a scenario id (and optionally a check id and a variant) with the status the run is
expected to give (failed, warning, skipped, blocked, broken) and a reason. A scenario blocked by
a root cause is expected when the finding that reported the root cause is. Comparison cuts both ways: an
unexpected non-pass fails the gate, and so does an expected non-pass that did not happen, so
stale entries cannot linger. Matching is on ids and statuses only, never on message text.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

STATUSES = ("failed", "warning", "skipped", "blocked", "broken")


class ExpectationsError(ValueError):
    pass


@dataclass(frozen=True)
class Expectation:
    id: str
    status: str
    reason: str
    check: str | None = None
    variant: dict | None = None

    def matches_scenario(self, scenario: dict) -> bool:
        if scenario["id"] != self.id:
            return False
        return self.variant is None or all(
            str(scenario.get("variant", {}).get(k)) == str(v) for k, v in self.variant.items())

    def label(self) -> str:
        extra = f" {self.check}" if self.check else ""
        variant = f" {self.variant}" if self.variant else ""
        return f"{self.id}{variant}{extra} expected {self.status}"


def load_expectations(path: Path) -> list[Expectation]:
    try:
        doc = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ExpectationsError(f"{path}: cannot read expectations: {exc}") from exc
    entries = doc.get("expected", []) if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise ExpectationsError(f"{path}: top-level 'expected' must be a list")
    out = []
    for i, raw in enumerate(entries):
        where = f"{path}: expected[{i}]"
        if not isinstance(raw, dict):
            raise ExpectationsError(f"{where}: must be a mapping")
        unknown = set(raw) - {"id", "status", "reason", "check", "variant"}
        if unknown:
            raise ExpectationsError(f"{where}: unknown field(s) {sorted(unknown)}")
        for name in ("id", "status", "reason"):
            if not isinstance(raw.get(name), str) or not raw[name].strip():
                raise ExpectationsError(f"{where}.{name}: required non-empty string")
        if raw["status"] not in STATUSES:
            raise ExpectationsError(f"{where}.status: one of {list(STATUSES)}, "
                                    f"got {raw['status']!r}")
        out.append(Expectation(raw["id"], raw["status"], raw["reason"], raw.get("check"),
                               raw.get("variant")))
    return out


def _actual(scenario: dict, exp: Expectation) -> str:
    if exp.check is None:
        return scenario["status"]
    for check in scenario.get("checks", []):
        if check["id"] == exp.check and check["status"] != "passed":
            return check["status"]
    return "passed"


def _covered(scenario: dict, mine: list[Expectation]) -> bool:
    """A non-passing scenario is expected when a scenario-level entry names its status, or when
    every non-passing check in it has a check-level entry with that check's status."""
    if scenario["status"] == "passed":
        return True
    # Skipped for a capability the profile does not declare: the profile already says so.
    if scenario["status"] == "skipped" and scenario.get("not_declared") \
            and not any(e.status == "skipped" for e in mine):
        return True
    if any(e.check is None and e.status == scenario["status"] for e in mine):
        return True
    bad = [c for c in scenario.get("checks", []) if c["status"] not in ("passed", "info")]
    return bool(bad) and all(any(e.check == c["id"] and e.status == c["status"] for e in mine)
                             for c in bad)


def _mine(scenario: dict, expectations: list[Expectation]) -> list[Expectation]:
    return [e for e in expectations if e.matches_scenario(scenario)]


def _explained_blocks(results: dict, expectations: list[Expectation]) -> set[str]:
    """Root causes whose finding is expected: the scenarios they blocked are expected too (one
    entry for the defect, not one per scenario it blocks)."""
    by_id = {}
    for scenario in results["scenarios"]:
        if scenario.get("root_cause"):
            by_id.setdefault(scenario["root_cause"]["id"], []).append(scenario)
    return {rc for rc, findings in by_id.items()
            if any(_covered(s, _mine(s, expectations)) for s in findings)}


def compare(results: dict, expectations: list[Expectation]) -> dict:
    """Compare a results document with expectations, both ways."""
    unexpected, stale, met = [], [], []
    explained = _explained_blocks(results, expectations)
    for scenario in results["scenarios"]:
        if scenario["status"] == "blocked" and (scenario.get("blocked_by") or {}).get(
                "id") in explained:
            continue
        if not _covered(scenario, _mine(scenario, expectations)):
            unexpected.append({"id": scenario["id"], "variant": scenario.get("variant"),
                               "status": scenario["status"],
                               "message": (scenario.get("message") or "")[:500]})
    for exp in expectations:
        hits = [s for s in results["scenarios"] if exp.matches_scenario(s)]
        if any(_actual(s, exp) == exp.status for s in hits):
            met.append(exp.label())
        else:
            stale.append({"expectation": exp.label(), "reason": exp.reason,
                          "actual": sorted({_actual(s, exp) for s in hits}) or ["not run"]})
    return {"unexpected": unexpected, "stale": stale, "expected": met,
            "ok": not unexpected and not stale}
