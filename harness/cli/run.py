"""`ssf-conformance run`: run the conformance suite against a target profile.

Runs pytest in a subprocess (so a crash of the target or of a plugin cannot take the CLI down),
then reads results.json to decide the exit code: 0 nothing failed or broke, 1 implementation
failures, 2 usage or profile errors, 3 harness errors. A root cause is a failure (or a harness
error) of the scenario that reported it; the scenarios it blocked add nothing to the exit code.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import typer

from harness.cli import EXIT_USAGE, app
from harness.suite.profiles import INSTALLED, PROJECT_ROOT, default_profile_path
from harness.suite.run_command import (  # noqa: F401 - harness.cli.list imports them from here
    ROLE_MODULES, _modules, exit_code_for, gate_on_expectations, pytest_command, run_roles,
)


@app.command()
def run(
    target: Path = typer.Option(None, "--target", help="target profile (default: reference)"),
    role: str = typer.Option("transmitter", help="transmitter | receiver | directory | all (directory included when the profile has one)"),
    tags: str = typer.Option(None, help="tag expression, e.g. 'area:poll and not id:TX-POLL-03'"),
    strict: bool = typer.Option(False, help="SHOULD-level failures fail the run"),
    workers: int = typer.Option(1, help="parallel workers (pytest-xdist)"),
    no_proxy: bool = typer.Option(False, "--no-proxy", help="bypass the recording proxy"),
    reports: Path = typer.Option(
        Path("reports") if INSTALLED else PROJECT_ROOT / "reports", help="output directory"),
    timeout_multiplier: float = typer.Option(None, help="scale every profile timeout"),
    expected: Path = typer.Option(None, help="expected-results file (default: the profile's)"),
    debug: bool = typer.Option(False, "--debug", help="show pytest's own output, tracebacks "
                               "included, instead of the progress display"),
) -> None:
    """Run the conformance suite and write results.json, junit.xml and allure-results.

    Example: ssf-conformance run --target my-transmitter.yaml --role transmitter
    --tags 'area:push and not id:TX-PUSH-03' --reports reports/

    Exit codes: 0 passed, 1 implementation failures, 2 usage or profile error, 3 harness
    error, 130 interrupted. Python tracebacks go to reports/pytest.log (--debug: console)."""
    from harness.profiles import ProfileError, load_profile
    if role not in (*ROLE_MODULES, "all"):
        typer.echo(f"--role must be transmitter, receiver, directory or all (got {role!r})",
                   err=True)
        raise typer.Exit(EXIT_USAGE)
    profile_path = (target or default_profile_path()).resolve()
    try:
        profile = load_profile(profile_path)
    except (ProfileError, OSError) as exc:
        typer.echo(f"profile error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if tags:
        from harness.suite.selection import TagExpressionError, compile_tags
        try:
            compile_tags(tags)
        except TagExpressionError as exc:
            typer.echo(f"usage error: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE)
    roles = run_roles(role, profile)
    if role == "directory" and profile.directory is None:
        typer.echo("--role directory needs a profile with a directory section", err=True)
        raise typer.Exit(EXIT_USAGE)
    if not _modules(roles):
        typer.echo(f"no scenarios exist yet for role {role!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    reports = reports.resolve()
    reports.mkdir(parents=True, exist_ok=True)
    results_path = reports / "results.json"
    results_path.unlink(missing_ok=True)
    cmd = pytest_command(profile=profile_path, roles=roles, reports=reports, tags=tags,
                         strict=strict, workers=workers, no_proxy=no_proxy,
                         target_json=json.dumps(profile.public_dict()),
                         timeout_multiplier=timeout_multiplier, debug=debug)
    from harness.suite.listening import header_lines, workers_conflict
    conflict = workers_conflict(profile, roles, workers)
    if conflict:
        typer.echo(conflict, err=True)
        raise typer.Exit(EXIT_USAGE)
    for line in header_lines(profile, roles):   # e.g. the suite CA an implementation must trust
        typer.echo(line)
    started = time.monotonic()
    preflight = _preflight(profile, roles, reports)
    cmd.append(f"--ssf-preflight={reports / 'preflight.json'}")
    from rich.console import Console
    console = Console(highlight=False)
    log = None if debug else reports / "pytest.log"
    rc, interrupted = _run_pytest(cmd, profile.timeouts.scaled("startup"), console, log)
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    if interrupted:
        _mark_interrupted(results_path, results)
    from harness.results.junit import write_junit
    write_junit(reports / "junit.xml", results)
    from harness.cli._console import print_summary
    print_summary(console, results, reports, time.monotonic() - started, log)
    if interrupted:
        typer.echo("interrupted (Ctrl-C): results.json lists the scenarios that ran", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    if results is not None and not results.get("scenarios"):
        typer.echo(f"usage error: no scenario matches the selection (role {role}"
                   f"{', --tags ' + repr(tags) if tags else ''}); see `ssf-conformance list`",
                   err=True)
        raise typer.Exit(EXIT_USAGE)
    code = exit_code_for(results, rc)
    if preflight.stopping is not None:   # 1: the implementation's failure, 2: the profile's
        code = preflight.exit_code()
    expected = expected or profile.expected
    if expected is not None and results is not None:
        code = _gate_on_expectations(results, Path(expected), reports, code)
    raise typer.Exit(code)


EXIT_INTERRUPTED = 130   # the shell's convention for a run ended by SIGINT


def _run_pytest(cmd: list[str], grace: float, console, log: Path | None) -> tuple[int, bool]:
    """Run pytest; its own output goes to `log` (None: the console) while the progress plugin
    reports on a pipe. Ctrl-C reaches pytest too (same process group): give it `grace` seconds
    to stop its servers and write results.json, then end it."""
    from harness.cli._console import ProgressFollower
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    if log is None:   # --debug: pytest's own output (tracebacks included) on the console
        child = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env)
        follower = None
    else:
        read_fd, write_fd = os.pipe()
        out = log.open("w")
        try:
            child = subprocess.Popen([*cmd, f"--ssf-progress-fd={write_fd}"], cwd=PROJECT_ROOT,
                                     env=env, pass_fds=(write_fd,), stdout=out,
                                     stderr=subprocess.STDOUT)
        finally:
            os.close(write_fd)   # the child holds its copy: EOF on the pipe when pytest ends
            out.close()          # so does its log
        follower = ProgressFollower(console, read_fd).start()
    try:
        return child.wait(), False
    except KeyboardInterrupt:
        try:
            child.wait(timeout=grace)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            child.kill()
            child.wait()
        return child.returncode, True
    finally:
        if follower is not None:
            follower.stop(grace)


def _mark_interrupted(path: Path, results: dict | None) -> None:
    if results is not None and not results.get("interrupted"):
        results["interrupted"] = True
        path.write_text(json.dumps(results, indent=2, default=str))


def _preflight(profile, roles: tuple[str, ...], reports: Path):
    """Probe the targets first; a failure ends every scenario at once (one root cause)."""
    from harness.suite.preflight import run_preflight
    preflight = run_preflight(profile, roles)
    preflight.write(reports / "preflight.json")
    stop = preflight.stopping
    if stop is not None:
        typer.echo(f"preflight failed ({stop.kind} error), no scenario can run: "
                   f"{stop.role} {stop.name}: {stop.detail}", err=True)
    return preflight


def _gate_on_expectations(results: dict, path: Path, reports: Path, code: int) -> int:
    return gate_on_expectations(results, path, reports, code, say=typer.echo)
