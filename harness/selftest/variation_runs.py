"""The variation matrix: run the suite once per legal variation of the reference and judge it.

The mirror of the kill matrix. A variation is conformant behaviour; any failed, warning or
broken verdict it produces is a defect of the suite (a check stricter than the spec, a row not
gated by capability, a wait that ignores the implementation's own rules). Skips are fine: the
variation's profile declares less, and the scenario says why it skipped.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from harness.profiles.loader import REFERENCE_PROFILE
from harness.reference.variations import Variation, merge_profile
from harness.selftest.runner import FaultRun

NOT_GREEN = ("failed", "warning", "broken", "blocked")


@dataclass
class VariationOutcome:
    variation: str
    role: str
    description: str
    citation: str
    returncode: int
    counts: dict = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)   # one per non-green scenario row

    @property
    def green(self) -> bool:
        return not self.problems and self.returncode in (0, 1) and bool(self.counts)


def variation_profile(variation: Variation, directory: Path) -> Path:
    """The embedded reference profile with the variation switched on and its patch merged."""
    document = yaml.safe_load(REFERENCE_PROFILE.read_text())
    document = merge_profile(document, variation.profile)
    reference = document.setdefault("reference", {})
    reference["variations"] = [variation.name]
    document["name"] = f"reference-{variation.name}"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "profile.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def judge_variation(variation: Variation, run: FaultRun) -> VariationOutcome:
    outcome = VariationOutcome(variation.name, variation.role, variation.description,
                               variation.citation, run.returncode)
    if run.results is None:
        outcome.problems.append({"scenario": "-", "status": "broken",
                                 "message": run.output_tail[-1500:]})
        return outcome
    for row in run.results.get("scenarios", []):
        outcome.counts[row["status"]] = outcome.counts.get(row["status"], 0) + 1
        if row["status"] not in NOT_GREEN:
            continue
        bad = [c for c in row.get("checks", []) if c["status"] in ("failed", "warning")]
        outcome.problems.append({
            "scenario": row["id"], "variant": row.get("variant") or {}, "status": row["status"],
            "checks": [{"check": c["id"], "requirement": c["requirement"],
                        "message": c["message"], "expected": c.get("expected"),
                        "actual": c.get("actual")} for c in bad],
            "message": (row.get("message") or "")[:600]})
    return outcome


def write_variation_matrix(outcomes: list[VariationOutcome], reports: Path) -> dict:
    green = sum(o.green for o in outcomes)
    doc = {"variations": len(outcomes), "green": green,
           "matrix": [asdict(o) | {"green": o.green} for o in outcomes]}
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "variations.json").write_text(json.dumps(doc, indent=2, default=str))
    lines = ["# Variation matrix", "",
             "Each row runs the suite against the reference with one legal variation switched "
             "on: behaviour the specs allow that the reference does not show by default. Every "
             "row must be green (passed, or skipped because the variation declares less).", "",
             f"Green: **{green}/{len(outcomes)}**.", "",
             "| variation | role | allowed by | outcome | non-pass (check: message) |",
             "|---|---|---|---|---|"]
    for o in sorted(outcomes, key=lambda o: (o.role, o.variation)):
        counts = ", ".join(f"{n} {s}" for s, n in sorted(o.counts.items()))
        issues = "; ".join(_describe(p) for p in o.problems) or "-"
        lines.append(f"| `{o.variation}` | {o.role} | {_cell(o.citation)} | "
                     f"{'green' if o.green else '**NOT GREEN**'} ({counts}) | {_cell(issues)} |")
    (reports / "variations.md").write_text("\n".join(lines) + "\n")
    return doc


def _describe(problem: dict) -> str:
    checks = ", ".join(f"{c['check']}: {c['message']}" for c in problem.get("checks", []))
    return f"{problem['scenario']} {problem['status']}" + (f" ({checks})" if checks else
                                                           f" ({problem['message'][:160]})")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
