"""One self-test run inside this process: what `ssf-conformance run` does in its pytest
subprocess, called again and again by a long-lived batch worker (harness/selftest/batch.py).

The pytest arguments are the CLI's own (harness.suite.run_command.pytest_command), the
preflight is the CLI's, and the exit code is computed the same way, so a run here is judged exactly like a run
of the real CLI; what is saved is the interpreter start, the imports and the CLI process of each
run. Every run gets a fresh pytest session (its own embedded reference, proxies and collector)
with only its own fault switched on.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from harness.suite.profiles import PROJECT_ROOT, default_profile_path


@dataclass(frozen=True)
class RunJob:
    """One run of the suite: a fault (or none) against a profile, for one role."""

    key: str                        # unique within a batch (the test id)
    fault: str | None
    role: str
    reports: str                    # the run's own reports folder
    tags: str | None = None         # None: every scenario of the role
    target: str | None = None       # a profile path; None: the embedded reference profile
    variation: str | None = None    # a legal variation: its profile is written and used
    timeout: float = 600.0
    estimate: float = 5.0           # expected seconds, to start the long runs first

    def to_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> "RunJob":
        return cls(**json.loads(text))


def target_of(job: RunJob) -> Path:
    """The profile the job runs against (a variation's is written into its reports folder)."""
    if job.variation:
        from harness.reference.variations import registry
        from harness.selftest.variation_runs import variation_profile
        return variation_profile(registry()[job.variation], Path(job.reports))
    path = Path(job.target) if job.target else default_profile_path()
    return path if path.is_absolute() else PROJECT_ROOT / path


def cli_args(job: RunJob) -> list[str]:
    """The same run as arguments of `ssf-conformance run` (for the subprocess path)."""
    args = ["--role", job.role, "--reports", job.reports, "--target", str(target_of(job))]
    if job.tags:
        args += ["--tags", job.tags]
    return args


def run_here(job: RunJob) -> int:
    """Run the job's pytest session in this process; returns the exit code the CLI would give
    (results.json is in job.reports)."""
    import pytest

    from harness.suite.run_command import (exit_code_for, gate_on_expectations,
                                           pytest_command, run_roles)
    from harness.profiles import load_profile
    from harness.suite.preflight import run_preflight

    reports = Path(job.reports).resolve()
    reports.mkdir(parents=True, exist_ok=True)
    results_path = reports / "results.json"
    results_path.unlink(missing_ok=True)
    profile_path = target_of(job).resolve()
    os.environ["SSF_REFERENCE_FAULTS"] = job.fault or ""
    profile = load_profile(profile_path)
    roles = run_roles(job.role, profile)
    cmd = pytest_command(profile=profile_path, roles=roles, reports=reports, tags=job.tags,
                         strict=False, workers=1, no_proxy=False,
                         target_json=json.dumps(profile.public_dict()),
                         timeout_multiplier=None)
    preflight = run_preflight(profile, roles)
    preflight.write(reports / "preflight.json")
    cmd.append(f"--ssf-preflight={reports / 'preflight.json'}")
    assert cmd[1:3] == ["-m", "pytest"], cmd
    rc = int(pytest.main(cmd[3:]))
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    code = exit_code_for(results, rc)
    if preflight.stopping is not None:
        code = preflight.exit_code()
    if profile.expected is not None and results is not None:
        code = gate_on_expectations(results, Path(profile.expected), reports, code)
    return code


def prepare_process() -> None:
    """What the CLI's subprocess gets from its environment: the project root as working
    directory and on sys.path."""
    os.chdir(PROJECT_ROOT)
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    os.environ["PYTHONPATH"] = str(PROJECT_ROOT)
