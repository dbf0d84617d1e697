"""`ssf-conformance profile FILE`: validate a target profile and show it without secrets."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from harness.cli import EXIT_OK, EXIT_USAGE, app


@app.command()
def profile(path: Path = typer.Argument(..., help="target profile (YAML, TOML or JSON)")) -> None:
    """Validate a target profile; print its public form (secrets shown as ${ENV} names)."""
    from harness.profiles import ProfileError, load_profile
    try:
        loaded = load_profile(path)
    except (ProfileError, OSError) as exc:
        typer.echo(f"profile error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(json.dumps(loaded.public_dict(), indent=2, default=str))
    raise typer.Exit(EXIT_OK)
