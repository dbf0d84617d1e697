"""A small but complete results.json, built by the real results code from scenario records."""
from __future__ import annotations

import json
from pathlib import Path

from harness.results.document import build_results


def _check(cid: str, rid: str, level: str, status: str) -> dict:
    return {"id": cid, "requirement": rid, "requirements": [rid], "level": level,
            "status": status, "message": "m", "expected": None, "actual": None, "evidence": []}


def sample_results() -> dict:
    scenarios = [
        {"id": "TX-DISC-01", "name": "metadata", "feature": "f", "requirements": ["SSF-DISC-01"],
         "status": "passed", "checks": [_check("c1", "SSF-DISC-01", "MUST", "passed")],
         "message": "", "variant": {}, "evidence_files": []},
        {"id": "TX-DISC-02", "name": "issuer", "feature": "f", "requirements": ["SSF-DISC-04"],
         "status": "failed", "checks": [_check("c2", "SSF-DISC-04", "MUST", "failed")],
         "message": "boom", "variant": {}, "evidence_files": []},
        {"id": "TX-DISC-03", "name": "types", "feature": "f", "requirements": ["SSF-DISC-14"],
         "status": "warning", "checks": [_check("c3", "SSF-DISC-14", "SHOULD", "warning")],
         "message": "", "variant": {}, "evidence_files": []},
    ]
    target = {"name": "acme-tx", "description": "ACME transmitter: staging",
              "source": "/somewhere/profiles/acme.yaml", "variant": {"profile": "caep_interop"},
              "embedded": False}
    return build_results(scenarios, target=target, roles=("transmitter",),
                         started_at="2026-11-22T05:00:00+00:00",
                         finished_at="2026-11-22T05:01:00+00:00")


def write_sample_reports(reports: Path) -> dict:
    reports.mkdir(parents=True, exist_ok=True)
    results = sample_results()
    (reports / "results.json").write_text(json.dumps(results, indent=2))
    (reports / "junit.xml").write_text('<testsuites tests="3" failures="1"/>\n')
    return results
