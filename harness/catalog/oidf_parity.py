"""How our scenarios compare with each OIDF module, as docs/oidf-mapping.md shows it: a parity
cell per module and, per role, each module's conditions with the checks that judge them."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.catalog.oidf import OidfModule

PARITY_LEGEND = (
    "Parity: **same** — our mapped scenarios check every condition the module checks, at least "
    "as strictly; **stricter (why)** — and some of our checks fail where the module only warns "
    "or does not look, each with a MUST behind it (their failed verdicts say \"beyond OIDF\", "
    "`harness/checks/beyond_oidf.py`); **pending** — not compared yet. A test keeps the "
    "conditions and checks below true (`tests/catalog/test_oidf_parity.py`).")


def parity_cell(module: OidfModule) -> str:
    if module.parity == "stricter":
        return f"stricter ({module.stricter})"
    return module.parity


def parity_counts(modules: list[OidfModule]) -> str:
    from harness.catalog.oidf import PARITIES
    return ", ".join(f"{sum(m.parity == p for m in modules)} {p}" for p in PARITIES)


def render_conditions(modules: list[OidfModule]) -> list[str]:
    """A "conditions" list for the modules that were compared."""
    compared = [m for m in modules if m.conditions]
    if not compared:
        return []
    out = ["", "### Conditions, module by module", ""]
    for module in compared:
        beyond = f" Beyond OIDF: {', '.join(f'`{c}`' for c in module.beyond)}." \
            if module.beyond else ""
        note = f" Note: {module.note}." if module.note else ""
        out.append(f"- `{module.name}` — **{module.parity}**.{beyond}{note}")
        for text, checks in module.conditions:
            out.append(f"  - {text} → {', '.join(f'`{c}`' for c in checks)}")
    return out
