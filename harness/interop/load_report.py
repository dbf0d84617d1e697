"""reports/load.{json,md} and the latency histogram picture reports/load-latency.svg."""
from __future__ import annotations

import json
from pathlib import Path

from harness.interop.load_stats import histogram_svg
from harness.interop.report_md import _md


def _latency_row(name: str, lat: dict) -> str:
    return (f"| {name} | {lat['count']} | {lat['p50']} | {lat['p95']} | {lat['p99']} | "
            f"{lat['max']} |")


def render_markdown(result: dict) -> str:
    shape = result["shape"]
    role = "transmitter (pushing SETs at the receiver)" if result["role"] == "transmitter" \
        else "receiver (the transmitter emits through its trigger)"
    lines = ["# Load run", "",
             f"Target **{_md(result['target'])}**, the suite as {role}; count {shape['count']}, "
             f"concurrency {shape['concurrency']}, rate "
             f"{shape['rate'] or 'unbounded'}/s, duration bound {shape['duration']} s.", ""]
    if result["role"] == "transmitter":
        lines += [f"- sent {result['sent']}, accepted {result['accepted']} in "
                  f"{result['seconds']} s: **{result['accepted_per_second']} accepted/s**",
                  f"- lost (accepted, not in the receiver's event log): {result['lost']}"
                  + (f" ({_md(result['lost_note'])})" if result.get("lost_note") else ""),
                  "- errors by err: " + (", ".join(f"{_md(k)} {v}" for k, v in
                                                    result["errors"].items()) or "none"), "",
                  "| push | samples | p50 ms | p95 ms | p99 ms | max ms |",
                  "|---|---|---|---|---|---|", _latency_row("push", result["latency_ms"])]
    else:
        lines += ["| method | triggered | delivered | lost | duplicates | delivered/s | p50 ms | "
                  "p95 ms | p99 ms |", "|---|---|---|---|---|---|---|---|---|"]
        for method, m in result["methods"].items():
            if "error" in m:
                lines.append(f"| {method} | {_md(m['error'])} |||||||| ")
                continue
            lat = m["latency_ms"]
            lines.append(f"| {method} | {m['triggered']} | {m['delivered']} | {m['lost']} | "
                         f"{m['duplicates']} | {m['delivered_per_second']} | {lat['p50']} | "
                         f"{lat['p95']} | {lat['p99']} |")
        failed = {k: v for m in result["methods"].values()
                  for k, v in (m.get("triggers_failed") or {}).items()}
        if failed:
            lines += ["", "Trigger failures: " + ", ".join(f"{_md(k)} ({v})"
                                                         for k, v in failed.items())]
        lines += ["", f"Poll drains in batches of maxEvents={result['max_events']}, "
                  "acknowledging each batch in the next request."]
    lines += ["", "![latency histogram](load-latency.svg)", ""]
    return "\n".join(lines)


def histograms(result: dict) -> dict[str, list[dict]]:
    if result["role"] == "transmitter":
        return dict(result["histogram"])
    return {m: r.get("histogram", []) for m, r in result["methods"].items()}


def write_load_reports(result: dict, reports: Path) -> dict[str, Path]:
    reports.mkdir(parents=True, exist_ok=True)
    paths = {"json": reports / "load.json", "md": reports / "load.md",
             "svg": reports / "load-latency.svg"}
    paths["json"].write_text(json.dumps(result, indent=2) + "\n")
    paths["md"].write_text(render_markdown(result))
    paths["svg"].write_text(histogram_svg(histograms(result),
                                          f"{result['target']}: latency, ms"))
    return paths
