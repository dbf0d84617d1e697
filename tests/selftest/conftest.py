"""The self-test's suite runs, started at the beginning of the session and shared by the xdist
workers (harness/selftest/shared.py): a test marked `selftest_run(key)` gets its run from the
`selftest_run` fixture. The runs happen in long-lived batch workers (one fresh pytest session
per run, only its fault on), long ones first, while the other tests run; those tests are moved
to the end of the session so their runs are mostly done when they are reached.

SSF_SELFTEST_WORKERS sets the batch workers per test process. The default keeps four runs per
core going in all: a run waits on its target (deadlines, intervals, retries) most of the time,
and with 8 runs on 2 cores they still used less than the whole machine.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.selftest.plan import job_for
from harness.selftest.shared import SharedRuns

RUNS = pytest.StashKey[SharedRuns]()
ROOT = pytest.StashKey[Path]()


def _job(item: pytest.Item, root: Path):
    mark = item.get_closest_marker("selftest_run")
    return job_for(mark.args[0], root, **mark.kwargs) if mark else None


def pytest_collection_modifyitems(items: list) -> None:
    runs = [i for i in items if i.get_closest_marker("selftest_run")]
    if runs:
        rest = [i for i in items if not i.get_closest_marker("selftest_run")]
        items[:] = rest + runs


def _shared_root(config: pytest.Config) -> Path:
    """One folder per session that every xdist worker sees (the controller's basetemp)."""
    base = config._tmp_path_factory.getbasetemp()   # noqa: SLF001 - no public hook-time API
    return (base.parent if hasattr(config, "workerinput") else base) / "selftest-runs"


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if config.option.collectonly:
        return
    root = _shared_root(config)
    jobs = [job for item in session.items if (job := _job(item, root)) is not None]
    if not jobs:
        return
    size = int(os.environ.get("SSF_SELFTEST_WORKERS", "0")) or _default_size()
    config.stash[ROOT] = root
    config.stash[RUNS] = SharedRuns(root, size)
    config.stash[RUNS].start(jobs)


def _default_size() -> int:
    processes = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    return max(1, 4 * (os.cpu_count() or 1) // processes)


def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    runs = session.config.stash.get(RUNS, None)
    if runs is not None:   # the jobs no process has started yet are this one's to finish
        runs.close(cancel_pending=bool(session.shouldfail or session.shouldstop)
                   or exitstatus == pytest.ExitCode.INTERRUPTED)


@pytest.fixture
def selftest_run(request: pytest.FixtureRequest):
    """The FaultRun of this test's `selftest_run(key, **fields)` mark."""
    config = request.config
    runs, root = config.stash.get(RUNS, None), config.stash.get(ROOT, None)
    if runs is None:   # e.g. a test selected after collection by a plugin
        root = _shared_root(config)
        runs = config.stash[RUNS] = SharedRuns(root, 1)
        config.stash[ROOT] = root
    return runs.result(_job(request.node, root))
