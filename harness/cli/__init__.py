"""`ssf-conformance` command line.

Each subcommand lives in its own module in this package and registers itself on `app`
(`@app.command()`); modules are discovered at start-up so rooms can add commands independently.

Exit codes (documented in README): 0 pass, 1 implementation failures / invalid input document,
2 usage or profile errors, 3 harness errors.
"""
from __future__ import annotations

import importlib
import pkgutil

import typer

# add_completion: typer's --install-completion / --show-completion (bash, zsh, fish, PowerShell).
app = typer.Typer(add_completion=True, no_args_is_help=True,
                  help="OpenID Shared Signals conformance suite and interop harness.")



def _print_version(value: bool) -> None:
    if value:
        from harness.results.identity import version_text
        typer.echo(version_text())
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_print_version,
                                       is_eager=True, help="print the suite version and commit")
          ) -> None:
    """OpenID Shared Signals conformance suite and interop harness."""


# The exit codes live with the run command they judge (one place); re-exported for the CLI.
from harness.suite.run_command import (  # noqa: E402,F401
    EXIT_BROKEN, EXIT_FAILED, EXIT_OK, EXIT_USAGE,
)


def _load_commands() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def main() -> None:
    _load_commands()
    app()
