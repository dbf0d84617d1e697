"""Issue 6: the suite can fail. Every reference fault is switched on in its own run of the
suite (`--role` = the fault's role: transmitter, receiver or directory; against the kill file's
`profile:` when it names one) and must make the scenarios declared for it in
harness/selftest/kills*.yaml fail, with the declared checks among the failures; every
registered check is declared for some fault; and the clean reference passes everything. The
outcomes are gathered into reports/selftest/mutation.{json,md} by tests/conftest.py.

Each fault run selects only its catching scenarios (fast enough for `make test`) and runs in a
batch worker: a fresh pytest session with the CLI's own arguments, only that fault on
(harness/selftest/inprocess.py, tests/selftest/conftest.py); one fault also goes through the
real CLI in a subprocess, end to end. The full collateral matrix is `ssf-conformance selftest`.
"""
import json

import pytest

from harness.catalog import load_catalog
from harness.checks import load_all
from harness.reference.faults import registry
from harness.selftest.inprocess import cli_args
from harness.selftest.matrix import judge, load_kills
from harness.selftest.plan import job_for, kill_profile_roles
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


def _judged(fault, run, record_property=None):
    spec, role = KILLS[fault], FAULTS[fault].role
    assert run.results is not None, run.output_tail
    outcome = judge(fault, role, list(spec.scenarios), run.scenario_status())
    if record_property is not None:
        record_property("ssf_kill", json.dumps(outcome.__dict__ | {"killed": outcome.killed}))
    assert outcome.killed, f"{fault} survived: {run.scenario_status()}"
    missing = set(spec.checks) - run.failed_checks()
    assert not missing, f"{fault}: declared checks did not fail: {sorted(missing)}"
    return outcome


@pytest.mark.parametrize("fault", [pytest.param(f, marks=pytest.mark.selftest_run(f"kill:{f}"))
                                   for f in sorted(FAULTS)])
def test_fault_is_killed(fault, selftest_run, record_property):
    _judged(fault, selftest_run, record_property)


CLI_FAULT = "set-wrong-typ"


def test_a_fault_is_killed_through_the_real_cli_too(tmp_path):
    """The batch workers run the CLI's own pytest arguments in-process; this run goes through
    `python -m harness run` in a subprocess, as a user would, and is judged the same."""
    job = job_for(f"kill:{CLI_FAULT}", tmp_path)
    run = run_with_fault(CLI_FAULT, job.role, tmp_path / job.key.replace(":", "-"),
                         extra_args=tuple(cli_args(job)[4:]))
    assert run.returncode == 1, run.output_tail   # implementation failures
    _judged(CLI_FAULT, run)


@pytest.mark.parametrize("role", [pytest.param(r, marks=pytest.mark.selftest_run(f"clean:{r}"))
                                  for r in ("transmitter", "directory")])
def test_clean_reference_passes_everything(role, selftest_run):
    run = selftest_run
    assert run.results is not None, run.output_tail
    bad = {s: st for s, st in run.scenario_status().items() if st in ("failed", "broken")}
    assert bad == {}, run.output_tail


@pytest.mark.parametrize("profile", [
    pytest.param(p, marks=pytest.mark.selftest_run(f"example:{p}"))
    for p in sorted(kill_profile_roles())])
def test_each_kill_profile_passes_clean_what_its_faults_must_fail(profile, selftest_run):
    """The differential half of a kill against a dialect's emulator: the catching scenarios
    pass when no fault is on, so their failure under the fault is the fault's doing."""
    run = selftest_run
    assert run.results is not None, run.output_tail
    status = run.scenario_status()
    bad = {s: st for s, st in status.items() if st in ("failed", "broken")}
    assert bad == {}, run.output_tail
    catching = {s for spec in KILLS.values() if spec.profile == profile for s in spec.scenarios}
    assert {s: status.get(s) for s in catching if status.get(s) != "passed"} == {}
