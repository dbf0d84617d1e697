"""The human-readable conformance statement, rendered from the same dict as the signed JSON."""
from __future__ import annotations

from harness.reporting.statement import REQUIREMENT_STATUSES


def _ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids) if ids else "none"


def _root_causes(causes: list[dict]) -> list[str]:
    """The statement opens with the root causes: each once, what it blocked, what to do."""
    if not causes:
        return []
    lines = ["## Root causes (read these first)", "",
             "Each is a precondition that failed once; the scenarios that needed it were not "
             "evaluated (blocked), and their requirements are not counted as failed.", ""]
    for cause in causes:
        evidence = ", ".join(f"`{e}`" for e in cause.get("evidence") or []) or "none"
        lines += [f"- **{cause.get('id')}** ({cause.get('precondition')}): "
                  f"{cause.get('summary')}",
                  f"  - expected `{cause.get('expected')!r}`, actual `{cause.get('actual')!r}`;"
                  f" evidence {evidence}; reported by "
                  f"{_ids(cause.get('reported_by') or [])}",
                  f"  - blocked {cause.get('blocked', 0)} scenario(s)",
                  f"  - what to do: {cause.get('advice')}"]
    return lines + [""]


def _not_evaluated(blocked: list[dict]) -> list[str]:
    lines = ["", "## Scenarios not evaluated (blocked by a root cause)", ""]
    by_cause: dict[str, list[str]] = {}
    for entry in blocked:
        by_cause.setdefault(entry.get("blocked_by") or "?", []).append(entry["scenario"])
    for cause, scenarios in by_cause.items():
        # Counted as the summary counts scenarios (each Examples row once); ids listed once.
        lines.append(f"- `{cause}` ({len(scenarios)}): {_ids(sorted(set(scenarios)))}")
    if not by_cause:
        lines.append("none")
    return lines


def render_markdown(statement: dict) -> str:
    suite = statement.get("suite") or {}
    target = statement.get("target") or {}
    run = statement.get("run") or {}
    scenarios = statement.get("scenarios") or {}
    key = statement.get("signing_key") or {}
    lines = [
        f"# SSF conformance statement: {target.get('name')}",
        "",
        *_root_causes(statement.get("root_causes") or []),
        "| | |",
        "|---|---|",
        f"| Target | {target.get('name')} ({target.get('description') or 'no description'}) |",
        f"| Embedded reference | {'yes' if target.get('embedded') else 'no'} |",
        f"| Profile | {statement.get('profile')} |",
        f"| Roles | {', '.join(statement.get('roles') or []) or 'none'} |",
        *[f"| {role.capitalize()} URL | {url} |"
          for role, url in (target.get("urls") or {}).items()],
        f"| Selection | {(statement.get('selection') or {}).get('tags') or 'all scenarios'} |",
        f"| Suite | {suite.get('name')} {suite.get('version')}"
        f"{' commit ' + suite['commit'] if suite.get('commit') else ''}"
        f"{' (strict: SHOULD failures fail)' if suite.get('strict') else ''} |",
        f"| Run | {run.get('started_at')} to {run.get('finished_at')} |",
        f"| Outcome | **{statement.get('outcome')}** |",
        "| Scenarios | " + ", ".join(f"{n} {k}" for k, n in scenarios.items()) + " |",
        "",
        "## Requirements by level",
        "",
        "| Level | " + " | ".join(REQUIREMENT_STATUSES) + " |",
        "|---|" + "---:|" * len(REQUIREMENT_STATUSES),
    ]
    counts = statement.get("requirement_counts") or {}
    for level, row in counts.items():
        lines.append(f"| {level} | " + " | ".join(str(row.get(s, 0))
                                                   for s in REQUIREMENT_STATUSES) + " |")
    by_level = statement.get("requirements") or {}
    for status, title in (("failed", "Failed requirements"), ("warning", "Warnings"),
                          ("blocked", "Not evaluated: blocked by a root cause"),
                          ("untested", "Untested requirements")):
        lines += ["", f"## {title}", ""]
        for level, statuses in by_level.items():
            ids = statuses.get(status) or []
            if ids:
                lines.append(f"- **{level}** ({len(ids)}): {_ids(ids)}")
        if lines[-1] == "":
            lines.append("none")
    lines += _not_evaluated(statement.get("not_evaluated") or [])
    lines += [
        "", "## Verifying this statement", "",
        "This file, `conformance-statement.json` and the bound artifacts are covered by the "
        "detached JWS `conformance-statement.json.jws`. Check them with:",
        "", "    ssf-conformance verify-statement conformance-statement.json "
        "--expect-thumbprint <thumbprint>", "",
        f"Signing key `{key.get('kid')}`, JWK thumbprint (SHA-256): "
        f"`{key.get('thumbprint_sha256')}`.", "",
        statement.get("trust_note", ""), "",
    ]
    return "\n".join(lines)
