"""Issue 10: requirements of the CAEP interoperability profile are graded only in caep_interop
runs. A transmitter scenario that names an INTEROP-* requirement must be gated by
@requires:caep_interop (on the scenario, its Feature or Rule), so a `variant: default` run never
lists an interop requirement as failed. The receiver role follows the same rule (receiver
capabilities derive caep_interop from variant.profile too)."""
from harness.catalog.paths import FEATURES_DIR
from harness.catalog.scenarios import collect_scenarios

GATE = "@requires:caep_interop"


def _transmitter_scenarios():
    return [s for s in collect_scenarios(FEATURES_DIR) if s.feature_file.startswith("transmitter/")]


def test_every_transmitter_scenario_naming_an_interop_requirement_is_gated():
    ungated = [f"{s.feature_file}:{s.line} {s.id}: "
               f"{[r for r in s.requirements if r.startswith('INTEROP-')]}"
               for s in _transmitter_scenarios()
               if any(r.startswith("INTEROP-") for r in s.requirements) and GATE not in s.tags]
    assert ungated == [], "interop requirements in default-variant scenarios:\n" + \
        "\n".join(ungated)


def test_every_receiver_scenario_naming_an_interop_requirement_is_gated():
    ungated = [f"{s.feature_file}:{s.line} {s.id}" for s in collect_scenarios(FEATURES_DIR)
               if s.feature_file.startswith("receiver/") and GATE not in s.tags
               and any(r.startswith("INTEROP-") for r in s.requirements)]
    assert ungated == [], "interop requirements in default-variant receiver scenarios:\n" + \
        "\n".join(ungated)


def test_the_interop_feature_exists_and_is_gated():
    interop = [s for s in _transmitter_scenarios() if s.feature_file == "transmitter/interop.feature"]
    assert interop and all(GATE in s.tags for s in interop)


def test_gating_rule_catches_an_ungated_scenario(tmp_path):
    (tmp_path / "transmitter").mkdir()
    (tmp_path / "transmitter" / "x.feature").write_text(
        "Feature: X\n  @id:TX-X-01 @req:INTEROP-TX-01\n  Scenario: S\n    Given x\n")
    (found,) = collect_scenarios(tmp_path)
    assert "INTEROP-TX-01" in found.requirements and GATE not in found.tags
