"""The conformance statement: what was tested (target, profile, roles), the root causes first
(each failed precondition once, with what it blocked), and, per requirement level, which
requirements passed, failed, warned, were not evaluated because a root cause blocked their
scenarios ("blocked"), or stayed untested, built from results.json. A blocked scenario is never
a failed requirement.

The JSON file is written in one canonical form (sorted keys, two-space indent, UTF-8, final
newline) and signed over its exact bytes (see harness.reporting.signing), so any edit, even of
whitespace, breaks the signature. The Markdown is rendered from the same data; its SHA-256 and
those of results.json and junit.xml are inside the signed JSON."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from harness.catalog import LEVELS

FORMAT = "ssf-conformance-statement/1"
REQUIREMENT_STATUSES = ("passed", "failed", "warning", "blocked", "untested")
# What the statement keeps of each root cause (results.json has the same and more).
ROOT_CAUSE_FIELDS = ("id", "precondition", "summary", "expected", "actual", "evidence",
                     "advice", "reported_by", "blocked", "blocked_scenarios")
STATEMENT_JSON = "conformance-statement.json"
STATEMENT_MD = "conformance-statement.md"
# Artifacts next to the statement whose hashes the statement carries.
BOUND_ARTIFACTS = ("results.json", "junit.xml")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def canonical_bytes(document: dict) -> bytes:
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def requirements_by_level(requirements: dict) -> dict:
    """{level: {status: [ids…]}} for every level, statuses in a fixed order."""
    table = {level: {status: [] for status in REQUIREMENT_STATUSES} for level in LEVELS}
    for rid, entry in sorted(requirements.items()):
        status = entry.get("status", "untested")
        level = entry.get("level", "INFO")
        table.setdefault(level, {s: [] for s in REQUIREMENT_STATUSES})
        table[level].setdefault(status, []).append(rid)
    return table


def overall_outcome(summary: dict) -> str:
    if summary.get("broken"):
        return "harness errors"
    if summary.get("failed"):
        return "failed"
    if summary.get("warning"):
        return "passed with warnings"
    return "passed"


def root_causes(results: dict) -> list[dict]:
    return [{k: cause.get(k) for k in ROOT_CAUSE_FIELDS}
            for cause in results.get("root_causes") or []]


def not_evaluated(results: dict) -> list[dict]:
    """Blocked scenarios: not evaluated, each with the root cause that blocked it."""
    return [{"scenario": sc["id"], "variant": sc.get("variant") or {},
             "blocked_by": (sc.get("blocked_by") or {}).get("id")}
            for sc in results.get("scenarios") or [] if sc.get("status") == "blocked"]


def build_statement(results: dict, *, artifacts: dict[str, str], signing_key: dict,
                    generated_at: str) -> dict:
    """The statement document (without signature). `artifacts` maps file names to SHA-256."""
    target = results.get("target") or {}
    by_level = requirements_by_level(results.get("requirements") or {})
    counts = {level: {status: len(ids) for status, ids in statuses.items()}
              for level, statuses in by_level.items()}
    summary = results.get("summary") or {}
    return {
        "format": FORMAT,
        "generated_at": generated_at,
        "suite": results.get("suite") or {},
        "target": {"name": target.get("name"), "description": target.get("description"),
                   "embedded": bool(target.get("embedded", False)),
                   "urls": results.get("target_urls") or {}},
        # A statement about a subset says which subset (roles, --tags), and whether it ended
        # early (Ctrl-C).
        "selection": results.get("selection") or {"roles": list(results.get("roles") or []),
                                                   "tags": None},
        "interrupted": bool(results.get("interrupted")),
        "profile": (target.get("variant") or {}).get("profile", "ssf"),
        "roles": list(results.get("roles") or []),
        "run": {"started_at": results.get("started_at"),
                "finished_at": results.get("finished_at")},
        "outcome": ("interrupted" if results.get("interrupted")
                    else overall_outcome(summary)),
        "root_causes": root_causes(results),
        "scenarios": dict(summary),
        "not_evaluated": not_evaluated(results),
        "requirement_counts": counts,
        "requirements": by_level,
        "artifacts": {name: {"sha256": digest} for name, digest in sorted(artifacts.items())},
        "signing_key": signing_key,
        "trust_note": ("The signature proves these files are unchanged since the suite signed "
                       "them with the key above. The key is generated by the suite, so it "
                       "proves identity only if you obtained its thumbprint independently."),
    }


def artifact_hashes(reports: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    out = {name: sha256_file(reports / name) for name in BOUND_ARTIFACTS
           if (reports / name).is_file()}
    out.update(extra or {})
    return out


def load_results(reports: Path) -> dict:
    """results.json of a finished run; ValueError with a plain message when unusable."""
    path = reports / "results.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path} does not exist: run `ssf-conformance run` first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} is not a readable results.json: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("summary"), dict):
        raise ValueError(f"{path} is not a results.json of this suite (no summary)")
    if not data.get("scenarios"):
        raise ValueError(f"{path} holds no scenario (the selection matched none): nothing to "
                         "sign")
    return data
