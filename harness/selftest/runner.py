"""Run the conformance suite once with a set of reference faults switched on."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from harness.suite.profiles import PROJECT_ROOT


@dataclass(frozen=True)
class FaultRun:
    fault: str | None
    role: str
    returncode: int
    results: dict | None
    output_tail: str
    reports: str | None = None    # the run's reports folder (exchanges, evidence)

    def scenario_status(self) -> dict[str, str]:
        """Scenario id (+ variant) → worst status among its rows."""
        order = ("broken", "failed", "warning", "blocked", "skipped", "passed")
        out: dict[str, str] = {}
        for sc in (self.results or {}).get("scenarios", []):
            prev = out.get(sc["id"])
            if prev is None or order.index(sc["status"]) < order.index(prev):
                out[sc["id"]] = sc["status"]
        return out

    def failed_checks(self) -> set[str]:
        return {c["id"] for sc in (self.results or {}).get("scenarios", [])
                for c in sc.get("checks", []) if c["status"] in ("failed", "warning")}


def run_with_fault(fault: str | None, role: str, reports: Path,
                   timeout: float = 600.0, extra_args: tuple[str, ...] = ()) -> FaultRun:
    env = {**os.environ, "SSF_REFERENCE_FAULTS": fault or ""}
    cmd = [sys.executable, "-m", "harness", "run", "--role", role, "--reports", str(reports),
           *extra_args]
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)
    results_path = reports / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    return FaultRun(fault, role, proc.returncode, results,
                    (proc.stdout + proc.stderr)[-3000:], str(reports))
