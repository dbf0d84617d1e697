"""`ssf-conformance doctor`: the run's preflight alone, as a table of what it checked.

Exit 0 when nothing failed, 1 when the implementation failed a probe (it accepts connections and
does not answer, its discovery is not metadata), 2 when the profile is wrong (no such profile,
nothing listens where it says, its CA or credentials are refused).
"""
from __future__ import annotations

from pathlib import Path

import typer

from harness.cli import EXIT_USAGE, app
from harness.suite.profiles import default_profile_path

_STYLE = {"ok": "green", "failed": "red", "skipped": "dim"}


@app.command()
def doctor(
    target: Path = typer.Option(None, "--target", help="target profile (default: reference)"),
    role: str = typer.Option("all", help="transmitter | receiver | all (the profile's roles)"),
) -> None:
    """Check that the profile's targets are reachable, trusted and accept its credentials.

    Example: ssf-conformance doctor --target profiles/my-transmitter.yaml
    """
    from rich.console import Console
    from rich.table import Table

    from harness.profiles import ProfileError, load_profile
    from harness.suite.preflight import run_preflight
    if role not in ("transmitter", "receiver", "all"):
        typer.echo(f"--role must be transmitter, receiver or all (got {role!r})", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        profile = load_profile((target or default_profile_path()).resolve())
    except (ProfileError, OSError) as exc:
        typer.echo(f"profile error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    roles = tuple(r for r in ("transmitter", "receiver")
                  if role in (r, "all") and getattr(profile, r) is not None)
    if not roles:
        typer.echo(f"profile {profile.name} declares no {role} target", err=True)
        raise typer.Exit(EXIT_USAGE)
    preflight = run_preflight(profile, roles)
    table = Table(title=f"preflight of {profile.name}")
    for column in ("role", "check", "status", "detail"):
        table.add_column(column, overflow="fold")
    for probe in preflight.probes:
        style = _STYLE.get(probe.status, "")
        status = probe.status + (f" ({probe.kind})" if probe.kind else "")
        table.add_row(probe.role, probe.name, f"[{style}]{status}[/{style}]", probe.detail)
    console = Console()
    console.print(table)
    code = preflight.exit_code()
    if code:
        failed = preflight.stopping or preflight.failed[0]
        console.print(f"[red]fix first:[/red] {failed.role} {failed.name}: {failed.detail}",
                      markup=True, highlight=False)
    raise typer.Exit(code)
