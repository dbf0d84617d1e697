"""docs/coverage.md: generated from the catalog and the scenarios' @req: tags, kept current."""
from harness.catalog import coverage, load_catalog
from harness.catalog.paths import COVERAGE_MD
from harness.catalog.scenarios import ScenarioInfo


def scenario(sid, *reqs, line=1):
    return ScenarioInfo(sid, f"name {sid}", "x.feature", "X", line, tuple(reqs), ())


def test_docs_coverage_is_current():
    assert COVERAGE_MD.is_file(), "docs/coverage.md is missing; run: python -m harness.catalog.coverage"
    assert COVERAGE_MD.read_text(encoding="utf-8") == coverage.generate(), (
        "docs/coverage.md is stale; run: python -m harness.catalog.coverage")


def test_rendering_lists_covering_scenarios_and_totals():
    text = coverage.render_coverage(load_catalog(), [
        scenario("TX-1", "SSF-DISC-01", "SSF-DISC-10"), scenario("TX-2", "SSF-DISC-01"),
        scenario(None, "SSF-MGMT-04", line=7), scenario("TX-3", "NOT-A-REQ-01")])
    assert "4 scenarios, 348 requirements." in text
    assert ("| [SSF-DISC-01](https://openid.net/specs/openid-sharedsignals-framework-1_0.html"
            "#obtaining-transmitter-configuration-metadata) | MUST | transmitter |") in text
    assert "| `TX-1`, `TX-2` |" in text
    assert "| `x.feature:7` |" in text          # a scenario without @id is still shown
    assert "| MUST | 1 | 251 | 252 |" in text     # SSF-DISC-01
    assert "| SHOULD | 1 | 56 | 57 |" in text    # SSF-DISC-10
    assert "| MAY | 1 | 33 | 34 |" in text       # SSF-MGMT-04
    assert "| transmitter | 2 | 228 | 230 |" in text
    assert "| both | 1 | 42 | 43 |" in text
    assert "| directory | 0 | 20 | 20 |" in text
    assert "| **all** | **3** | **345** | **348** |" in text
    assert "naming no catalog requirement (see the scenario linter): `NOT-A-REQ-01`" in text
    assert text.count("\n## ") == 1 + 14 + 3  # Totals + 14 shared areas + 3 local


def test_long_statements_are_shortened_without_breaking_markdown():
    assert coverage._short("short") == "short"
    cut = coverage._short("word " * 20 + "`code span that is long` tail", width=110)
    assert cut.endswith(" …") and cut.count("`") % 2 == 0
    bold = coverage._short("x " * 50 + "**bold words here**", width=105)
    assert bold.count("**") % 2 == 0


def test_check_mode(tmp_path, capsys):
    out = tmp_path / "coverage.md"
    features = tmp_path / "features"
    assert coverage.main(["--features", str(features), "--output", str(out), "--check"]) == 1
    assert "stale; run: python -m harness.catalog.coverage" in capsys.readouterr().err
    assert coverage.main(["--features", str(features), "--output", str(out)]) == 0
    assert "0 scenarios, 348 requirements." in out.read_text()
    assert coverage.main(["--features", str(features), "--output", str(out), "--check"]) == 0


def test_unparseable_features_are_an_error_not_a_crash(tmp_path, capsys):
    (tmp_path / "bad.feature").write_text("nonsense\n")
    assert coverage.main(["--features", str(tmp_path), "--output", str(tmp_path / "c.md")]) == 1
    assert "error: bad.feature" in capsys.readouterr().err
