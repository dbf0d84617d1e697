"""The results.json contract (issue 4, item 7) built from scenario records."""
from __future__ import annotations

import json
from pathlib import Path

from harness.catalog import load_catalog
from harness.results.identity import suite_identity
from harness.results.root_causes import collect_root_causes

SUMMARY_KEYS = ("passed", "failed", "warning", "skipped", "blocked", "broken")
# Requirement status from its checks, strongest first.
_REQ_ORDER = ("failed", "warning", "passed")


def requirement_statuses(scenarios: list[dict], roles: tuple[str, ...]) -> dict:
    catalog = load_catalog()
    out: dict[str, dict] = {}
    for rid in catalog.ids():
        req = catalog.get(rid)
        # "both" binds a transmitter and a receiver, not a trust directory.
        if req.role not in roles and not (req.role == "both"
                                          and {"transmitter", "receiver"} & set(roles)):
            continue
        out[rid] = {"level": req.level, "status": "untested", "scenarios": []}
    for sc in scenarios:
        for check in sc.get("checks", []):
            for rid in check["requirements"]:
                entry = out.setdefault(rid, {"level": catalog.get(rid).level,
                                             "status": "untested", "scenarios": []})
                if sc["id"] not in entry["scenarios"]:
                    entry["scenarios"].append(sc["id"])
                status = check["status"]  # passed | failed | warning | info
                if status == "info":
                    # a MAY-level shortfall is recorded but neither passes nor fails the rule
                    continue
                if entry["status"] == "untested" or (
                        _REQ_ORDER.index(status) < _REQ_ORDER.index(entry["status"])):
                    entry["status"] = status
    for sc in scenarios:
        if sc.get("status") != "blocked":
            continue
        # Not evaluated: the scenario written for these requirements was blocked by a root
        # cause. Never "failed" (the root cause's own finding carries the failure).
        for rid in sc.get("requirements", []):
            entry = out.get(rid)
            if entry is None:
                continue
            if sc["id"] not in entry["scenarios"]:
                entry["scenarios"].append(sc["id"])
            if entry["status"] == "untested":
                entry["status"] = "blocked"
    return out


# Profile fields naming files on the machine that ran the suite: results.json keeps their names
# only (it travels to CI artifacts and auditors; an absolute path says nothing there).
_FILE_FIELDS = {"source", "ca_file", "client_cert", "client_key", "upstream_ca", "cert_file",
                "key_file", "state_dir", "expected"}


def portable(value, key: str = ""):
    """`value` (the public profile) with local file paths reduced to their file names."""
    if isinstance(value, dict):
        return {k: portable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [portable(v, key) for v in value]
    if key in _FILE_FIELDS and isinstance(value, str) and value:
        return Path(value).name
    return value


def target_urls(target: dict) -> dict:
    """Where each tested implementation was reached (embedded references: none)."""
    urls = {}
    tx, rx = target.get("transmitter") or {}, target.get("receiver") or {}
    if tx and not tx.get("embedded"):
        urls["transmitter"] = tx.get("metadata_url") or tx.get("issuer")
    if rx and not rx.get("embedded"):
        urls["receiver"] = (rx.get("delivery") or {}).get("endpoint_url") or rx.get("base_url")
    return {role: url for role, url in urls.items() if url}


def build_results(scenarios: list[dict], *, target: dict, roles: tuple[str, ...],
                  started_at: str, finished_at: str, strict: bool = False,
                  tags: str | None = None, interrupted: bool = False) -> dict:
    summary = {k: 0 for k in SUMMARY_KEYS}
    for sc in scenarios:
        summary[sc["status"]] = summary.get(sc["status"], 0) + 1
    return {
        "suite": {**suite_identity(), "strict": strict},
        "target": portable(target),
        "target_urls": target_urls(target),
        "roles": list(roles),
        # What was asked for: a statement about a subset must say which subset.
        "selection": {"roles": list(roles), "tags": tags},
        "interrupted": interrupted,   # Ctrl-C: the scenarios listed are all that ran
        "started_at": started_at,
        "finished_at": finished_at,
        "summary": summary,
        # Read these first: each failed precondition once, with the scenarios it blocked.
        "root_causes": collect_root_causes(scenarios),
        "scenarios": sorted(scenarios, key=lambda s: s["id"]),
        "requirements": requirement_statuses(scenarios, roles),
    }


def write_results(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(document, indent=2, sort_keys=False, default=str))
    tmp.replace(path)
