"""The scenario tag linter: on the real features/ and on small bad feature files."""
from pathlib import Path

import pytest

from harness.catalog import load_catalog
from harness.catalog.paths import FEATURES_DIR
from harness.catalog.scenarios import FeatureParseError, collect_scenarios, lint


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_real_features_have_well_formed_tags():
    problems = lint(FEATURES_DIR, load_catalog())
    assert problems == [], "scenario tag problems:\n" + "\n".join(problems)


GOOD = """@role:transmitter @req:SSF-DISC-01
Feature: Discovery

  Background:
    Given the transmitter is running

  @id:TX-DISC-01 @requires:poll
  Scenario: Metadata is served
    Given nothing

  Rule: outlines
    @req:SSF-DISC-04
    @id:TX-DISC-02
    Scenario Outline: Metadata with <x>
      Given <x>

      @req:SSF-DISC-05
      Examples:
        | x |
        | 1 |
"""


def test_a_good_feature_passes_and_is_inventoried(tmp_path):
    write(tmp_path, "sub/discovery.feature", GOOD)
    assert lint(tmp_path, load_catalog()) == []
    first, second = collect_scenarios(tmp_path)
    assert (first.id, first.name, first.feature_file, first.feature_name, first.line) == (
        "TX-DISC-01", "Metadata is served", "sub/discovery.feature", "Discovery", 8)
    assert first.requirements == ("SSF-DISC-01",)
    assert first.tags == ("@role:transmitter", "@req:SSF-DISC-01", "@id:TX-DISC-01",
                          "@requires:poll")
    # Feature, Scenario and Examples tags are all inherited by the outline
    assert second.id == "TX-DISC-02"
    assert second.requirements == ("SSF-DISC-01", "SSF-DISC-04", "SSF-DISC-05")


@pytest.mark.parametrize("scenario_tags, expected", [
    ("@req:SSF-DISC-01", "no @id: tag on the scenario"),
    ("@id:TX-1 @id:TX-2 @req:SSF-DISC-01", "2 @id: tags (TX-1, TX-2); exactly one required"),
    ("@id:TX-1", "no @req: tag (at least one required)"),
    ("@id:TX-1 @req:SSF-NOPE-01", "@req:SSF-NOPE-01 is not a catalog requirement id"),
    ("@id: @req:SSF-DISC-01", "empty @id: tag"),
])
def test_each_tag_problem_is_detected(tmp_path, scenario_tags, expected):
    write(tmp_path, "bad.feature",
          f"Feature: Bad\n\n  {scenario_tags}\n  Scenario: Something\n    Given x\n")
    problems = lint(tmp_path, load_catalog())
    assert len(problems) == 1, problems
    assert problems[0].startswith("bad.feature:4 scenario 'Something': ")
    assert expected in problems[0]


def test_an_id_used_twice_across_files_is_detected(tmp_path):
    scenario = "Feature: F{n}\n  @id:TX-SAME @req:SSF-DISC-01\n  Scenario: S{n}\n    Given x\n"
    write(tmp_path, "a.feature", scenario.format(n=1))
    write(tmp_path, "b/b.feature", scenario.format(n=2))
    assert lint(tmp_path, load_catalog()) == [
        "b/b.feature:3 scenario 'S2': @id:TX-SAME already used by a.feature:3 scenario 'S1'"]


@pytest.mark.parametrize("where, text", [
    ("Feature", "@id:TX-F\nFeature: F\n  @id:TX-1 @req:SSF-DISC-01\n  Scenario: S\n    Given x\n"),
    ("Examples", "Feature: F\n  @id:TX-1 @req:SSF-DISC-01\n  Scenario Outline: S <a>\n"
                 "    Given <a>\n    @id:TX-E\n    Examples:\n      | a |\n      | 1 |\n"),
])
def test_an_id_outside_the_scenario_is_detected(tmp_path, where, text):
    write(tmp_path, "f.feature", text)
    problems = lint(tmp_path, load_catalog())
    assert len(problems) == 1, problems
    assert "must be on the scenario itself" in problems[0]


def test_unparseable_feature_is_reported_not_raised(tmp_path):
    write(tmp_path, "broken.feature", "this is not gherkin\n")
    write(tmp_path, "empty.feature", "")
    problems = lint(tmp_path, load_catalog())
    assert len(problems) == 2
    assert problems[0].startswith("parse error: broken.feature: Parser errors:")
    assert problems[1] == "parse error: empty.feature: no 'Feature:' (pytest-bdd requires one)"
    with pytest.raises(FeatureParseError, match="broken.feature"):
        collect_scenarios(tmp_path)


def test_missing_features_dir(tmp_path):
    missing = tmp_path / "features"
    assert collect_scenarios(missing, missing_ok=True) == []
    assert lint(missing, load_catalog()) == []
    with pytest.raises(FileNotFoundError, match="features directory not found"):
        collect_scenarios(missing)
