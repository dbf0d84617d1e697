"""Run-level files Allure reads from allure-results: environment.properties, executor.json and
categories.json, all built from results.json (which holds only the public, secret-free
description of the target).

Allure 2 takes categories from categories.json; Allure 3 ("Awesome") ignores that file and takes
them from its config (`allure3_categories`, written into the allurerc by harness.reporting.html).
Both say the same thing: root causes first (each failed precondition once), the scenarios they
blocked, then timeouts, implementation failures, harness errors, and warnings."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from harness.reporting.allure_verdicts import VERDICT_LABEL, WARNING_TAG

# Messages of failures caused by a deadline (see harness.suite.http and harness.checks).
TIMEOUT_PATTERN = r"within the deadline|did not answer|timed out|[Tt]imeout"

# How a root cause's finding and the scenarios it blocked are worded (RootCause.headline and
# RootCause.blocked_message in harness.results.root_causes).
ROOT_CAUSE_PATTERN = r"ROOT CAUSE RC-"
BLOCKED_PATTERN = r"blocked by RC-"

CATEGORIES = [
    {"name": "Root causes", "statuses": ["failed", "broken"], "message": ROOT_CAUSE_PATTERN,
     "description": "A precondition other scenarios depend on failed (metadata discovery, "
                    "stream creation, the event trigger, receiver provisioning). Reported "
                    "once here; fix these first."},
    {"name": "Blocked by root cause", "statuses": ["skipped"], "message": BLOCKED_PATTERN,
     "description": "Not evaluated: the scenario's precondition failed the same way as a root "
                    "cause above. No verdict about the requirements it was written for."},
    {"name": "Timeouts", "statuses": ["failed", "broken"], "message": TIMEOUT_PATTERN,
     "description": "The implementation (or the harness) did not answer within a deadline "
                    "from the profile's timeouts."},
    {"name": "Implementation failures", "statuses": ["failed"],
     "description": "A MUST-level check failed (or a SHOULD-level one in --strict runs): the "
                    "implementation under test is at fault."},
    {"name": "Harness errors", "statuses": ["broken"],
     "description": "The suite itself could not complete the scenario (set-up, network, a "
                    "defect in the harness): no verdict about the implementation."},
]
WARNINGS_CATEGORY = {"name": "Warnings (SHOULD-level shortfalls)",
                     "description": "Passed scenarios with at least one SHOULD-level check that "
                                    "did not hold; they fail only in --strict runs."}


def allure2_categories() -> list[dict]:
    """categories.json for Allure 2 (Java regexes, matched against the whole message)."""
    out = []
    for cat in CATEGORIES:
        entry = {"name": cat["name"], "description": cat["description"],
                 "matchedStatuses": cat["statuses"]}
        if "message" in cat:
            entry["messageRegex"] = f"(?s).*({cat['message']}).*"
        out.append(entry)
    return out


def allure3_categories() -> list[dict]:
    """The same rules for Allure 3's config; first match wins, so the order matters."""
    rules = []
    for cat in CATEGORIES:
        matcher: dict = {"statuses": cat["statuses"]}
        if "message" in cat:
            matcher["message"] = cat["message"]
        rules.append({"id": cat["name"].lower().replace(" ", "-"), "name": cat["name"],
                      "matchers": matcher, "expand": True})
    rules.append({"id": "warnings", "name": WARNINGS_CATEGORY["name"], "expand": True,
                  "matchers": {"statuses": ["passed"],
                               "labels": {VERDICT_LABEL: f"^{WARNING_TAG}$"}}})
    return rules


def _escape_property(text: str) -> str:
    # Values need only backslashes and line breaks escaped (":" and "=" matter in keys only).
    return str(text).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def spec_versions() -> str:
    """`SSF 1.0, CAEP 1.0, …, RFC 8417, …`: the versions the catalog's requirements cite."""
    from harness.catalog.specs import SPECS
    names = []
    for spec in SPECS.values():
        version = re.search(r"-(\d+)_(\d+)\.html$", spec.url)
        if version:
            names.append(f"{spec.key} {version[1]}.{version[2]}")
        elif spec.key.isdigit():
            names.append(f"RFC {spec.key}")
    return ", ".join(names)


def environment_properties(results: dict) -> dict[str, str]:
    target = results.get("target") or {}
    suite = results.get("suite") or {}
    variant = target.get("variant") or {}
    source = target.get("source")
    # Root causes first: the report's overview opens with them (Allure lists these in order).
    causes = {f"root_cause.{n}": f"{rc['id']} ({rc.get('precondition')}; blocked "
                                  f"{rc.get('blocked', 0)} scenarios): {rc.get('summary')}"
              for n, rc in enumerate(results.get("root_causes") or [], 1)}
    return causes | {
        "target": target.get("name", "unknown"),
        "target.description": target.get("description", ""),
        "target.embedded": str(bool(target.get("embedded", False))).lower(),
        "role": ", ".join(results.get("roles") or []),
        "profile": variant.get("profile", "ssf"),
        "profile.file": Path(source).name if source else "",
        **{f"target.url.{role}": url for role, url in (results.get("target_urls") or {}).items()},
        "suite": f"{suite.get('name', 'ssf-conformance')} {suite.get('version', '')}".strip(),
        "suite.commit": suite.get("commit") or "unknown",
        "specs": spec_versions(),
        "selection.tags": (results.get("selection") or {}).get("tags") or "(all)",
        "strict": str(bool(suite.get("strict", False))).lower(),
        "started_at": results.get("started_at", ""),
        "finished_at": results.get("finished_at", ""),
    }


def executor_info(results: dict) -> dict:
    target = (results.get("target") or {}).get("name", "unknown")
    ci = os.environ.get("CI") == "true"
    return {"name": "ssf-conformance (CI)" if ci else "ssf-conformance", "type": "ssf-conformance",
            "buildName": f"{target} @ {results.get('started_at', '')}",
            "reportName": f"SSF conformance: {target}"}


def write_allure_metadata(allure_results: Path, results: dict) -> list[Path]:
    """Write the three run-level files into allure-results; returns their paths."""
    allure_results.mkdir(parents=True, exist_ok=True)
    env = environment_properties(results)
    paths = [allure_results / "environment.properties", allure_results / "executor.json",
             allure_results / "categories.json"]
    paths[0].write_text("".join(f"{k}={_escape_property(v)}\n" for k, v in env.items()),
                        encoding="utf-8")
    paths[1].write_text(json.dumps(executor_info(results), indent=2), encoding="utf-8")
    paths[2].write_text(json.dumps(allure2_categories(), indent=2), encoding="utf-8")
    return paths
