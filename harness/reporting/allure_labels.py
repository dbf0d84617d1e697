"""Allure labels from scenario tags: spec as epic, area as feature, requirement IDs as stories
and links to the spec section, severity from the strongest requirement level."""
from __future__ import annotations

from harness.catalog import load_catalog

_SEVERITY = {"MUST": "critical", "SHOULD": "normal", "MAY": "minor", "INFO": "trivial"}
_RANK = ("MUST", "SHOULD", "MAY", "INFO")


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
    for req in reqs:
        allure.dynamic.story(req.id)
        allure.dynamic.link(req.link, link_type="link", name=f"{req.id} ({req.level})")
    if reqs:
        strongest = min((r.level for r in reqs), key=_RANK.index)
        allure.dynamic.severity(_SEVERITY[strongest])
