"""A long-lived self-test worker: `python -m harness.selftest.batch`.

Reads one job per line on stdin (RunJob as JSON), runs it in this process
(harness/selftest/inprocess.py: a fresh pytest session per job, only the job's fault on) and
answers one line per job on the original stdout: {"key": ..., "returncode": ...}. Everything
the run prints goes to run.log in the job's reports folder, never into the answer channel.
Imports are paid once per worker instead of once per run.
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

LOG_NAME = "run.log"


def _redirected(log: Path):
    """Point fd 1 and 2 at `log` for one job; returns a function that restores them."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)

    def restore() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
    return restore


def serve(stdin=None) -> None:
    from harness.selftest.inprocess import RunJob, prepare_process, run_here
    prepare_process()
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    quiet = os.open(os.devnull, os.O_WRONLY)   # stray output between jobs goes nowhere
    os.dup2(quiet, 1)
    os.close(quiet)
    for line in stdin or sys.stdin:
        if not line.strip():
            continue
        job = RunJob.from_json(line)
        reports = Path(job.reports)
        reports.mkdir(parents=True, exist_ok=True)
        restore = _redirected(reports / LOG_NAME)
        try:
            code = run_here(job)
        except BaseException:   # noqa: BLE001 - a broken run is an answer, not a dead worker
            traceback.print_exc()
            code = 3
        finally:
            restore()
        answers.write(json.dumps({"key": job.key, "returncode": code}) + "\n")


if __name__ == "__main__":
    serve()
