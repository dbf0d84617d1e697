"""Kill matrix: for each fault, did the scenarios meant to catch it fail? Plus collateral
(other scenarios that failed) and the checks no fault ever made fail."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KILLS_FILE = Path(__file__).with_name("kills.yaml")
NOT_PASSED = ("failed", "warning")


@dataclass
class FaultOutcome:
    fault: str
    role: str
    catching: list[str]
    caught_by: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    collateral: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    @property
    def killed(self) -> bool:
        return bool(self.caught_by)


@dataclass(frozen=True)
class KillSpec:
    scenarios: tuple[str, ...]
    checks: tuple[str, ...]
    profile: str | None = None   # repository-relative profile the fault runs against


def load_kills(path: Path | None = None, root: Path | None = None) -> dict[str, KillSpec]:
    """Declarations from kills.yaml plus kills_*.yaml beside it (one file per role or
    dialect). A file's optional top-level `profile:` (a path relative to the repository root,
    `root`) is the target of all its faults' runs, e.g. a dialect emulator's embedded profile;
    without it they run against the embedded reference."""
    from harness.suite.profiles import PROJECT_ROOT
    root = root or PROJECT_ROOT
    paths = [path] if path else sorted(KILLS_FILE.parent.glob("kills*.yaml"))
    out: dict[str, KillSpec] = {}
    for one in paths:
        doc = yaml.safe_load(one.read_text()) or {}
        profile = _profile_of(one, doc, root)
        for name, spec in (doc.get("faults") or {}).items():
            if name in out:
                raise ValueError(f"{one.name}: fault {name} is declared twice")
            out[name] = KillSpec(tuple(spec.get("scenarios") or ()),
                                 tuple(spec.get("checks") or ()), profile)
    return out


def _profile_of(path: Path, doc: dict, root: Path) -> str | None:
    profile = doc.get("profile")
    if profile is None:
        return None
    if not isinstance(profile, str) or Path(profile).is_absolute():
        raise ValueError(f"{path.name}: profile must be a path relative to the repository root")
    if not (root / profile).is_file():
        raise ValueError(f"{path.name}: profile {profile} does not exist")
    return profile


def judge(fault: str, role: str, catching: list[str], statuses: dict[str, str]) -> FaultOutcome:
    outcome = FaultOutcome(fault, role, catching)
    for sid in catching:
        (outcome.caught_by if statuses.get(sid) in NOT_PASSED else outcome.missed).append(sid)
    outcome.collateral = sorted(s for s, st in statuses.items()
                                if st in NOT_PASSED and s not in catching)
    outcome.broken = sorted(s for s, st in statuses.items() if st == "broken")
    return outcome


def write_matrix(outcomes: list[FaultOutcome], unkilled_checks: list[str], reports: Path) -> dict:
    killed = sum(o.killed for o in outcomes)
    doc = {
        "faults": len(outcomes), "killed": killed,
        "kill_rate": round(killed / len(outcomes), 4) if outcomes else 0.0,
        "unkilled_checks": unkilled_checks,
        "matrix": [o.__dict__ | {"killed": o.killed} for o in outcomes],
    }
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "mutation.json").write_text(json.dumps(doc, indent=2))
    lines = ["# Kill matrix", "",
             f"Kill rate: **{killed}/{len(outcomes)}** "
             f"({doc['kill_rate'] * 100:.1f} %). Checks no fault made fail: "
             f"{', '.join(unkilled_checks) or 'none'}.", "",
             "| fault | role | catching scenarios | killed | collateral |",
             "|---|---|---|---|---|"]
    for o in outcomes:
        lines.append(f"| `{o.fault}` | {o.role} | {', '.join(o.catching)} | "
                     f"{'yes: ' + ', '.join(o.caught_by) if o.killed else '**NO**'} | "
                     f"{', '.join(o.collateral) or '-'} |")
    (reports / "mutation.md").write_text("\n".join(lines) + "\n")
    return doc
