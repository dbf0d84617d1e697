"""The OIDF conformance-suite module list (`oidf_modules.yaml`) and `docs/oidf-mapping.md`.

    python -m harness.catalog.oidf           # (re)write docs/oidf-mapping.md
    python -m harness.catalog.oidf --check   # exit 1 if docs/oidf-mapping.md is stale

Each module also says how our scenarios compare with it (issue 15): `parity` is "same" (every
condition it checks, at least as strictly) or "stricter" (`stricter`: why, `beyond`: the checks
that fail where the module warns or does not look, each with a MUST behind it), or "pending"
for a role not yet compared; `conditions` maps each of its conditions to our checks, and
`note` records a deliberate difference. tests/catalog/test_oidf_parity.py keeps it true.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from harness.catalog.oidf_parity import (
    PARITY_LEGEND, parity_cell, parity_counts, render_conditions,
)
from harness.catalog.paths import FEATURES_DIR, OIDF_MAPPING_MD, OIDF_MODULES_YAML
from harness.catalog.scenarios import FeatureParseError, ScenarioInfo, collect_scenarios
from harness.catalog.docgen import write_or_check

COMMAND = "python -m harness.catalog.oidf"
ROLES = ("transmitter", "receiver")
SOURCES = ("snapshot-a", "index-b")
DELIVERIES = ("any", "push", "poll")
MAPPED, MISSING, UNMAPPED = "mapped", "missing scenario", "unmapped"
PARITIES = ("same", "stricter", "pending")
_REQUIRED = {"name", "source", "plans", "role", "delivery", "summary", "requirements", "scenarios",
             "parity"}
_OPTIONAL = {"stricter", "beyond", "note", "conditions"}


class ModuleListError(ValueError):
    """oidf_modules.yaml is malformed."""


@dataclass(frozen=True)
class OidfModule:
    name: str
    source: str
    plans: tuple[str, ...]
    role: str
    delivery: str
    summary: str
    requirements: tuple[str, ...]
    scenarios: tuple[str, ...]
    parity: str = "pending"
    stricter: str = ""                                    # why, when parity is "stricter"
    beyond: tuple[str, ...] = ()                          # our checks that are stricter
    note: str = ""
    conditions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (OIDF condition, our checks)


def _parity(entry: dict, where: str) -> dict:
    if entry["parity"] not in PARITIES:
        raise ModuleListError(f"{where}: parity {entry['parity']!r} not in {PARITIES}")
    stricter, beyond = entry.get("stricter") or "", entry.get("beyond") or []
    if (entry["parity"] == "stricter") != bool(stricter and beyond):
        raise ModuleListError(f"{where}: a 'stricter' module says why (stricter) and which "
                              "checks (beyond); no other module does")
    conditions = []
    for item in entry.get("conditions") or []:
        if not isinstance(item, dict) or set(item) != {"oidf", "checks"} \
                or not isinstance(item["checks"], list) or not item["checks"]:
            raise ModuleListError(f"{where}: each condition is {{oidf: text, checks: [ids]}}")
        conditions.append((str(item["oidf"]), tuple(item["checks"])))
    if entry["parity"] != "pending" and not conditions:
        raise ModuleListError(f"{where}: a compared module lists its conditions")
    return {"parity": entry["parity"], "stricter": str(stricter).strip(),
            "beyond": tuple(beyond), "note": str(entry.get("note") or "").strip(),
            "conditions": tuple(conditions)}


def _module(entry: dict, plans: dict, index: int) -> OidfModule:
    where = f"module #{index} ({entry.get('name', '?')})"
    if not _REQUIRED <= set(entry) or set(entry) - _REQUIRED - _OPTIONAL:
        raise ModuleListError(f"{where}: keys {sorted(entry)}, expected {sorted(_REQUIRED)} "
                              f"and optionally {sorted(_OPTIONAL)}")
    for key, allowed in (("source", SOURCES), ("role", ROLES), ("delivery", DELIVERIES)):
        if entry[key] not in allowed:
            raise ModuleListError(f"{where}: {key} {entry[key]!r} not in {allowed}")
    for key in ("plans", "requirements", "scenarios"):
        if not isinstance(entry[key], list) or not all(isinstance(v, str) for v in entry[key]):
            raise ModuleListError(f"{where}: {key} must be a list of strings")
    unknown_plans = set(entry["plans"]) - set(plans)
    if unknown_plans:
        raise ModuleListError(f"{where}: unknown plans {sorted(unknown_plans)}")
    if not isinstance(entry["summary"], str) or not entry["summary"].strip():
        raise ModuleListError(f"{where}: summary must be a non-empty string")
    return OidfModule(entry["name"], entry["source"], tuple(entry["plans"]), entry["role"],
                      entry["delivery"], entry["summary"].strip(), tuple(entry["requirements"]),
                      tuple(entry["scenarios"]), **_parity(entry, where))


def load_modules(path: Path = OIDF_MODULES_YAML) -> tuple[dict[str, str], list[OidfModule]]:
    """(plan name → description, modules in file order); raises ModuleListError."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
        raise ModuleListError(f"{path}: expected a mapping with a 'modules' list")
    plans = data.get("plans") or {}
    modules = [_module(entry, plans, i) for i, entry in enumerate(data["modules"], start=1)]
    names = [m.name for m in modules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ModuleListError(f"{path}: duplicate modules {duplicates}")
    return plans, modules


def module_status(module: OidfModule, scenario_ids: set[str]) -> str:
    if not module.scenarios:
        return UNMAPPED
    return MAPPED if set(module.scenarios) <= scenario_ids else MISSING


def mapping_problems(modules: list[OidfModule], scenarios: list[ScenarioInfo]) -> list[str]:
    """Modules without a scenario, and scenario ids that no feature defines."""
    known = {s.id for s in scenarios if s.id}
    problems = []
    for module in modules:
        if not module.scenarios:
            problems.append(f"{module.name}: no scenario mapped")
        for scenario_id in module.scenarios:
            if scenario_id not in known:
                problems.append(f"{module.name}: scenario {scenario_id} does not exist in features/")
    return problems


def render_mapping(plans: dict[str, str], modules: list[OidfModule],
                   scenarios: list[ScenarioInfo]) -> str:
    known = {s.id for s in scenarios if s.id}
    statuses = [module_status(m, known) for m in modules]
    out = [
        "# OIDF conformance-suite modules → our scenarios",
        "",
        f"Generated by `{COMMAND}` from `harness/catalog/oidf_modules.yaml` and the `@id:` tags",
        "of `features/`. Do not edit by hand; add scenario ids to the YAML and regenerate.",
        "Module list: `../shared/anchors/oidf-ssf-suite.md` §2.1, §2.2 (Snapshot A) and §3",
        "(Index B, newer commits; empty plans = plan membership not verified).",
        "",
        f"{len(modules)} modules: " + ", ".join(
            f"{statuses.count(s)} {s}" for s in (MAPPED, MISSING, UNMAPPED)) + "; parity: "
        + parity_counts(modules) + ".",
        "",
        PARITY_LEGEND,
        "",
        "Plans: " + "; ".join(f"`{name}` ({text})" for name, text in plans.items()) + ".",
    ]
    for role in ROLES:
        out += ["", f"## Implementation under test: {role}", "",
                "| OIDF module | source | delivery | what it checks | requirements | scenarios | "
                "status | parity |",
                "|---|---|---|---|---|---|---|---|"]
        for module, status in zip(modules, statuses):
            if module.role != role:
                continue
            scenarios_cell = ", ".join(f"`{s}`" for s in module.scenarios) or "—"
            requirements_cell = ", ".join(module.requirements) or "—"
            out.append(f"| `{module.name}` | {module.source} | {module.delivery} | "
                       f"{module.summary} | {requirements_cell} | {scenarios_cell} | {status} | "
                       f"{parity_cell(module)} |")
        out += render_conditions([m for m in modules if m.role == role])
    return "\n".join(out) + "\n"


def generate(features_dir: Path = FEATURES_DIR, modules_path: Path = OIDF_MODULES_YAML) -> str:
    plans, modules = load_modules(modules_path)
    return render_mapping(plans, modules, collect_scenarios(features_dir, missing_ok=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=Path, default=FEATURES_DIR)
    parser.add_argument("--modules", type=Path, default=OIDF_MODULES_YAML)
    parser.add_argument("--output", type=Path, default=OIDF_MAPPING_MD)
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    args = parser.parse_args(argv)
    try:
        text = generate(args.features, args.modules)
    except (ModuleListError, FeatureParseError, yaml.YAMLError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return write_or_check(args.output, text, args.check, COMMAND)


if __name__ == "__main__":
    sys.exit(main())
