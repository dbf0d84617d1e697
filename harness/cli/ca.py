"""`ssf-conformance ca`: the suite's certificate authority, kept across runs under the state
directory (`.state/ca/` by default). An implementation under test that pushes to the suite, or
reads the suite's transmitter persona, must trust it: `ca export` hands it over."""
from __future__ import annotations

import shutil
from pathlib import Path

import typer

from harness.cli import EXIT_USAGE, app


class _AnyEnv(dict):
    """The profile's secrets are not needed here: a variable that is not set reads as a
    placeholder instead of being an error."""

    def get(self, name, default=None):
        import os
        return os.environ.get(name) or "not-needed-here"


_ANY_ENV = _AnyEnv()

ca_app = typer.Typer(no_args_is_help=True, help="The suite's certificate authority.")
app.add_typer(ca_app, name="ca")


def _state(target: Path | None, state: Path | None) -> Path:
    from harness.suite.listening import state_dir
    if state is not None:
        return state
    if target is None:
        return state_dir()
    from harness.profiles import ProfileError, load_profile
    try:
        return state_dir(load_profile(target, check_files=False, env=_ANY_ENV))
    except (ProfileError, OSError) as exc:
        typer.echo(f"profile error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)


@ca_app.command("export")
def export(
    out: Path = typer.Option(None, "--out", help="write the CA certificate (PEM) here; "
                                                 "default: print it"),
    target: Path = typer.Option(None, "--target", help="profile whose suite.state_dir to use"),
    state: Path = typer.Option(None, "--state", help="state directory (default: $SSF_STATE_DIR "
                                                     "or .state)"),
) -> None:
    """Write the suite's CA certificate (made on first use) for your implementation to trust."""
    from harness.runtime.tls import SuiteCA
    ca = SuiteCA.load_or_create(_state(target, state) / "ca")
    if out is None:
        typer.echo(ca.cert_file.read_text(), nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ca.cert_file, out)
    typer.echo(f"suite CA certificate written to {out} (kept at {ca.cert_file})", err=True)


@ca_app.command("path")
def path(
    target: Path = typer.Option(None, "--target", help="profile whose suite.state_dir to use"),
    state: Path = typer.Option(None, "--state", help="state directory"),
) -> None:
    """Print where the suite's CA certificate is kept (made on first use)."""
    from harness.runtime.tls import SuiteCA
    typer.echo(str(SuiteCA.load_or_create(_state(target, state) / "ca").cert_file))
