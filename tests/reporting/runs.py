"""Run the real CLI (`python -m harness …`) in a subprocess for the end-to-end report tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from harness.suite.profiles import PROJECT_ROOT, default_profile_path

# Deadline for one CLI call; the embedded runs used here take ~5 s on 2 cores.
CLI_TIMEOUT = float(os.environ.get("SSF_TEST_CLI_TIMEOUT", "180"))


def cli(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harness", *map(str, args)], cwd=PROJECT_ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=CLI_TIMEOUT)


def faulty_profile(tmp: Path, *faults: str) -> Path:
    """The reference profile with fault switches on, so the run has failures to show."""
    text = default_profile_path().read_text()
    assert "faults: []" in text, "the reference profile's fault list moved"
    path = tmp / "faulty.yaml"
    path.write_text(text.replace("faults: []", f"faults: [{', '.join(faults)}]"))
    return path


def run_and_report(reports: Path, *, tags: str, profile: Path | None = None,
                   env: dict | None = None) -> tuple[subprocess.CompletedProcess, ...]:
    """`ssf-conformance run` then `ssf-conformance report` into `reports`."""
    env = {"SSF_STATEMENT_KEY": str(reports.parent / "statement-key.json"), **(env or {})}
    run_args = ["run", "--reports", reports, "--tags", tags]
    if profile is not None:
        run_args += ["--target", profile]
    ran = cli(*run_args, env=env)
    assert (reports / "results.json").is_file(), ran.stdout + ran.stderr
    reported = cli("report", "--reports", reports, env=env)
    assert reported.returncode == 0, reported.stdout + reported.stderr
    return ran, reported


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A directory that `build(directory)` fills once per test session, even across xdist
    workers: the first worker builds under an exclusive lock, the others wait on the lock
    (no polling) and reuse the result."""
    import fcntl
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    directory = shared / name
    directory.mkdir(exist_ok=True)
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (directory / ".built").exists():
            build(directory)
            (directory / ".built").touch()
    return directory
