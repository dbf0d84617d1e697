"""How a conformance run is launched and judged, shared by `ssf-conformance run`
(harness/cli/run.py) and the self-test's in-process runs (harness/selftest/inprocess.py): the
pytest command for a profile and roles, the exit code a results document gives, and the
expected-results gate. Exit codes: 0 nothing failed or broke, 1 implementation failures, 2
usage or profile errors, 3 harness errors."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable

from harness.suite.profiles import PROJECT_ROOT

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BROKEN = 0, 1, 2, 3

ROLE_MODULES = {
    "transmitter": "steps/test_transmitter_scenarios.py",
    "receiver": "steps/test_receiver_scenarios.py",
    "directory": "steps/test_directory_scenarios.py",
}


def run_roles(role: str, profile) -> tuple[str, ...]:
    """The roles a run covers: `all` is the transmitter and receiver roles, plus the directory
    role when the profile has a `directory` section."""
    if role != "all":
        return (role,)
    return ("transmitter", "receiver") + (("directory",) if profile.directory is not None
                                          else ())


def _modules(roles: tuple[str, ...]) -> list[str]:
    return [ROLE_MODULES[r] for r in roles if (PROJECT_ROOT / ROLE_MODULES[r]).exists()]


def pytest_command(*, profile: Path, reports: Path, tags: str | None, strict: bool,
                   workers: int, no_proxy: bool, target_json: str,
                   timeout_multiplier: float | None, roles: tuple[str, ...] = (),
                   role: str | None = None, debug: bool = False) -> list[str]:
    """`roles` (see run_roles), or one `role` (`all`: the transmitter and receiver roles).
    junit.xml is written from results.json afterwards (harness/results/junit.py)."""
    roles = roles or (("transmitter", "receiver") if role == "all" else (role,))
    cmd = [sys.executable, "-m", "pytest", *_modules(roles), "-q", "-rN",
           "--tb=long" if debug else "--tb=short", "-p", "harness.cli._progress_plugin",
           f"--rootdir={PROJECT_ROOT}",
           f"--ssf-profile={profile}", f"--ssf-run-dir={reports}",
           f"--ssf-results={reports / 'results.json'}",
           f"--ssf-roles={','.join(roles)}",
           f"--ssf-target-json={target_json}",
           f"--alluredir={reports / 'allure-results'}", "--clean-alluredir"]
    if tags:
        cmd.append(f"--ssf-tags={tags}")
    if strict:
        cmd.append("--ssf-strict")
    if no_proxy:
        cmd.append("--ssf-no-proxy")
    if timeout_multiplier:
        cmd.append(f"--ssf-timeout-multiplier={timeout_multiplier}")
    if workers > 1:
        cmd += ["-n", str(workers)]
    return cmd


def exit_code_for(results: dict | None, pytest_rc: int) -> int:
    if results is None:
        return EXIT_BROKEN
    summary = results.get("summary", {})
    if summary.get("broken"):
        return EXIT_BROKEN
    if summary.get("failed"):
        return EXIT_FAILED
    if pytest_rc not in (0, 1, 5):  # 5: nothing selected, which is not a harness error
        return EXIT_BROKEN
    return EXIT_OK


def gate_on_expectations(results: dict, path: Path, reports: Path, code: int,
                         say: Callable[..., None] = print) -> int:
    """With an expected-results file the run passes only when results match it both ways."""
    from harness.results.expected import ExpectationsError, compare, load_expectations
    try:
        outcome = compare(results, load_expectations(path))
    except ExpectationsError as exc:
        say(f"expected-results error: {exc}", err=True)
        return EXIT_USAGE
    (reports / "expectations.json").write_text(json.dumps(outcome, indent=2))
    for item in outcome["unexpected"]:
        say(f"UNEXPECTED {item['status']}: {item['id']} {item.get('variant') or ''}")
    for item in outcome["stale"]:
        say(f"STALE expectation: {item['expectation']} (actual {item['actual']}): "
            f"{item['reason']}")
    if code == EXIT_BROKEN and not outcome["ok"]:
        return EXIT_BROKEN
    return EXIT_OK if outcome["ok"] else EXIT_FAILED
