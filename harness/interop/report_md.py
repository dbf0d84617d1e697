"""reports/matrix.md: the grid as a Markdown table (one row per pair, one column per flow and
method), the reasons of every cell that is not green, and the push-vs-poll comparison."""
from __future__ import annotations

SYMBOL = {"green": "🟩", "yellow": "🟨", "red": "🟥", "grey": "⬜"}


def _md(text: object) -> str:
    """Table-safe text: no pipes or line breaks from an implementation's strings; markup
    characters are escaped so a renderer shows them as text."""
    out = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "<>`*_[]":
        out = out.replace(ch, "\\" + ch)
    return out


def pair_name(pair: dict) -> str:
    return f"{pair['transmitter']['name']} → {pair['receiver']['name']}"


def columns(matrix: dict) -> list[tuple[str, str]]:
    return [(f, m) for m in matrix["methods"] for f in matrix["flows"]]


def cell_of(pair: dict, flow: str, method: str) -> dict | None:
    return next((c for c in pair["cells"] if c["flow"] == flow and c["method"] == method), None)


def _label(cell: dict | None) -> str:
    if cell is None:
        return ""
    latency = f" {cell['latency_ms']:.0f} ms" if cell.get("latency_ms") is not None \
        and cell["colour"] in ("green", "yellow") else ""
    return SYMBOL[cell["colour"]] + latency


def render_markdown(matrix: dict) -> str:
    cols = columns(matrix)
    t = matrix["totals"]
    lines = ["# Interop matrix", "",
             f"{matrix['suite']}, {matrix['generated_at']}; {len(matrix['pairs'])} pair(s) in "
             f"{matrix['seconds']} s ({matrix['workers']} worker(s)).", "",
             f"{SYMBOL['green']} {t['green']} delivered, accepted, acted on · "
             f"{SYMBOL['yellow']} {t['yellow']} accepted, action not seen · "
             f"{SYMBOL['red']} {t['red']} failed · {SYMBOL['grey']} {t['grey']} not applicable",
             "", "| pair | " + " | ".join(f"{f} ({m})" for f, m in cols) + " |",
             "|---|" + "---|" * len(cols)]
    for pair in matrix["pairs"]:
        lines.append(f"| {_md(pair_name(pair))} | "
                     + " | ".join(_label(cell_of(pair, f, m)) for f, m in cols) + " |")
    lines += ["", "## Reasons", ""]
    reasons = [(pair, c) for pair in matrix["pairs"] for c in pair["cells"]
               if c["colour"] != "green"]
    for pair, c in reasons:
        lines.append(f"- {SYMBOL[c['colour']]} {_md(pair_name(pair))}, {c['flow']} "
                     f"({c['method']}): {_md(c['reason'] or 'no reason given')}")
    if not reasons:
        lines.append("Every cell is green.")
    lines += ["", "## Push vs poll", "",
              "| pair | method | median latency (ms) | burst: SETs/request | burst: all received "
              "(s) | paused stream |", "|---|---|---|---|---|---|"]
    for pair in matrix["pairs"]:
        for method, comp in (pair.get("comparison") or {}).items():
            burst, paused = comp.get("burst") or {}, comp.get("paused") or {}
            note = _md(burst.get("error") or burst.get("skipped") or "")
            lines.append(
                f"| {_md(pair_name(pair))} | {method} | {comp['latency_ms']['median']} | "
                f"{burst.get('sets_per_request', note)} | "
                f"{burst.get('seconds', '')} | "
                f"{_md(paused.get('behaviour', paused.get('error', '')))} |")
    return "\n".join(lines) + "\n"
