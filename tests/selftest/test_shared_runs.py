"""Runs shared between the processes of a session (harness/selftest/shared.py): a job claimed by
another process is not run again here, its outcome is read from the shared folder, and a
claim whose process is gone is an error rather than a wait without end."""
import json
import os
import subprocess
import sys

import pytest

from harness.selftest.inprocess import RunJob
from harness.selftest.shared import OUTCOME, SharedRuns


def _job(tmp_path, key="kill:x"):
    return RunJob(key, "x", "transmitter", str(tmp_path / "runs" / key.replace(":", "-")),
                  timeout=5.0)


def _claimed_by(runs, job, pid):
    (runs.root / "claims" / job.key).write_text(str(pid))


def test_a_job_another_process_ran_is_read_not_run_again(tmp_path):
    runs = SharedRuns(tmp_path / "shared", pool_size=1)
    job = _job(tmp_path)
    _claimed_by(runs, job, os.getppid())   # a live process that is not this one
    reports = tmp_path / "runs" / "kill-x"
    reports.mkdir(parents=True)
    results = {"scenarios": [{"id": "TX-A-01", "status": "failed", "checks": []}]}
    (reports / "results.json").write_text(json.dumps(results))
    (reports / OUTCOME).write_text(json.dumps({"returncode": 1, "output_tail": "tail"}))
    try:
        run = runs.result(job)
    finally:
        runs.close()
    assert (run.fault, run.returncode, run.output_tail) == ("x", 1, "tail")
    assert run.scenario_status() == {"TX-A-01": "failed"}
    assert run.reports == str(reports)


def test_a_claim_whose_process_is_gone_is_an_error(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    runs = SharedRuns(tmp_path / "shared", pool_size=1)
    job = _job(tmp_path)
    _claimed_by(runs, job, int(gone))
    try:
        with pytest.raises(TimeoutError, match="no outcome from process"):
            runs.result(job)
    finally:
        runs.close()


def test_only_a_run_broken_by_a_taken_port_counts_as_the_machines_accident():
    from harness.selftest.pool import lost_a_port_race
    from harness.selftest.runner import FaultRun

    def run(status, message, results=True):
        rows = {"scenarios": [{"id": "TX-A-01", "status": status, "message": message}]}
        return FaultRun("f", "transmitter", 3, rows if results else None, message)
    taken = ("ProxyError: mitmdump exited during startup (rc=1): [Errno 98] error while "
             "attempting to bind on address ('127.0.0.1', 42621): address already in use")
    assert lost_a_port_race(run("broken", taken))
    assert lost_a_port_race(run("broken", taken, results=False))
    assert not lost_a_port_race(run("broken", "ServerStartError: server on https://127.0.0.1:1 "
                                          "exited during startup"))
    assert not lost_a_port_race(run("failed", "[FAILED] check_x: address already in use"))
    assert not lost_a_port_race(run("broken", "RuntimeError: the trigger answered 500"))
