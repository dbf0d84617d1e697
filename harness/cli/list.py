"""`ssf-conformance list`: the scenarios a run with these options would run, and why each other
one would be skipped (a capability the profile does not declare, for the scenario or for one
Examples row), without contacting the target. The same collection and `--tags` selection as
`run`; exit 2 for a profile or `--tags` error and for a selection that matches nothing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import typer

from harness.cli import EXIT_BROKEN, EXIT_USAGE, app
from harness.suite.profiles import PROJECT_ROOT, default_profile_path


def skip_reasons(profile, scenario: dict) -> list[str]:
    """Why the profile would skip this scenario (empty: it runs)."""
    caps = profile.capabilities(scenario["role"])
    return [caps.skip_reason(tag) for tag in scenario["requires"] if not caps.supports(tag)]


def collect(profile_path: Path, roles: tuple[str, ...], tags: str | None) -> list[dict]:
    """The scenarios pytest collects for `roles` and keeps for `tags` (RuntimeError if the
    collection itself fails)."""
    from harness.cli.run import _modules
    with tempfile.TemporaryDirectory(prefix="ssf-list-") as tmp:
        out = Path(tmp) / "list.json"
        cmd = [sys.executable, "-m", "pytest", *_modules(roles), "--collect-only", "-q",
               "-p", "no:cacheprovider", f"--rootdir={PROJECT_ROOT}",
               f"--ssf-profile={profile_path}", f"--ssf-list={out}"]
        if tags:
            cmd.append(f"--ssf-tags={tags}")
        done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
        if not out.exists():
            raise RuntimeError((done.stdout + done.stderr).strip()[-2000:])
        return json.loads(out.read_text())


@app.command(name="list")
def list_scenarios(
    target: Path = typer.Option(None, "--target", help="target profile (default: reference)"),
    role: str = typer.Option("transmitter", help="transmitter | receiver | directory | all"),
    tags: str = typer.Option(None, help="tag expression, e.g. 'area:poll and not id:TX-POLL-03'"),
    as_json: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
) -> None:
    """Show the scenarios a run would execute and the reason each other one would skip.

    Example: ssf-conformance list --target profiles/my.yaml --tags 'area:streams'
    """
    from rich.console import Console
    from rich.table import Table

    from harness.catalog.scenarios import collect_scenarios
    from harness.cli.run import ROLE_MODULES, run_roles
    from harness.profiles import ProfileError, load_profile
    from harness.suite.selection import TagExpressionError, compile_tags
    if role not in (*ROLE_MODULES, "all"):
        typer.echo(f"usage error: --role must be transmitter, receiver, directory or all "
                   f"(got {role!r})", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        if tags:
            compile_tags(tags)
        profile_path = (target or default_profile_path()).resolve()
        profile = load_profile(profile_path)
    except TagExpressionError as exc:
        typer.echo(f"usage error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    except (ProfileError, OSError) as exc:
        typer.echo(f"profile error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        scenarios = collect(profile_path, run_roles(role, profile), tags)
    except RuntimeError as exc:
        typer.echo(f"collection failed:\n{exc}", err=True)
        raise typer.Exit(EXIT_BROKEN)
    if not scenarios:
        typer.echo(f"usage error: no scenario matches the selection (role {role}"
                   f"{', --tags ' + repr(tags) if tags else ''})", err=True)
        raise typer.Exit(EXIT_USAGE)
    names = {s.id: s.name for s in collect_scenarios(PROJECT_ROOT / "features") if s.id}
    for scenario in scenarios:
        scenario["name"] = names.get(scenario["id"], "")
        scenario["skip"] = skip_reasons(profile, scenario)
    if as_json:
        typer.echo(json.dumps(scenarios, indent=2))
        return
    table = Table(title=f"scenarios for {profile.name} (role {role}"
                        f"{', tags ' + tags if tags else ''})")
    for column in ("id", "row", "scenario", "would"):
        table.add_column(column, overflow="fold")
    for sc in scenarios:
        row = ", ".join(f"{k}={v}" for k, v in sc["variant"].items())
        would = "[green]run[/green]" if not sc["skip"] else "[yellow]skip[/yellow]: " + \
            "; ".join(sc["skip"])
        table.add_row(sc["id"] or "?", row, sc["name"], would)
    console = Console()
    console.print(table)
    runs = sum(1 for sc in scenarios if not sc["skip"])
    console.print(f"{runs} would run, {len(scenarios) - runs} would skip")
