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
import sys
import time
from pathlib import Path

import typer

from harness.cli import EXIT_BROKEN, EXIT_FAILED, EXIT_OK, EXIT_USAGE, app
from harness.suite.profiles import PROJECT_ROOT, default_profile_path

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
                   role: str | None = None) -> list[str]:
    """`roles` (see run_roles), or one `role` (`all`: the transmitter and receiver roles)."""
    roles = roles or (("transmitter", "receiver") if role == "all" else (role,))
    cmd = [sys.executable, "-m", "pytest", *_modules(roles), "-q", "-rN",
           f"--rootdir={PROJECT_ROOT}",
           f"--ssf-profile={profile}", f"--ssf-run-dir={reports}",
           f"--ssf-results={reports / 'results.json'}",
           f"--ssf-roles={','.join(roles)}",
           f"--ssf-target-json={target_json}",
           f"--junitxml={reports / 'junit.xml'}",
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


@app.command()
def run(
    target: Path = typer.Option(None, "--target", help="target profile (default: reference)"),
    role: str = typer.Option("transmitter", help="transmitter | receiver | directory | all (directory included when the profile has one)"),
    tags: str = typer.Option(None, help="tag expression, e.g. 'area:poll and not id:TX-POLL-03'"),
    strict: bool = typer.Option(False, help="SHOULD-level failures fail the run"),
    workers: int = typer.Option(1, help="parallel workers (pytest-xdist)"),
    no_proxy: bool = typer.Option(False, "--no-proxy", help="bypass the recording proxy"),
    reports: Path = typer.Option(PROJECT_ROOT / "reports", help="output directory"),
    timeout_multiplier: float = typer.Option(None, help="scale every profile timeout"),
    expected: Path = typer.Option(None, help="expected-results file (default: the profile's)"),
) -> None:
    """Run the conformance suite and write results.json, junit.xml and allure-results."""
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
                         timeout_multiplier=timeout_multiplier)
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
    rc, interrupted = _run_pytest(cmd, profile.timeouts.scaled("startup"))
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    if interrupted:
        _mark_interrupted(results_path, results)
    _print_summary(results, reports, time.monotonic() - started)
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


def _run_pytest(cmd: list[str], grace: float) -> tuple[int, bool]:
    """Run pytest; Ctrl-C reaches it too (same process group): give it `grace` seconds to
    stop its servers and write results.json, then end it."""
    child = subprocess.Popen(cmd, cwd=PROJECT_ROOT,
                             env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        return child.wait(), False
    except KeyboardInterrupt:
        try:
            child.wait(timeout=grace)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            child.kill()
            child.wait()
        return child.returncode, True


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
    """With an expected-results file the run passes only when results match it both ways."""
    from harness.results.expected import ExpectationsError, compare, load_expectations
    try:
        outcome = compare(results, load_expectations(path))
    except ExpectationsError as exc:
        typer.echo(f"expected-results error: {exc}", err=True)
        return EXIT_USAGE
    (reports / "expectations.json").write_text(json.dumps(outcome, indent=2))
    for item in outcome["unexpected"]:
        typer.echo(f"UNEXPECTED {item['status']}: {item['id']} {item.get('variant') or ''}")
    for item in outcome["stale"]:
        typer.echo(f"STALE expectation: {item['expectation']} (actual {item['actual']}): "
                   f"{item['reason']}")
    if code == EXIT_BROKEN and not outcome["ok"]:
        return EXIT_BROKEN
    return EXIT_OK if outcome["ok"] else EXIT_FAILED


def _print_root_causes(console, causes: list[dict]) -> None:
    """The run summary opens with the root causes: each failed precondition once, what it
    blocked, and what to do about it (the scenarios they blocked are not listed one by one)."""
    if not causes:
        return
    blocked = sum(c.get("blocked", 0) for c in causes)
    console.print(f"[bold red]{len(causes)} root cause(s)[/bold red], blocking {blocked} "
                  "scenario(s): fix these first")
    for cause in causes:
        lines = [f"{cause['id']} ({cause.get('precondition')}): {cause.get('summary')}",
                 f"   expected {cause.get('expected')!r}, actual {cause.get('actual')!r}; "
                 f"evidence: {', '.join(cause.get('evidence') or []) or 'see the scenario'}",
                 f"   reported by {', '.join(cause.get('reported_by') or []) or '-'}; "
                 f"blocked {cause.get('blocked', 0)} scenario(s)",
                 f"   what to do: {cause.get('advice') or '-'}"]
        for line in lines:
            console.print(f"  {line}", markup=False)


def _print_summary(results: dict | None, reports: Path, seconds: float) -> None:
    from rich.console import Console
    console = Console()
    if results is None:
        console.print("[red]no results.json was written: the run broke before the end[/red]")
        return
    _print_root_causes(console, results.get("root_causes") or [])
    s = results["summary"]
    console.print(f"[bold]{sum(s.values())} scenarios[/bold] in {seconds:.1f}s: "
                  f"[green]{s['passed']} passed[/green], [red]{s['failed']} failed[/red], "
                  f"[yellow]{s['warning']} warning[/yellow], {s['skipped']} skipped, "
                  f"[cyan]{s.get('blocked', 0)} blocked[/cyan], "
                  f"[magenta]{s['broken']} broken[/magenta]")
    for sc in results["scenarios"]:
        if sc["status"] in ("failed", "broken", "warning"):
            console.print(f"  {sc['status'].upper():8} {sc['id']} {sc['name']}")
            for line in (sc.get("message") or "").splitlines()[:6]:
                console.print(f"           {line}", markup=False)
    console.print(f"results: {reports / 'results.json'}  junit: {reports / 'junit.xml'}  "
                  f"allure: {reports / 'allure-results'}")
