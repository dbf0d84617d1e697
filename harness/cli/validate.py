"""`ssf-conformance validate FILE|-`: check a SET or a JSON document against the schemas.

A compact SET is decoded and held to the SET header, claims and event payload schemas (its
signature is verified too when `--jwks` is given); with `--schema NAME` a JWS's claims (an SSA,
say) or a JSON document are validated against that schema. Every error is printed with its
JSON pointer and requirement IDs.
Exit codes: 0 valid, 1 invalid, 2 usage error (bad arguments, unreadable input, unknown schema,
input that is neither JSON nor a JWS, unusable JWKS).
"""
from __future__ import annotations

import json
import re
import sys

import httpx
import typer

from harness.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, app
from harness.jose.sets import (
    ASYMMETRIC_ALGS, SETDecodeError, SETVerifyError, decode_set, verify_set,
)
from harness.schemas import (
    SET_PROFILES, SchemaError, UnknownSchemaError, schema_names, validate, validate_set,
    validate_set_recommended,
)

DEFAULT_MAX_BYTES = 1_048_576  # a SET or management document is a few KB; refuse anything huge
JWKS_TIMEOUT_SECONDS = 10.0
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")


class UsageError(Exception):
    """Bad input or arguments: reported on stderr, exit code 2."""


def _read_input(source: str, max_bytes: int) -> str:
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {source!r}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise UsageError(f"input is larger than {max_bytes} bytes (see --max-bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("input is not UTF-8 text") from None


def _load_jwks(location: str, max_bytes: int) -> dict:
    if location.startswith(("https://", "http://")):
        try:
            with httpx.Client(timeout=JWKS_TIMEOUT_SECONDS) as client:
                response = client.get(location)
        except httpx.HTTPError as exc:
            raise UsageError(f"cannot fetch the JWKS: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise UsageError(f"cannot fetch the JWKS: HTTP {response.status_code}")
        text = response.text[: max_bytes + 1]
    else:
        text = _read_input(location, max_bytes)
    try:
        jwks = json.loads(text)
    except ValueError:
        raise UsageError("the JWKS is not JSON") from None
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise UsageError("the JWKS is not a JSON object with a 'keys' array")
    return jwks


def _print_errors(errors: list[SchemaError], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"valid": not any(e.level == "MUST" for e in errors),
                               "errors": [e.to_dict() for e in errors]}, indent=2))
        return
    for error in errors:
        label = "warning" if error.level == "SHOULD" else "error"
        reqs = ", ".join(error.requirements) or error.source or "-"
        typer.echo(f"{label}: {error.pointer or '/'}: {error.message} "
                   f"[{error.keyword}] ({reqs})")


def _signature_errors(token: str, jwks: str | None, max_bytes: int) -> list[SchemaError]:
    if jwks is None:
        return []
    try:
        verify_set(token, _load_jwks(jwks, max_bytes), algs=ASYMMETRIC_ALGS)
    except SETVerifyError as exc:
        return [SchemaError("/signature", str(exc), "signature", "", ("SET-19",))]
    return []


def _check_jws(text: str, schema: str | None, jwks: str | None, profile: str,
               recommended: bool, max_bytes: int) -> list[SchemaError]:
    """A SET (no --schema), or any JWT whose claims go to --schema (e.g. an SSA)."""
    try:
        decoded = decode_set(text)
    except SETDecodeError as exc:
        return [SchemaError("", str(exc), "jws", "", ("JOSE-03",))]
    except RecursionError:
        raise UsageError("the token's JSON is nested too deeply") from None
    if schema is not None:
        errors = _check_document(decoded.claims, schema, recommended)
    else:
        errors = validate_set(decoded, profile=profile)
        if recommended:
            errors += validate_set_recommended(decoded)
    return errors + _signature_errors(decoded.token, jwks, max_bytes)


def _check_document(document, schema: str | None, recommended: bool) -> list[SchemaError]:
    if schema is None:
        raise UsageError("a JSON document needs --schema NAME (see --list-schemas)")
    try:
        errors = validate(schema, document)
    except UnknownSchemaError:
        raise UsageError(f"unknown schema {schema!r} (see --list-schemas)") from None
    if recommended and f"{schema}-recommended" in schema_names():
        errors += validate(f"{schema}-recommended", document)
    return errors


@app.command("validate")
def validate_command(
    source: str = typer.Argument(None, metavar="FILE|-",
                                 help="A compact SET or a JSON document; '-' reads stdin."),
    schema: str = typer.Option(None, "--schema", help="Schema name for a JSON document."),
    jwks: str = typer.Option(None, "--jwks", metavar="URL|FILE",
                             help="Verify the SET's signature with this JWKS."),
    profile: str = typer.Option("ssf", "--profile",
                                help=f"SET rules: {' or '.join(SET_PROFILES)}."),
    recommended: bool = typer.Option(False, "--recommended",
                                     help="Also report SHOULD-level findings (as warnings)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Refuse inputs larger than this."),
    list_schemas: bool = typer.Option(False, "--list-schemas", help="List schema names and exit."),
) -> None:
    """Validate a SET or a JSON document; print every error with its pointer and requirement."""
    if list_schemas:
        typer.echo("\n".join(schema_names()))
        raise typer.Exit(EXIT_OK)
    try:
        if source is None:
            raise UsageError("missing FILE (or '-' for stdin)")
        if profile not in SET_PROFILES:
            raise UsageError(f"unknown --profile {profile!r}; expected one of {list(SET_PROFILES)}")
        text = _read_input(source, max_bytes).strip()
        if _COMPACT_JWS.match(text):
            errors = _check_jws(text, schema, jwks, profile, recommended, max_bytes)
        else:
            if jwks is not None:
                raise UsageError("--jwks applies to a compact JWS, not to a JSON document")
            try:
                document = json.loads(text)
            except ValueError:
                raise UsageError("input is neither a compact JWS nor JSON") from None
            except RecursionError:
                raise UsageError("input JSON is nested too deeply") from None
            errors = _check_document(document, schema, recommended)
    except UsageError as exc:
        typer.echo(f"usage error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    _print_errors(errors, as_json)
    failed = any(error.level == "MUST" for error in errors)
    if not as_json:
        typer.echo("invalid" if failed else "valid")
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)
