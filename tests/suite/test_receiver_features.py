"""Issue 10, receiver side: what the receiver features grade, read from the Gherkin itself.

Receiver scenarios cite receiver requirements (RX-HOSTILE-12/13 used to grade SET-07, a
transmitter rule); each hostile SET follows its valid twin; the grading columns of the Examples
tables agree with the level decisions in harness/catalog/levels.py; no scenario pushes an event
type the receiver under test did not declare.
"""
from pathlib import Path

import pytest
from gherkin.parser import Parser

from harness.catalog import load_catalog
from harness.catalog.levels import RECEIVER_REFUSALS
from harness.suite.hostile_sets import HOSTILE

FEATURES = Path(__file__).resolve().parents[2] / "features" / "receiver"
CATALOG = load_catalog()
TWIN = "the receiver acknowledged the valid twin of a"
HOSTILE_STEP = "the suite delivers the hostile"


def _scenarios():
    for path in sorted(FEATURES.glob("*.feature")):
        feature = Parser().parse(path.read_text())["feature"]
        for child in feature["children"]:
            if "scenario" in child:
                yield path.name, child["scenario"]


def _tags(scenario) -> list[str]:
    return [t["name"] for t in scenario["tags"]]


def _rows(scenario):
    """Each Examples row as {column: value}."""
    for examples in scenario.get("examples", []):
        header = [c["value"] for c in examples["tableHeader"]["cells"]]
        for row in examples["tableBody"]:
            yield dict(zip(header, (c["value"] for c in row["cells"])))


SCENARIOS = list(_scenarios())
HOSTILE_ROWS = [(s, row) for _, s in SCENARIOS for row in _rows(s) if "hostile" in row]


PROBES = [(f, s) for f, s in SCENARIOS if any(HOSTILE_STEP in st["text"] for st in s["steps"])]


@pytest.mark.parametrize("feature, scenario", PROBES,
                         ids=[f"{f}:{s['name'][:40]}" for f, s in PROBES])
def test_hostile_set_scenarios_cite_receiver_requirements(feature, scenario):
    cited = [t[len("@req:"):] for t in _tags(scenario) if t.startswith("@req:")]
    cited += [row[col] for row in _rows(scenario) for col in ("required_by", "err_for")
              if col in row]
    for requirement in cited:
        assert CATALOG.get(requirement).applies_to("receiver"), \
            f"{scenario['name']}: {requirement} is a {CATALOG.get(requirement).role} requirement"


def test_the_iat_scenarios_no_longer_grade_the_transmitter_rule_set_07():
    iat = {row["hostile"]: row["required_by"] for _, row in HOSTILE_ROWS
           if row["hostile"] in ("expired-iat", "future-iat")}
    assert iat and set(iat.values()) == {"PUSH-17"}
    assert not any("@req:SET-07" in _tags(s) for _, s in SCENARIOS)


@pytest.mark.parametrize("scenario, row", HOSTILE_ROWS,
                         ids=[f"{r['hostile']}-{s['name'][:30]}" for s, r in HOSTILE_ROWS])
def test_each_hostile_row_is_graded_at_the_level_decided_for_it(scenario, row):
    assert row["hostile"] in HOSTILE
    level = CATALOG.get(row["required_by"]).level
    if row["hostile"] in RECEIVER_REFUSALS:
        assert level == RECEIVER_REFUSALS[row["hostile"]][0], row
    else:
        assert level in ("MUST", "SHOULD"), f"{row}: a demanded refusal is graded {level}"


@pytest.mark.parametrize("scenario", [s for _, s in PROBES], ids=lambda s: s["name"][:50])
def test_every_hostile_set_follows_its_valid_twin(scenario):
    texts = [step["text"] for step in scenario["steps"]]
    twin = next(i for i, t in enumerate(texts) if t.startswith(TWIN))
    hostile = next(i for i, t in enumerate(texts) if t.startswith(HOSTILE_STEP))
    assert twin < hostile


def test_every_hostile_class_is_probed_by_push():
    pushed = {row["hostile"] for s, row in HOSTILE_ROWS}
    assert set(HOSTILE) <= pushed


def test_no_scenario_names_an_event_type_it_does_not_gate():
    """A step naming an event type either runs behind a declaration of that event (the row's
    or scenario's @requires, or the 'declares the <action> event' step) or is an interop
    scenario (the CAEP interop profile requires its three events of every receiver)."""
    for feature, scenario in SCENARIOS:
        texts = " ".join(step["text"] for step in scenario["steps"])
        if "session-revoked" not in texts or feature == "interop.feature":
            continue
        gated = "@requires:event:session-revoked" in _tags(scenario) or \
            "declares the <action> event" in texts
        assert gated, f"{scenario['name']} pushes session-revoked to any receiver"
