"""Self-test runs shared by the processes of one test session (the xdist workers).

Every process queues every selected job in its own BatchPool, long runs first, from the start
of the session, so the runs go on while the other tests run. A job runs once: the process that
claims it first (an exclusive file in the shared folder) runs it and writes its outcome beside
its results; a test waiting for a job another process claimed reads that outcome. A test whose
job nobody has started yet hurries it in its own process.
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import Future
from pathlib import Path

from harness.selftest.inprocess import RunJob
from harness.selftest.pool import BatchPool, read_run
from harness.selftest.runner import FaultRun

OUTCOME = "outcome.json"
FIRST_POLL, MAX_POLL = 0.05, 1.0   # re-reads of another process's outcome, doubling
SLACK = 120.0                      # beyond a claimed job's own deadline


class SharedRuns:
    def __init__(self, root: Path, pool_size: int) -> None:
        self.root = root
        (root / "claims").mkdir(parents=True, exist_ok=True)
        self.pool = BatchPool(pool_size, claim=self._claim)
        self.futures: dict[str, Future] = {}

    def start(self, jobs: list[RunJob]) -> None:
        for job in jobs:
            if job.key not in self.futures:
                future = self.pool.submit(job)
                future.add_done_callback(lambda f, job=job: self._write_outcome(job, f))
                self.futures[job.key] = future

    def result(self, job: RunJob) -> FaultRun:
        """This job's run, wherever it happens; raises TimeoutError past its deadline."""
        self.start([job])
        self.pool.hurry(job.key)
        run = self.futures[job.key].result()
        return run if run is not None else self._wait_elsewhere(job)

    def close(self, cancel_pending: bool = False) -> None:
        self.pool.close(cancel_pending)

    # -- between processes -----------------------------------------------------------------
    def _claim_file(self, job: RunJob) -> Path:
        return self.root / "claims" / job.key.replace("/", "_")

    def _claim(self, job: RunJob) -> bool:
        try:
            fd = os.open(self._claim_file(job), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        return True

    def _write_outcome(self, job: RunJob, future: Future) -> None:
        if future.cancelled() or future.exception() is not None or future.result() is None:
            return
        run = future.result()
        outcome = Path(job.reports) / OUTCOME
        outcome.parent.mkdir(parents=True, exist_ok=True)
        partial = outcome.with_suffix(".partial")
        partial.write_text(json.dumps({"returncode": run.returncode,
                                       "output_tail": run.output_tail}))
        partial.replace(outcome)   # readers never see half a file

    def _wait_elsewhere(self, job: RunJob) -> FaultRun:
        outcome = Path(job.reports) / OUTCOME
        claim = self._claim_file(job)
        deadline = claim.stat().st_mtime + job.timeout + SLACK
        delay = FIRST_POLL
        while not outcome.exists():
            owner = int(claim.read_text() or 0)
            if time.time() > deadline or not _alive(owner):
                raise TimeoutError(f"{job.key}: no outcome from process {owner} (claimed "
                                   f"{time.time() - claim.stat().st_mtime:.0f}s ago)")
            time.sleep(delay)   # another process's file: no event to wait on across processes
            delay = min(delay * 2, MAX_POLL)
        doc = json.loads(outcome.read_text())
        run = read_run(job, doc["returncode"])
        return FaultRun(run.fault, run.role, run.returncode, run.results, doc["output_tail"],
                        run.reports)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return True   # the claim is being written
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
