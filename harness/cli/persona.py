"""`ssf-conformance persona`: the suite's transmitter persona (receiver role) as a receiver under
test sees it across runs: its issuer, jwks_uri and signing keys, kept per profile under the state
directory. Keys change only when rotated here, deliberately."""
from __future__ import annotations

import json
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

persona_app = typer.Typer(no_args_is_help=True, help="The suite's transmitter persona.")
app.add_typer(persona_app, name="persona")


def _profile(target: Path):
    from harness.profiles import ProfileError, load_profile
    try:
        return load_profile(target, check_files=False, env=_ANY_ENV)
    except (ProfileError, OSError) as exc:
        typer.echo(f"profile error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)


def _keys(profile):
    from harness.suite.listening import state_dir
    from harness.suite.persona_keys import PersonaKeys
    return PersonaKeys.for_profile(state_dir(profile), profile.name)


@persona_app.command("show")
def show(target: Path = typer.Option(..., "--target", help="target profile")) -> None:
    """The persona's issuer, metadata URL, jwks_uri and key ids for this profile."""
    from harness.suite.receiver_persona import ISSUER_PATH
    from harness.ssf.constants import WELL_KNOWN_SSF
    profile = _profile(target)
    listener = profile.suite.persona
    origin = listener.public_base_url or (
        f"https://{listener.host}:{listener.port}" if listener.port else None)
    ring = _keys(profile).load()
    info = {"issuer": origin + ISSUER_PATH if origin else None,
            "metadata_url": origin + WELL_KNOWN_SSF + ISSUER_PATH if origin else None,
            "jwks_uri": origin + ISSUER_PATH + "/jwks" if origin else None,
            "signing_kid": ring.current.kid, "published_kids": [k.kid for k in ring.published()],
            "keys_file": str(_keys(profile).file)}
    if origin is None:
        info["note"] = ("suite.persona.port is 0: the issuer changes every run; set a port "
                        "(and public_base_url) for a stable one")
    typer.echo(json.dumps(info, indent=2))


@persona_app.command("rotate-keys")
def rotate_keys(target: Path = typer.Option(..., "--target", help="target profile")) -> None:
    """Make a new signing key for the persona; the previous one stays in its JWKS for an hour."""
    keys = _keys(_profile(target))
    new = keys.rotate()
    published = [k.kid for k in keys.load().published()]
    typer.echo(json.dumps({"signing_kid": new.kid, "published_kids": published}, indent=2))
