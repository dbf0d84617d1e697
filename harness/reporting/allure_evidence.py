"""Evidence attachments for Allure: a decoded SET (JOSE header and claims) and its schema errors
with their JSON pointers.

The HTTP exchanges themselves are attached by the suite plugin from reports/evidence/<id>.json,
already redacted by the recording proxy; a SET carries no credentials, so header and claims are
attached as received."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable


def schema_error_dicts(errors: Iterable[Any]) -> list[dict]:
    """Plain dicts from harness.schemas.SchemaError objects (or dicts, or strings)."""
    out = []
    for err in errors or ():
        if hasattr(err, "to_dict"):
            out.append(err.to_dict())
        elif isinstance(err, dict):
            out.append(dict(err))
        else:
            out.append({"pointer": None, "message": str(err)})
    return out


def schema_errors_text(errors: list[dict]) -> str:
    """One line per error, pointer first: easy to read next to the claims."""
    lines = []
    for err in errors:
        reqs = err.get("requirements") or []
        suffix = f" [{', '.join(reqs)}]" if reqs else ""
        keyword = f" ({err['keyword']})" if err.get("keyword") else ""
        lines.append(f"{err.get('pointer') or '/'}: {err.get('message')}{keyword}{suffix}")
    return "\n".join(lines)


def attach_set(allure, decoded_header: dict, claims: dict, schema_errors=()) -> None:
    """Attach the decoded SET and, when there are any, its schema errors to the current step."""
    json_type = allure.attachment_type.JSON
    allure.attach(json.dumps(decoded_header, indent=2, sort_keys=True, default=str),
                  name="SET header (decoded)", attachment_type=json_type)
    allure.attach(json.dumps(claims, indent=2, sort_keys=True, default=str),
                  name="SET claims (decoded)", attachment_type=json_type)
    errors = schema_error_dicts(schema_errors)
    if errors:
        allure.attach(json.dumps(errors, indent=2, default=str),
                      name=f"schema errors ({len(errors)})", attachment_type=json_type)
        allure.attach(schema_errors_text(errors), name="schema errors (by JSON pointer)",
                      attachment_type=allure.attachment_type.TEXT)


def curl_lines(exchanges: list[dict], exchange_ids: Iterable[str] = ()) -> list[str]:
    """The recorded curl line of each cited exchange, in recording order (all when none cited).

    The proxy wrote these lines from redacted records: a credential shows as ${TOKEN}."""
    wanted = set(exchange_ids)
    chosen = [ex for ex in exchanges if not wanted or ex.get("id") in wanted] or exchanges
    lines = []
    for ex in chosen:
        if ex.get("curl"):
            request = ex.get("request") or {}
            lines.append(f"# {request.get('method', '')} {request.get('url', '')} "
                         f"(exchange {ex.get('id')})\n{ex['curl']}")
    return lines


def attach_evidence(allure, path, checks=()) -> None:
    """Attach a scenario's recorded exchanges (reports/evidence/<id>.json) and, when a check did
    not pass, the curl lines that reproduce the requests that check cites."""
    path = Path(path)
    allure.attach.file(str(path), name="recorded HTTP exchanges (redacted)",
                       attachment_type=allure.attachment_type.JSON)
    failing = [c for c in checks if c.status in ("failed", "warning")]
    if not failing:
        return
    try:
        exchanges = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # the JSON attachment above still shows whatever was written
    cited = [eid for c in failing for eid in c.evidence]
    lines = curl_lines(exchanges if isinstance(exchanges, list) else [], cited)
    if lines:
        header = ("# Reproduce the request(s) behind the failing check(s).\n"
                  "# Export the credential first, e.g. TOKEN=...; it was redacted.\n")
        allure.attach(header + "\n\n".join(lines), name="reproduce with curl",
                      attachment_type=allure.attachment_type.TEXT)
