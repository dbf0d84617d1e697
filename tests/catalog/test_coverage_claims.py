"""A scenario's @req: claim on a MUST row is only worth something if the scenario's checks can
fail on that row: a registered check declares it, or (for rows the schemas encode) the SET
schemas name it in check_event_payload_schema's verdict, the scenario runs that step, and an
invalid sample of the corpus proves the schema fails on it (issue 15)."""
from pathlib import Path

from gherkin.parser import Parser

from harness.catalog import coverage, load_catalog
from harness.catalog.paths import FEATURES_DIR
from harness.catalog.scenarios import collect_scenarios, feature_files
from harness.checks import load_all
from harness.schemas import validate
from tests.schemas.corpus import load_corpus

# Schemas a received SET is validated with (harness.schemas.validate_set and the schemas it
# reaches): header, claims, the event payloads and the subject identifiers.
SET_SCHEMA_PREFIXES = ("set/", "events/", "subjects/", "interop/set-")
SCHEMA_STEP = "the event payload matches its schema"


def _scenario_steps() -> dict[str, list[str]]:
    steps: dict[str, list[str]] = {}
    for path in feature_files(FEATURES_DIR):
        feature = Parser().parse(Path(path).read_text(encoding="utf-8"))["feature"]
        for child in feature.get("children", []):
            scenario = child.get("scenario")
            if scenario is None:
                continue
            ids = [t["name"][4:] for t in scenario.get("tags", []) if t["name"].startswith("@id:")]
            for sid in ids:
                steps[sid] = [s["text"] for s in scenario.get("steps", [])]
    return steps


def _schema_named_rows() -> set[str]:
    named: set[str] = set()
    for case in load_corpus():
        if not case.valid and case.schema.startswith(SET_SCHEMA_PREFIXES):
            for error in validate(case.schema, case.instance):
                named.update(error.requirements)
    return named


def test_every_claimed_must_row_can_fail_in_its_scenario():
    catalog = load_catalog()
    declared = {r for info in load_all().values() for r in info.requirements}
    schema_rows = _schema_named_rows()
    steps = _scenario_steps()
    covered = coverage.covering_scenarios(collect_scenarios(FEATURES_DIR))
    problems = []
    for rid, scenarios in covered.items():
        if rid not in catalog or catalog.get(rid).level != "MUST" or rid in declared:
            continue
        if rid not in schema_rows:
            problems.append(f"{rid} ({', '.join(scenarios)}): no check declares it and no SET "
                            "schema sample fails on it")
            continue
        if not any(SCHEMA_STEP in steps.get(s, []) for s in scenarios):
            problems.append(f"{rid}: claimed by {', '.join(scenarios)}, none of which runs "
                            f"'{SCHEMA_STEP}'")
    assert problems == [], "claims no check can back:\n" + "\n".join(problems)
