"""`ssf-conformance matrix`: every transmitter profile against every receiver profile over the
seed flows, push and poll; reports/matrix.{json,md,html} (docs/interop.md).

Exit codes: 0 no red cell, 1 at least one red cell, 2 usage or profile errors, 3 harness errors.
"""
from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperCommand

from harness.cli import EXIT_BROKEN, EXIT_FAILED, EXIT_OK, EXIT_USAGE, app
from harness.suite.profiles import INSTALLED, PROJECT_ROOT, default_profile_path


GREEDY = {"--transmitters": "--transmitters", "-t": "--transmitters",
          "--receivers": "--receivers", "-r": "--receivers"}


class GreedyProfiles(TyperCommand):
    """`--transmitters A.yaml B.yaml --receivers X.yaml`: every value after one of these options
    up to the next option belongs to it (click takes one value per option occurrence)."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        spread, current = [], None
        for arg in args:
            if arg.startswith("-"):
                current = GREEDY.get(arg.split("=", 1)[0]) if "=" not in arg else None
                if current is None or "=" in arg:
                    spread.append(arg)
                continue
            if current is not None:
                spread += [current, arg]
            else:
                spread.append(arg)
        return super().parse_args(ctx, spread)


def _profiles(paths: list[Path] | None, option: str) -> tuple[str, ...]:
    chosen = list(paths or []) or [default_profile_path()]
    missing = [str(p) for p in chosen if not Path(p).is_file()]
    if missing:
        raise typer.BadParameter(f"file not found: {', '.join(missing)}", param_hint=option)
    from harness.profiles import ProfileError, load_profile
    for path in chosen:   # every problem now, before any server starts
        try:
            load_profile(path)
        except ProfileError as exc:
            raise typer.BadParameter(str(exc), param_hint=option) from None
    return tuple(str(Path(p).resolve()) for p in chosen)


@app.command(cls=GreedyProfiles)
def matrix(
    transmitters: list[Path] = typer.Option(
        None, "--transmitters", "-t", help="transmitter profiles (default: the embedded "
        "reference); give the option once per file or list them after it"),
    receivers: list[Path] = typer.Option(
        None, "--receivers", "-r", help="receiver profiles (default: the embedded reference)"),
    flows: str = typer.Option("", help="comma-separated seed flows (default: all of "
                              "session-revoked, credential-change, account-disabled, "
                              "credential-compromise, verification)"),
    methods: str = typer.Option("push,poll", help="delivery methods: push, poll or both"),
    reports: Path = typer.Option(
        Path("reports") if INSTALLED else PROJECT_ROOT / "reports", help="output directory"),
    workers: int = typer.Option(2, min=1, max=32, help="pairs run in parallel (processes)"),
) -> None:
    """Pair every transmitter with every receiver and run the seed flows over push and poll."""
    from harness.interop.flows import parse_flows, parse_methods
    from harness.interop.matrix import MatrixPlan, run_matrix, write_reports
    try:
        chosen_flows, chosen_methods = parse_flows(flows), parse_methods(methods)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    plan = MatrixPlan(_profiles(transmitters, "--transmitters"),
                      _profiles(receivers, "--receivers"),
                      tuple(f.name for f in chosen_flows), tuple(chosen_methods), workers)
    typer.echo(f"{len(plan.pairs())} pair(s) × {len(plan.flows)} flow(s) × "
               f"{len(plan.methods)} method(s), {workers} worker(s)")

    def show(pair: dict) -> None:
        counts = {c: sum(1 for x in pair["cells"] if x["colour"] == c)
                  for c in ("green", "yellow", "red", "grey")}
        typer.echo(f"  {pair['transmitter']['name']} → {pair['receiver']['name']}: "
                   + ", ".join(f"{n} {c}" for c, n in counts.items() if n)
                   + f" ({pair.get('seconds')} s)")
    try:
        result = run_matrix(plan, show)
        paths = write_reports(result, reports.resolve())
    except Exception as exc:  # noqa: BLE001 - a harness error: say what, exit 3
        typer.echo(f"error: the matrix could not run: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(EXIT_BROKEN)
    t = result["totals"]
    typer.echo(f"{t['green']} green, {t['yellow']} yellow, {t['red']} red, {t['grey']} grey "
               f"in {result['seconds']} s")
    for kind, path in paths.items():
        typer.echo(f"{kind:5} {path}")
    raise typer.Exit(EXIT_FAILED if t["red"] else EXIT_OK)
