"""A pool of long-lived batch workers (harness/selftest/batch.py) that runs self-test jobs.

Each worker imports once and runs its jobs one after another, each in a fresh pytest session;
the pool keeps `size` of them busy, the longest jobs first (a run waits mostly on its target:
a few at a time use the cores better than one). A job that outlives its deadline takes its
worker down with it (the whole process group: its mitmdumps too) and answers as broken; the
next job gets a fresh worker.
"""
from __future__ import annotations

import heapq
import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path

from harness.selftest.batch import LOG_NAME
from harness.selftest.inprocess import RunJob
from harness.selftest.runner import FaultRun
from harness.suite.profiles import PROJECT_ROOT

JOBS_PER_WORKER = 40    # a fresh interpreter now and then: nothing a run leaks piles up
BROKEN = 3


def read_run(job: RunJob, returncode: int, note: str = "") -> FaultRun:
    """The finished job as the CLI path reports it: results.json and the output's tail."""
    reports = Path(job.reports)
    results_path = reports / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    log = reports / LOG_NAME
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    return FaultRun(job.fault, job.role, returncode, results, (tail + note)[-3000:],
                    job.reports)


# mitmdump failing to bind (Errno 98). Servers and proxies now bind port 0 themselves or hold a
# reserved socket (harness.runtime.servers.reserve_port), so this should not happen; one retry
# remains for a machine whose ephemeral ports run short. A server that exits during startup for
# any reason is not retried: that is a real failure.
PORT_TAKEN = ("[Errno 98]", "address already in use")


def lost_a_port_race(run: FaultRun) -> bool:
    texts = [run.output_tail if run.results is None else ""]
    texts += [sc.get("message") or "" for sc in (run.results or {}).get("scenarios", [])
              if sc.get("status") == "broken"]
    return any(marker in text for text in texts for marker in PORT_TAKEN)


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "harness.selftest.batch"], cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        self.jobs = 0
        self._buffer = b""

    def run(self, job: RunJob) -> tuple[int, str]:
        """Send the job, wait for its answer line until its deadline."""
        self.jobs += 1
        self.proc.stdin.write((job.to_json() + "\n").encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + job.timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                return BROKEN, f"\n[selftest pool] no answer within {job.timeout:g}s: killed"
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.kill()
                    return BROKEN, "\n[selftest pool] the worker died during the run"
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return int(json.loads(line)["returncode"]), ""

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)   # its mitmdumps go too
            except ProcessLookupError:
                pass
        self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()   # end of input: the worker returns after its job
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


class BatchPool:
    """submit(job) -> Future[FaultRun]; jobs with the largest estimate start first, a job
    someone waits for (hurry) before them. `claim(job)`, when given, is asked right before a
    job starts: False means another process runs it, and its future answers None."""

    def __init__(self, size: int, claim=None) -> None:
        self.size = max(1, size)
        self.claim = claim
        self._queued: dict[str, tuple] = {}
        self._queue: list = []
        self._order = itertools.count()
        self._lock = threading.Condition()
        self._closed = False
        self._threads = [threading.Thread(target=self._serve, name=f"selftest-pool-{i}",
                                          daemon=True) for i in range(self.size)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: RunJob) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("pool closed")
            entry = (-job.estimate, next(self._order), job, future)
            heapq.heappush(self._queue, entry)
            self._queued[job.key] = entry
            self._lock.notify()
        return future

    def hurry(self, key: str) -> None:
        """Start this queued job before every other queued one."""
        with self._lock:
            entry = self._queued.get(key)
            if entry is not None and not entry[3].running() and not entry[3].done():
                heapq.heappush(self._queue, (float("-inf"), next(self._order), *entry[2:]))
                self._lock.notify()

    def close(self, cancel_pending: bool = False) -> None:
        """Finish the queued jobs (or cancel them), then stop the workers."""
        with self._lock:
            self._closed = True
            if cancel_pending:
                for entry in self._queue:
                    entry[3].cancel()
            self._lock.notify_all()
        for thread in self._threads:
            thread.join()

    def _next(self):
        """The next job to run, its future set running (a hurried job is queued twice)."""
        with self._lock:
            while True:
                while not self._queue and not self._closed:
                    self._lock.wait()
                if not self._queue:
                    return None
                entry = heapq.heappop(self._queue)
                future = entry[3]
                if future.running() or future.done():
                    continue
                if future.set_running_or_notify_cancel():
                    return entry

    def _serve(self) -> None:
        worker: _Worker | None = None
        try:
            while (entry := self._next()) is not None:
                _, _, job, future = entry
                try:
                    if self.claim is not None and not self.claim(job):
                        future.set_result(None)
                        continue
                    if worker is None or worker.proc.poll() is not None \
                            or worker.jobs >= JOBS_PER_WORKER:
                        if worker is not None:
                            worker.close()
                        worker = _Worker()
                    for attempt in (1, 2):
                        if worker is None:
                            worker = _Worker()
                        code, note = worker.run(job)
                        if code == BROKEN and worker.proc.poll() is not None:
                            worker = None
                        run = read_run(job, code, note)
                        if attempt == 2 or not lost_a_port_race(run):
                            break
                        shutil.rmtree(job.reports, ignore_errors=True)
                    future.set_result(run)
                except BaseException as exc:  # noqa: BLE001 - the waiting test reports it
                    future.set_exception(exc)
        finally:
            if worker is not None:
                worker.close()
