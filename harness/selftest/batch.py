"""A long-lived self-test worker: `python -m harness.selftest.batch`.

Reads one job per line on stdin (RunJob as JSON), runs it in this process
(harness/selftest/inprocess.py: a fresh pytest session per job, only the job's fault on) and
answers one line per job on the original stdout: {"key": ..., "returncode": ...}. Everything
the run prints goes to run.log in the job's reports folder, never into the answer channel.
Imports are paid once per worker instead of once per run, mitmproxy's too: the worker's
recording proxies fork their mitmdumps from one server that imported it (mitm_zygote.py).
SSF_SELFTEST_ZYGOTE=0, or an SSF_MITMDUMP of your own, starts each mitmdump afresh instead.
The worker (and so its runs' mitmdumps) runs at a lower CPU priority (SSF_SELFTEST_NICE,
default 10): the runs soak up the cores the other tests leave idle, and those tests, some of
which time whole CLI runs, keep the CPU they need.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

LOG_NAME = "run.log"
HERE = Path(__file__).resolve().parent
ZYGOTE_STARTUP = 30.0   # seconds for the fork server to import mitmproxy and listen


def start_mitm_zygote() -> tuple[subprocess.Popen, dict[str, str]] | None:
    """Start the mitmdump fork server; returns it and the environment that points the
    recording proxies at its launcher (SSF_MITMDUMP), or None (each proxy then starts
    mitmdump itself) when switched off or when it does not come up."""
    from harness.proxy.process import MITMDUMP_ENV, default_mitmdump
    python = default_mitmdump().parent / "python"
    if os.environ.get(MITMDUMP_ENV) or os.environ.get("SSF_SELFTEST_ZYGOTE") == "0" \
            or not os.access(python, os.X_OK):
        return None
    tmp = Path(tempfile.mkdtemp(prefix="ssf-zygote-"))
    atexit.register(shutil.rmtree, tmp, True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    proc = subprocess.Popen([str(python), str(HERE / "mitm_zygote.py"), str(tmp / "sock")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=open(tmp / "zygote.log", "wb"), env=env)
    ready, _, _ = select.select([proc.stdout], [], [], ZYGOTE_STARTUP)
    if not ready or proc.stdout.readline().strip() != b"ready":
        proc.kill()
        proc.wait()
        return None
    launcher = tmp / "mitmdump"
    launcher.write_text(f"#!{sys.executable} -S\n" + (HERE / "mitm_launcher.py").read_text())
    launcher.chmod(0o755)
    return proc, {MITMDUMP_ENV: str(launcher), "SSF_MITM_ZYGOTE": str(tmp / "sock"),
                  "SSF_MITM_FALLBACK": str(default_mitmdump())}


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
    os.nice(int(os.environ.get("SSF_SELFTEST_NICE", "10")))
    zygote = start_mitm_zygote()   # lives as long as this worker (it reads our pipe)
    if zygote is not None:
        os.environ.update(zygote[1])
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
