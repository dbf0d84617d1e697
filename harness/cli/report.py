"""`ssf-conformance report`: turn a finished run's reports/ into what auditors and CI read.

Writes Allure run metadata (environment, executor, categories), the signed conformance statement
and, when Node and the pinned Allure CLI (`npm ci`) are present, reports/html/ (multi-file, serve
it over HTTP) and reports/html-single/index.html (one file, opens from file://).

Exit codes: 0 written (also without Node: the statement is still written and the command says
how to get the HTML), 2 no usable results.json or statement key, 3 the Allure CLI failed.
"""
from __future__ import annotations

from pathlib import Path

import typer

from harness.cli import EXIT_BROKEN, EXIT_OK, EXIT_USAGE, app
from harness.suite.profiles import INSTALLED, PROJECT_ROOT


@app.command()
def report(
    reports: Path = typer.Option(
        Path("reports") if INSTALLED else PROJECT_ROOT / "reports", help="a run's output directory"),
    html: bool = typer.Option(True, "--html/--no-html", help="build the Allure HTML reports"),
    key: Path = typer.Option(None, help="statement signing key file (default: "
                                        "$SSF_STATEMENT_KEY or "
                                        "~/.config/ssf-conformance/statement-key.json)"),
) -> None:
    """Build the HTML reports and the signed conformance statement from a finished run."""
    from harness.reporting.build import build_reports
    from harness.reporting.signing import StatementKeyError
    try:
        outcome = build_reports(reports, project_root=PROJECT_ROOT, key_path=key, html=html)
    except (ValueError, StatementKeyError) as exc:
        typer.echo(f"report error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    except OSError as exc:  # e.g. the reports directory is not writable
        typer.echo(f"report error: cannot write {exc.filename or reports}: {exc.strerror}",
                   err=True)
        raise typer.Exit(EXIT_USAGE)
    st = outcome.statement
    typer.echo(f"statement: {st.json} (+ {st.markdown.name}, {st.signature.name})")
    typer.echo(f"signing key thumbprint: {st.thumbprint} (public key: {st.jwks})")
    if outcome.html is not None:
        typer.echo(f"HTML report: {outcome.html.parent}  (serve it: python3 -m http.server "
                   f"--bind 127.0.0.1 --directory {outcome.html.parent} 8000)")
        typer.echo(f"single-file HTML for auditors: {outcome.single_file}")
    if outcome.html_error:
        typer.echo(f"HTML report failed: {outcome.html_error}", err=True)
        raise typer.Exit(EXIT_BROKEN)
    if outcome.html_note:
        typer.echo(outcome.html_note)
    raise typer.Exit(EXIT_OK)
