"""`ssf-conformance load`: how much an implementation can take, bounded in count and duration
(docs/interop.md). Only loopback or the hosts the profile declares are ever targeted.

Exit codes: 0 every SET accepted and none lost, 1 errors or losses, 2 usage or profile errors
(incl. an undeclared host), 3 harness errors.
"""
from __future__ import annotations

from pathlib import Path

import typer

from harness.cli import EXIT_BROKEN, EXIT_FAILED, EXIT_OK, EXIT_USAGE, app
from harness.suite.profiles import INSTALLED, PROJECT_ROOT, default_profile_path


def _summary(result: dict) -> tuple[list[str], bool]:
    if result["role"] == "transmitter":
        lat = result["latency_ms"]
        clean = result["accepted"] == result["sent"] and not result["lost"]
        return [f"accepted {result['accepted']}/{result['sent']} in {result['seconds']} s: "
                f"{result['accepted_per_second']} accepted/s",
                f"latency ms p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}",
                "errors " + (", ".join(f"{k}: {v}" for k, v in result["errors"].items())
                             or "none") + f"; lost {result['lost']}"], clean
    lines, clean = [], True
    for method, m in result["methods"].items():
        if "error" in m:
            lines.append(f"{method}: {m['error']}")
            clean = False
            continue
        lat = m["latency_ms"]
        lines.append(f"{method}: delivered {m['delivered']}/{m['triggered']} "
                     f"({m['delivered_per_second']}/s), lost {m['lost']}, duplicates "
                     f"{m['duplicates']}, latency ms p50 {lat['p50']} p95 {lat['p95']} "
                     f"p99 {lat['p99']}")
        clean = clean and not m["lost"] and not m["duplicates"] and not m["triggers_failed"]
    return lines, clean


@app.command()
def load(
    target: Path = typer.Option(None, "--target", help="profile of the implementation "
                                "(default: the embedded reference)"),
    role: str = typer.Option(..., "--role", help="the suite's role: transmitter (load a "
                             "receiver with pushed SETs) or receiver (load a transmitter "
                             "through its trigger)"),
    count: int = typer.Option(100, "--count", min=1, max=100_000, help="SETs / events"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=256,
                                    help="requests in flight at most"),
    rate: float = typer.Option(None, "--rate", min=0.001, help="requests started per second "
                               "at most (default: as fast as the concurrency allows)"),
    duration: float = typer.Option(120.0, "--duration", min=0.1, max=3600.0,
                                   help="no request starts after this many seconds"),
    methods: str = typer.Option("push,poll", help="receiver role: delivery methods measured"),
    max_events: int = typer.Option(100, "--max-events", min=1, max=10_000,
                                   help="receiver role: maxEvents of each poll"),
    reports: Path = typer.Option(
        Path("reports") if INSTALLED else PROJECT_ROOT / "reports", help="output directory"),
) -> None:
    """Push N SETs at a receiver, or have a transmitter emit N events, and measure."""
    from harness.interop.flows import parse_methods
    from harness.interop.hosts import HostRefused
    from harness.interop.load_report import write_load_reports
    from harness.interop.load_runner import LoadShape
    from harness.profiles import ProfileError, load_profile
    if role not in ("transmitter", "receiver"):
        typer.echo("error: --role must be transmitter or receiver", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        profile = load_profile(target or default_profile_path())
        wanted = "receiver" if role == "transmitter" else "transmitter"
        profile.target(wanted)
        chosen = parse_methods(methods)
        shape = LoadShape(count, concurrency, rate, duration)
    except (ProfileError, LookupError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    run_dir = reports.resolve() / "load-run"
    try:
        if role == "transmitter":
            from harness.interop.load_push import load_receiver
            result = load_receiver(profile, shape, run_dir)
        else:
            from harness.interop.load_delivery import load_transmitter
            result = load_transmitter(profile, shape, run_dir, chosen, max_events)
    except HostRefused as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    except Exception as exc:  # noqa: BLE001 - a harness error: say what, exit 3
        typer.echo(f"error: the load run could not complete: {type(exc).__name__}: {exc}",
                   err=True)
        raise typer.Exit(EXIT_BROKEN)
    paths = write_load_reports(result, reports.resolve())
    lines, clean = _summary(result)
    for line in lines:
        typer.echo(line)
    for kind, path in paths.items():
        typer.echo(f"{kind:5} {path}")
    raise typer.Exit(EXIT_OK if clean else EXIT_FAILED)
