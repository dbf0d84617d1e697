"""A scenario's evidence: the recorded (redacted) exchanges of every proxy since its marks,
each with a curl line, written to reports/evidence/<scenario>.json."""
from __future__ import annotations

import json
from pathlib import Path


def collect_exchanges(proxies: dict, marks: dict) -> list[dict]:
    out = []
    for name, proxy in proxies.items():
        for exchange in proxy.exchanges(since=marks.get(name)):
            item = exchange.to_dict()
            item["proxy"] = name
            item["curl"] = exchange.to_curl()
            out.append(item)
    return out


def write_evidence_file(run_dir: Path, scenario_key: str, exchanges: list[dict]) -> Path | None:
    if not exchanges:
        return None
    path = run_dir / "evidence" / f"{scenario_key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(exchanges, indent=2))
    return path
