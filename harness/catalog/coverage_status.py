"""Where each MUST row of the catalog stands: covered, justified-untestable, pending, or open.

* covered: at least one scenario claims the row with an `@req:` tag (tests/catalog keeps the
  claim honest: some check can name the row in a verdict, or the SET schemas name it);
* untestable: `untestable.yaml` says why a black-box suite cannot test it (one line a reviewer
  can challenge);
* pending: a receiver-role row the receiver work of issue 15 has not covered yet
  (`receiver_pending`), or a project-local row of another workstream (`pending_prefixes`, e.g.
  the trust directory's DIR-*); a pending row that gets covered must leave the list, so it can
  only shrink;
* open: none of these. `docs/coverage.md` shows them and a test fails while any is left.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness.catalog.model import Catalog
from harness.catalog.paths import ROOM_DIR

UNTESTABLE_YAML = ROOM_DIR / "untestable.yaml"
COVERED, UNTESTABLE, PENDING, OPEN = "covered", "untestable", "pending", "open"
STATUSES = (COVERED, UNTESTABLE, PENDING, OPEN)


class DecisionsError(ValueError):
    """untestable.yaml is malformed or names rows it may not."""


@dataclass(frozen=True)
class CoverageDecisions:
    untestable: dict[str, str]          # row id -> why it cannot be tested black-box
    receiver_pending: tuple[str, ...]   # receiver-role rows still to be covered
    pending_prefixes: dict[str, str] = field(default_factory=dict)  # id prefix -> whose work

    def pending(self, requirement_id: str) -> bool:
        return (requirement_id in self.receiver_pending
                or requirement_id.split("-", 1)[0] in self.pending_prefixes)


def load_decisions(path: Path = UNTESTABLE_YAML, catalog: Catalog | None = None
                   ) -> CoverageDecisions:
    """The decisions file; with `catalog`, every id must be one of its MUST rows, untestable
    reasons must be one non-empty line, and pending rows must bind the receiver only."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    untestable = data.get("untestable") or {}
    pending = data.get("receiver_pending") or []
    prefixes = data.get("pending_prefixes") or {}
    if not isinstance(untestable, dict) or not isinstance(pending, list) \
            or not isinstance(prefixes, dict):
        raise DecisionsError(f"{path}: 'untestable' and 'pending_prefixes' are mappings, "
                             "'receiver_pending' a list")
    problems = [f"{p}: say whose work the rows are" for p, why in prefixes.items()
                if not isinstance(why, str) or not why.strip()]
    for rid, reason in untestable.items():
        if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
            problems.append(f"{rid}: the reason is one non-empty line")
    for rid in sorted(set(untestable) & set(pending)):
        problems.append(f"{rid}: listed both as untestable and as receiver pending")
    if catalog is not None:
        for rid in list(untestable) + list(pending):
            if rid not in catalog:
                problems.append(f"{rid}: not a catalog requirement")
            elif catalog.get(rid).level != "MUST":
                problems.append(f"{rid}: level {catalog.get(rid).level}, only MUST rows "
                                "need a decision")
        for rid in pending:
            if rid in catalog and catalog.get(rid).role != "receiver":
                problems.append(f"{rid}: role {catalog.get(rid).role}; only receiver rows "
                                "may be pending")
    if problems:
        raise DecisionsError(f"{path}:\n" + "\n".join(problems))
    return CoverageDecisions({k: v.strip() for k, v in untestable.items()}, tuple(pending),
                             {k: v.strip() for k, v in prefixes.items()})


def row_status(requirement_id: str, covered: dict[str, list[str]],
               decisions: CoverageDecisions) -> str:
    if covered.get(requirement_id):
        return COVERED
    if requirement_id in decisions.untestable:
        return UNTESTABLE
    if decisions.pending(requirement_id):
        return PENDING
    return OPEN


def must_statuses(catalog: Catalog, covered: dict[str, list[str]],
                  decisions: CoverageDecisions) -> dict[str, str]:
    """MUST row id -> its status, in catalog order."""
    return {r.id: row_status(r.id, covered, decisions) for r in catalog if r.level == "MUST"}


def stale_decisions(statuses: dict[str, str], decisions: CoverageDecisions) -> list[str]:
    """Decisions a scenario has overtaken: a covered row still listed as untestable or pending
    (remove it from untestable.yaml so the file says only what is still true)."""
    listed = list(decisions.untestable) + list(decisions.receiver_pending)
    stale = [f"{rid}: covered by a scenario, remove it from untestable.yaml"
             for rid in listed if statuses.get(rid) == COVERED]
    for prefix in decisions.pending_prefixes:
        rows = [rid for rid in statuses if rid.split("-", 1)[0] == prefix]
        if rows and all(statuses[rid] == COVERED for rid in rows):
            stale.append(f"{prefix}-*: every row is covered, remove the prefix")
    return stale
