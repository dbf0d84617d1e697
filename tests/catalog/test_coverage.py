"""docs/coverage.md: generated from the catalog, the scenarios' @req: tags and
harness/catalog/untestable.yaml; every MUST row covered, justified as untestable, or pending."""
import pytest

from harness.catalog import coverage, load_catalog
from harness.catalog.coverage_status import (
    COVERED, OPEN, PENDING, UNTESTABLE, CoverageDecisions, DecisionsError, load_decisions,
    must_statuses, stale_decisions,
)
from harness.catalog.paths import COVERAGE_MD, FEATURES_DIR
from harness.catalog.scenarios import ScenarioInfo, collect_scenarios


def scenario(sid, *reqs, line=1):
    return ScenarioInfo(sid, f"name {sid}", "x.feature", "X", line, tuple(reqs), ())


def real_statuses():
    catalog = load_catalog()
    covered = coverage.covering_scenarios(collect_scenarios(FEATURES_DIR))
    decisions = load_decisions(catalog=catalog)
    return must_statuses(catalog, covered, decisions), decisions


def test_docs_coverage_is_current():
    assert COVERAGE_MD.is_file(), "docs/coverage.md is missing; run: python -m harness.catalog.coverage"
    assert COVERAGE_MD.read_text(encoding="utf-8") == coverage.generate(), (
        "docs/coverage.md is stale; run: python -m harness.catalog.coverage")


def test_no_must_row_is_open():
    statuses, _ = real_statuses()
    open_rows = [rid for rid, status in statuses.items() if status == OPEN]
    assert open_rows == [], (
        f"{len(open_rows)} MUST rows are neither claimed by a scenario nor justified in "
        f"harness/catalog/untestable.yaml: {open_rows}")


def test_decisions_are_well_formed_and_not_overtaken():
    statuses, decisions = real_statuses()       # load_decisions raises on malformed entries
    assert stale_decisions(statuses, decisions) == []
    assert all(len(reason) <= 200 for reason in decisions.untestable.values()), (
        "an untestable reason is one line a reviewer can read")


def test_rendering_lists_covering_scenarios_statuses_and_totals():
    decisions = CoverageDecisions({"SET-20": "a deployment property"}, ("SSF-DISC-03",),
                                  {"DIR": "the directory workstream"})
    text = coverage.render_coverage(load_catalog(), [
        scenario("TX-1", "SSF-DISC-01", "SSF-DISC-10"), scenario("TX-2", "SSF-DISC-01"),
        scenario(None, "SSF-MGMT-04", line=7), scenario("TX-3", "NOT-A-REQ-01")], decisions)
    assert "4 scenarios, 385 requirements." in text
    assert ("| [SSF-DISC-01](https://openid.net/specs/openid-sharedsignals-framework-1_0.html"
            "#obtaining-transmitter-configuration-metadata) | MUST | transmitter |") in text
    assert "| `TX-1`, `TX-2` |" in text
    assert "| `x.feature:7` |" in text          # a scenario without @id is still shown
    assert "| MUST | 1 | 283 | 284 |" in text     # SSF-DISC-01
    assert "| SHOULD | 1 | 61 | 62 |" in text    # SSF-DISC-10
    assert "| MAY | 1 | 33 | 34 |" in text       # SSF-MGMT-04
    assert "| transmitter | 2 | 262 | 264 |" in text
    assert "| **all** | **3** | **382** | **385** |" in text
    # MUST rows by status: SET-20 untestable, SSF-DISC-03 pending, the 9 DIR-* MUST rows
    # pending (the directory's SSA-* rows are not named, so they are open).
    assert "| MUST rows | covered | untestable | pending | open | total |" in text
    assert "| receiver | 0 | 0 | 1 | 37 | 38 |" in text
    assert "| directory | 0 | 0 | 9 | 6 | 15 |" in text
    assert "| **all** | **1** | **1** | **10** | **272** | **284** |" in text
    assert "untestable: a deployment property |" in text
    assert "| **pending** |" in text and "| **open** |" in text
    assert "naming no catalog requirement (see the scenario linter): `NOT-A-REQ-01`" in text
    assert text.count("\n## ") == 1 + 14 + 8   # Totals, 14 shared areas, 8 project-local ones


def test_row_statuses_and_stale_decisions():
    catalog = load_catalog()
    decisions = CoverageDecisions({"SET-20": "x"}, ("SSF-DISC-03",), {"DIR": "them"})
    statuses = must_statuses(catalog, {"SSF-DISC-01": ["TX-1"], "SSF-DISC-03": ["RX-1"]},
                             decisions)
    assert statuses["SSF-DISC-01"] == COVERED and statuses["SET-20"] == UNTESTABLE
    assert statuses["SSF-DISC-03"] == COVERED and statuses["DIR-CREATE-01"] == PENDING
    assert statuses["SSF-DISC-05"] == OPEN and "SSF-DISC-10" not in statuses  # SHOULD
    assert stale_decisions(statuses, decisions) == [
        "SSF-DISC-03: covered by a scenario, remove it from untestable.yaml"]


@pytest.mark.parametrize("text, message", [
    ("untestable: {SET-20: ''}", "SET-20: the reason is one non-empty line"),
    ("untestable: {SSF-DISC-10: x}", "SSF-DISC-10: level SHOULD, only MUST rows"),
    ("untestable: {NOPE-01: x}", "NOPE-01: not a catalog requirement"),
    ("receiver_pending: [SET-20]", "SET-20: role transmitter; only receiver rows"),
    ("untestable: {SSF-DISC-03: x}\nreceiver_pending: [SSF-DISC-03]", "listed both"),
    ("pending_prefixes: {DIR: ''}", "DIR: say whose work"),
    ("untestable: [SET-20]", "'untestable' and 'pending_prefixes' are mappings"),
])
def test_malformed_decisions_are_refused(tmp_path, text, message):
    path = tmp_path / "untestable.yaml"
    path.write_text(text)
    with pytest.raises(DecisionsError, match=message):
        load_decisions(path, load_catalog())


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
    assert "0 scenarios, 385 requirements." in out.read_text()
    assert coverage.main(["--features", str(features), "--output", str(out), "--check"]) == 0


def test_unparseable_features_are_an_error_not_a_crash(tmp_path, capsys):
    (tmp_path / "bad.feature").write_text("nonsense\n")
    assert coverage.main(["--features", str(tmp_path), "--output", str(tmp_path / "c.md")]) == 1
    assert "error: bad.feature" in capsys.readouterr().err
