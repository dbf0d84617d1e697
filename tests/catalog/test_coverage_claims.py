"""A scenario's @req: claim on a MUST row is only worth something if the scenario's checks can
fail on that row (issue 15): one of its steps runs a check that declares the row, or (for rows
the schemas encode) it runs check_event_payload_schema, whose verdict names the schema rules'
x-requirements, and an invalid sample of the corpus proves such a rule fails on the row."""
from harness.catalog import coverage, load_catalog
from harness.catalog.paths import FEATURES_DIR
from harness.catalog.scenarios import collect_scenarios
from harness.checks import load_all
from harness.schemas import validate
from tests.catalog.scenario_checks import scenario_checks
from tests.schemas.corpus import load_corpus

# Schemas a received SET is validated with (harness.schemas.validate_set and the schemas it
# reaches): header, claims, the event payloads and the subject identifiers.
SET_SCHEMA_PREFIXES = ("set/", "events/", "subjects/", "interop/set-")
SCHEMA_CHECK = "check_event_payload_schema"


def _schema_named_rows() -> set[str]:
    named: set[str] = set()
    for case in load_corpus():
        if not case.valid and case.schema.startswith(SET_SCHEMA_PREFIXES):
            for error in validate(case.schema, case.instance):
                named.update(error.requirements)
    return named


def _backed(rid: str, checks: frozenset[str], registry: dict, schema_rows: set[str]) -> bool:
    if any(rid in registry[c].requirements for c in checks if c in registry):
        return True
    return SCHEMA_CHECK in checks and rid in schema_rows


def test_every_claimed_must_row_can_fail_in_a_scenario_claiming_it():
    catalog, registry, run = load_catalog(), load_all(), scenario_checks()
    schema_rows = _schema_named_rows()
    covered = coverage.covering_scenarios(collect_scenarios(FEATURES_DIR))
    unbacked = [f"{rid}: claimed by {', '.join(scenarios)}" for rid, scenarios in covered.items()
                if rid in catalog and catalog.get(rid).level == "MUST"
                and not any(_backed(rid, run.get(s, frozenset()), registry, schema_rows)
                            for s in scenarios)]
    assert unbacked == [], ("MUST rows no check of their scenarios can fail on:\n"
                            + "\n".join(unbacked))


def test_the_static_reading_of_scenarios_finds_their_checks():
    run = scenario_checks()
    assert {"check_deleted_stream_not_listed", "check_list_contains"} <= run["TX-STREAM-13"]
    assert "check_event_payload_schema" in run["TX-EVENT-01"]
    assert "check_unsolicited_verification_stateless" in run["TX-VERIFY-01"]
    assert "check_deleted_stream_not_listed" not in run["TX-DISC-01"]
