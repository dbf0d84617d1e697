"""The OIDF module list, docs/oidf-mapping.md, and the module → scenario mapping."""
import re

import pytest

from harness.catalog import load_catalog, oidf
from harness.catalog.paths import FEATURES_DIR, OIDF_MAPPING_MD
from harness.catalog.scenarios import ScenarioInfo, collect_scenarios


@pytest.fixture(scope="module")
def modules():
    return oidf.load_modules()


def test_every_module_of_the_oidf_research_note_is_listed(modules):
    plans, listed = modules
    assert len(listed) == 53
    by_source = {s: [m for m in listed if m.source == s] for s in oidf.SOURCES}
    assert len(by_source["snapshot-a"]) == 22 + 7   # §2.1 (21 + caep-interop) and §2.2
    assert len(by_source["index-b"]) == 15 + 9      # §3: transmitter and receiver modules
    assert sum(m.role == "receiver" for m in listed) == 7 + 9
    assert all(m.name.startswith("openid-ssf-") for m in listed)
    tx_caep = [m.name for m in listed if "openid-ssf-transmitter-caep-test-plan" in m.plans]
    assert len(tx_caep) == 15                        # as the note counts the CAEP plan
    rx_caep = [m.name for m in listed if "openid-ssf-receiver-caep-test-plan" in m.plans]
    assert len(rx_caep) == 5
    assert set(plans) == {p for m in listed for p in m.plans}


def test_module_requirements_are_catalog_ids(modules):
    catalog = load_catalog()
    unknown = [(m.name, r) for m in modules[1] for r in m.requirements if r not in catalog]
    assert unknown == []


def test_docs_oidf_mapping_is_current():
    assert OIDF_MAPPING_MD.read_text(encoding="utf-8") == oidf.generate(), (
        "docs/oidf-mapping.md is stale; run: python -m harness.catalog.oidf")


def test_every_oidf_module_has_an_existing_scenario(modules):
    problems = oidf.mapping_problems(modules[1], collect_scenarios(FEATURES_DIR, missing_ok=True))
    assert problems == [], "OIDF modules without a (real) scenario:\n" + "\n".join(problems)


def test_mapping_status_and_problems():
    module = oidf.OidfModule("m", "snapshot-a", (), "transmitter", "any", "s", (), ())
    present = ScenarioInfo("TX-1", "n", "f.feature", "F", 1, ("SSF-DISC-01",), ())
    mapped = oidf.OidfModule("a", "snapshot-a", (), "transmitter", "any", "s", (), ("TX-1",))
    missing = oidf.OidfModule("b", "index-b", (), "receiver", "push", "s", (), ("TX-1", "RX-9"))
    assert oidf.module_status(module, {"TX-1"}) == oidf.UNMAPPED
    assert oidf.module_status(mapped, {"TX-1"}) == oidf.MAPPED
    assert oidf.module_status(missing, {"TX-1"}) == oidf.MISSING
    assert oidf.mapping_problems([module, mapped, missing], [present]) == [
        "m: no scenario mapped", "b: scenario RX-9 does not exist in features/"]
    stricter = oidf.OidfModule("c", "snapshot-a", (), "transmitter", "any", "s", (), ("TX-1",),
                               "stricter", "why", ("check_x",), "a note",
                               (("cond", ("check_x", "check_y")),))
    text = oidf.render_mapping({}, [mapped, missing, stricter], [present])
    assert ("3 modules: 2 mapped, 1 missing scenario, 0 unmapped; parity: 0 same, 1 stricter, "
            "2 pending.") in text
    assert "| `b` | index-b | push | s | — | `TX-1`, `RX-9` | missing scenario | pending |" in text
    assert "| `c` | snapshot-a | any | s | — | `TX-1` | mapped | stricter (why) |" in text
    assert "- `c` — **stricter**. Beyond OIDF: `check_x`. Note: a note." in text
    assert "  - cond → `check_x`, `check_y`" in text


MODULE = """plans: {p: plan}
modules:
  - name: m
    source: snapshot-a
    plans: [p]
    role: transmitter
    delivery: any
    summary: does things
    requirements: []
    scenarios: []
    parity: pending
"""


@pytest.mark.parametrize("edit, message", [
    (("role: transmitter", "role: idp"), "role 'idp' not in"),
    (("plans: [p]", "plans: [q]"), "unknown plans ['q']"),
    (("scenarios: []", "scenarios: TX-1"), "scenarios must be a list of strings"),
    (("summary: does things", "summary: ''"), "summary must be a non-empty string"),
    (("    scenarios: []\n", ""), "keys"),
    (("parity: pending", "parity: loose"), "parity 'loose' not in"),
    (("parity: pending", "parity: stricter"), "says why (stricter) and which checks (beyond)"),
    (("parity: pending", "parity: same"), "a compared module lists its conditions"),
    (("parity: pending", "parity: same\n    conditions: [x]"), "each condition is"),
    (("modules:", "modulez:"), "expected a mapping with a 'modules' list"),
])
def test_malformed_module_lists_are_refused(tmp_path, edit, message):
    path = tmp_path / "modules.yaml"
    path.write_text(MODULE.replace(*edit))
    with pytest.raises(oidf.ModuleListError, match=re.escape(message)):
        oidf.load_modules(path)


def test_duplicate_modules_are_refused(tmp_path):
    path = tmp_path / "modules.yaml"
    entry = MODULE.split("modules:\n", 1)[1]
    path.write_text(MODULE + entry)
    with pytest.raises(oidf.ModuleListError, match=r"duplicate modules \['m'\]"):
        oidf.load_modules(path)


def test_oidf_check_mode_and_errors(tmp_path, capsys):
    out = tmp_path / "mapping.md"
    args = ["--features", str(tmp_path / "none"), "--output", str(out)]
    assert oidf.main(args + ["--check"]) == 1
    assert oidf.main(args) == 0 and "53 modules: 0 mapped" in out.read_text()
    assert "parity: 42 same, 11 stricter, 0 pending" in out.read_text()
    assert oidf.main(args + ["--check"]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("modules: [")
    assert oidf.main(args + ["--modules", str(bad)]) == 1
    assert "error:" in capsys.readouterr().err
