"""Issue 6: the suite can fail. Every reference fault is switched on in its own run of the real
CLI (`--role` = the fault's role: transmitter, receiver or directory) and must make the
scenarios declared for it in harness/selftest/kills*.yaml fail, with the declared checks among
the failures; every registered check is declared for some fault; and the
clean reference passes everything. The outcomes are gathered into reports/mutation.{json,md}
by tests/conftest.py.

Each fault run selects only its catching scenarios (fast enough for `make test`); the full
collateral matrix is `ssf-conformance selftest`.
"""
import json

import pytest

from harness.catalog import load_catalog
from harness.checks import load_all
from harness.reference.faults import registry
from harness.selftest.matrix import judge, load_kills
from harness.selftest.runner import run_with_fault
from harness.suite.selection import scenario_ids_in_features

FAULTS = registry()
KILLS = load_kills()


def test_there_are_at_least_40_faults_and_each_is_declared():
    assert len(FAULTS) >= 40
    assert sorted(set(FAULTS) - set(KILLS)) == [], "faults without an entry in kills.yaml"
    assert sorted(set(KILLS) - set(FAULTS)) == [], "kills.yaml names unknown faults"


def test_kills_file_names_existing_scenarios_and_checks():
    ids = scenario_ids_in_features()
    checks = set(load_all())
    for name, spec in KILLS.items():
        assert spec.scenarios, f"{name}: no catching scenarios"
        assert set(spec.scenarios) <= ids, f"{name}: unknown scenarios {set(spec.scenarios) - ids}"
        assert set(spec.checks) <= checks, f"{name}: unknown checks {set(spec.checks) - checks}"


def _informational(info) -> bool:
    """A check whose requirements are all MAY/INFO can only ever record an informational
    finding, never fail a scenario; it is listed, not killed (see informational_checks)."""
    catalog = load_catalog()
    return all(catalog.get(r).level in ("MAY", "INFO") for r in info.requirements)


def test_every_check_is_made_to_fail_by_some_fault():
    declared = set().union(*(spec.checks for spec in KILLS.values()))
    unkilled = sorted(c for c, info in load_all().items()
                      if c not in declared and not _informational(info))
    assert unkilled == [], f"checks that no fault is declared to kill: {unkilled}"


def test_informational_checks_are_few_and_known():
    informational = sorted(c for c, info in load_all().items() if _informational(info))
    # check_description_echoed: SSF-STREAM-14 "MAY truncate" only (harness/catalog/levels.py)
    # check_action_logged: SET-22 (INFO), a response action is the receiver's own decision
    assert informational == ["check_action_logged", "check_create_body_receiver_members_only",
                             "check_description_echoed"], informational


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_is_killed(fault, tmp_path, record_property):
    spec, role = KILLS[fault], FAULTS[fault].role
    tags = " or ".join(f"id:{s}" for s in spec.scenarios)
    run = run_with_fault(fault, role, tmp_path, extra_args=("--tags", tags))
    assert run.results is not None, run.output_tail
    outcome = judge(fault, role, list(spec.scenarios), run.scenario_status())
    record_property("ssf_kill", json.dumps(outcome.__dict__ | {"killed": outcome.killed}))
    assert outcome.killed, f"{fault} survived: {run.scenario_status()}"
    missing = set(spec.checks) - run.failed_checks()
    assert not missing, f"{fault}: declared checks did not fail: {sorted(missing)}"


@pytest.mark.parametrize("role", ["transmitter", "directory"])
def test_clean_reference_passes_everything(role, tmp_path):
    run = run_with_fault(None, role, tmp_path)
    assert run.results is not None, run.output_tail
    bad = {s: st for s, st in run.scenario_status().items() if st in ("failed", "broken")}
    assert bad == {}, run.output_tail
