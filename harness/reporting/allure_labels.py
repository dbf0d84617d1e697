"""Allure labels from scenario tags: spec as epic, area as feature, role as parent suite, the
scenario id as a label and in the title, requirement IDs as stories and as links to the spec
section, severity from the strongest requirement level.

Outline variants need nothing here: allure-pytest-bdd already turns each Examples row into
Allure parameters."""
from __future__ import annotations

from harness.catalog import load_catalog

SEVERITY_BY_LEVEL = {"MUST": "critical", "SHOULD": "normal", "MAY": "minor", "INFO": "trivial"}
_RANK = ("MUST", "SHOULD", "MAY", "INFO")


def strongest_level(levels) -> str | None:
    levels = list(levels)
    return min(levels, key=_RANK.index) if levels else None


def apply_labels(allure, tags, recorder) -> None:
    catalog = load_catalog()
    reqs = [catalog.get(r) for r in tags.requirements]
    specs = sorted({r.spec for r in reqs})
    if specs:
        allure.dynamic.epic(" + ".join(specs))
    if tags.area:
        allure.dynamic.feature(tags.area)
    if tags.role:
        allure.dynamic.parent_suite(tags.role)
    allure.dynamic.label("scenario_id", tags.id)
    # The id in the title lets an auditor search the report for the id quoted in results.json.
    allure.dynamic.title(f"{tags.id} {recorder.record.name}")
    for req in reqs:
        allure.dynamic.story(req.id)
        allure.dynamic.link(req.link, link_type="link", name=f"{req.id} ({req.level})")
    strongest = strongest_level(r.level for r in reqs)
    if strongest:
        allure.dynamic.severity(SEVERITY_BY_LEVEL[strongest])
        allure.dynamic.label("requirement_level", strongest)
