"""The interop matrix: every transmitter profile × every receiver profile, each pair in its own
servers and state, pairs in parallel in a process pool; then reports/matrix.{json,md,html}.

Workers get profile paths (not profile objects): each loads its profiles itself, so an embedded
profile's generated secrets never cross a process boundary.
"""
from __future__ import annotations

import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from harness.interop.pair_run import run_pair
from harness.results.identity import version_text

COLOURS = ("green", "yellow", "red", "grey")


@dataclass(frozen=True)
class MatrixPlan:
    transmitters: tuple[str, ...]
    receivers: tuple[str, ...]
    flows: tuple[str, ...]
    methods: tuple[str, ...]
    workers: int = 2

    def pairs(self) -> list[tuple[str, str]]:
        return [(t, r) for t in self.transmitters for r in self.receivers]


def run_matrix(plan: MatrixPlan, on_pair: Callable[[dict], None] = lambda r: None) -> dict:
    started = time.monotonic()
    pairs = plan.pairs()
    args = [(t, r, list(plan.flows), list(plan.methods)) for t, r in pairs]
    results: list[dict | None] = [None] * len(pairs)
    if plan.workers <= 1 or len(pairs) == 1:
        for i, a in enumerate(args):
            results[i] = run_pair(*a)
            on_pair(results[i])
    else:
        # spawn: a forked child would inherit the parent's threads' locks mid-flight.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(plan.workers, len(pairs)), mp_context=context) as pool:
            futures = {pool.submit(run_pair, *a): i for i, a in enumerate(args)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker died: that pair is grey
                    results[i] = _broken(args[i], f"{type(exc).__name__}: {exc}")
                on_pair(results[i])
    return {"suite": version_text(), "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                    time.gmtime()),
            "flows": list(plan.flows), "methods": list(plan.methods), "workers": plan.workers,
            "seconds": round(time.monotonic() - started, 2), "pairs": results,
            "totals": totals(results)}


def totals(pairs: list[dict]) -> dict:
    counts = dict.fromkeys(COLOURS, 0)
    for pair in pairs:
        for cell in pair["cells"]:
            counts[cell["colour"]] = counts.get(cell["colour"], 0) + 1
    return counts


def _broken(args: tuple, why: str) -> dict:
    from harness.interop.cells import grey
    tx, rx, flows, methods = args
    return {"transmitter": {"path": tx, "name": Path(tx).stem},
            "receiver": {"path": rx, "name": Path(rx).stem}, "error": why, "comparison": {},
            "cells": [grey(f, m, why).public() for m in methods for f in flows], "seconds": 0}


def write_reports(matrix: dict, reports: Path) -> dict[str, Path]:
    from harness.interop.report_html import render_html
    from harness.interop.report_md import render_markdown
    reports.mkdir(parents=True, exist_ok=True)
    paths = {"json": reports / "matrix.json", "md": reports / "matrix.md",
             "html": reports / "matrix.html"}
    paths["json"].write_text(json.dumps(matrix, indent=2, default=str) + "\n")
    paths["md"].write_text(render_markdown(matrix))
    paths["html"].write_text(render_html(matrix))
    return paths
