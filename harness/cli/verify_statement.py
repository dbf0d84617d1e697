"""`ssf-conformance verify-statement FILE`: check a signed conformance statement.

Verifies the detached JWS (FILE.jws) over the exact bytes of FILE, then the SHA-256 of every
artifact the statement binds (the .md, results.json, junit.xml) that sits next to it. Any edit
fails. Without --expect-thumbprint or --trusted-jwks the key inside the statement is used, which
proves integrity only: pin the key to also prove who signed.

Exit codes: 0 valid, 1 invalid (edited, wrong key), 2 usage (a file is missing or unreadable).
"""
from __future__ import annotations

from pathlib import Path

import typer

from harness.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, app


@app.command("verify-statement")
def verify_statement(
    file: Path = typer.Argument(..., help="reports/conformance-statement.json"),
    signature: Path = typer.Option(None, help="detached JWS (default: FILE.jws)"),
    trusted_jwks: Path = typer.Option(None, help="JWKS of keys you trust (pins the signer)"),
    expect_thumbprint: str = typer.Option(None, help="RFC 7638 thumbprint the key must have"),
) -> None:
    """Verify a conformance statement's signature and the files it binds; any edit fails."""
    from harness.reporting.signing import load_jwks_keys
    from harness.reporting.statement_files import verify_statement as verify
    try:
        trusted = load_jwks_keys(trusted_jwks) if trusted_jwks else None
        result = verify(file, signature_path=signature, trusted_keys=trusted,
                        expect_thumbprint=expect_thumbprint)
    except FileNotFoundError as exc:
        typer.echo(f"verify-statement: file not found: {exc.filename}", err=True)
        raise typer.Exit(EXIT_USAGE)
    except (OSError, ValueError) as exc:
        typer.echo(f"verify-statement: cannot read input: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if not result.ok:
        for problem in result.problems:
            typer.echo(f"INVALID: {problem}", err=True)
        raise typer.Exit(EXIT_FAILED)
    typer.echo(f"VALID: {', '.join(result.checked)}")
    if result.unchecked:
        typer.echo(f"not checked (not next to the statement): {', '.join(result.unchecked)}")
    if result.pinned:
        typer.echo(f"signed by the pinned key {result.thumbprint}")
    else:
        typer.echo(f"signed by key {result.thumbprint}, which the statement itself carries: "
                   "this proves the files are unchanged since signing, not who signed. Pin it "
                   "with --expect-thumbprint or --trusted-jwks.")
    raise typer.Exit(EXIT_OK)
