"""The profile's `directory` section: the trust directory under test (role `directory`), and the
directory whose SSAs the transmitter and receiver roles use for registration by software
statement (capability `ssa_registration`).

    directory:
      embedded: true                      # the reference directory, started by the suite
    # or an external one:
    directory:
      base_url: https://directory.example
      jwks_url: https://directory.example/.well-known/jwks.json
      organisation_id: my-org
      token_env: DIRECTORY_TOKEN

Derived capability tags: `directory_admin` (statuses can be changed and SSAs minted: the
embedded reference's admin API), `directory_rate_limit` (the profile states a capacity the suite
may exceed), `other_organisation` (an organisation the token may not act for). The transmitter
and receiver targets get `directory` and `directory_admin` from this section, and keep
`ssa_registration` only when the profile has one.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from harness.profiles.capabilities import Capabilities
from harness.profiles.errors import Problems
from harness.profiles.model import Listener
from harness.profiles.secrets import Secret
from harness.profiles.walk import obj

REGISTRATION = "ssa_registration"
EMBEDDED_ORGANISATION = "suite-org"
EMBEDDED_RATE_LIMIT = 3  # the probe organisation's capacity in the embedded directory


@dataclass(frozen=True)
class DirectoryTarget:
    capabilities: Capabilities
    embedded: bool = False
    base_url: str | None = None          # where the documented calls go
    issuer: str | None = None            # the SSA `iss`; default: base_url
    jwks_url: str | None = None          # the keys SSAs are signed with
    organisation_id: str | None = None   # the organisation the token acts for
    token: Secret | None = None
    other_organisation_id: str | None = None
    rate_limit_requests: int | None = None   # capacity per window of the rate-limit token
    rate_limit_token: Secret | None = None
    listen: Listener = Listener()        # embedded: where it binds and is reached from outside

    @property
    def ssa_issuer(self) -> str | None:
        return self.issuer or self.base_url


def build_directory(raw: dict, secret, name: str) -> DirectoryTarget:
    """`secret(name)` resolves an *_env field (harness/profiles/build.py's builder)."""
    embedded = raw.get("embedded", False)
    limit = raw.get("rate_limit") or {}
    listen = raw.get("listen") or {}
    public = listen.get("public_base_url")
    derived = [t for t, on in (
        ("directory_admin", embedded),
        ("directory_rate_limit", embedded or bool(limit)),
        ("other_organisation", embedded or bool(raw.get("other_organisation_id")))) if on]
    hints = {"directory_admin": "only the embedded reference directory's statuses can be"
                                " changed by the suite",
             "directory_rate_limit": "directory.rate_limit is not set",
             "other_organisation": "directory.other_organisation_id is not set"}
    caps = Capabilities(name, "directory", derived=tuple(derived), hints=tuple(hints.items()))
    base = raw.get("base_url")
    return DirectoryTarget(
        capabilities=caps, embedded=embedded, base_url=base.rstrip("/") if base else None,
        issuer=raw.get("issuer"), jwks_url=raw.get("jwks_url"),
        organisation_id=raw.get("organisation_id", EMBEDDED_ORGANISATION if embedded else None),
        token=secret(raw.get("token_env")),
        other_organisation_id=raw.get("other_organisation_id"),
        rate_limit_requests=limit.get("requests", EMBEDDED_RATE_LIMIT if embedded else None),
        rate_limit_token=secret(limit.get("token_env")),
        listen=Listener(listen.get("host", "127.0.0.1"), int(listen.get("port", 0)),
                        public.rstrip("/") if public else None))


def with_directory(target: Any, directory: DirectoryTarget | None) -> Any:
    """A transmitter or receiver target seen with the profile's directory: `directory` and
    `directory_admin` derived, and `ssa_registration` only when there is a directory."""
    if target is None:
        return None
    caps = target.capabilities
    derived = list(caps.derived)
    hints = dict(caps.hints)
    if directory is not None:
        derived.append("directory")
        if directory.embedded:
            derived.append("directory_admin")
        else:
            hints["directory_admin"] = "only the embedded reference directory's statuses can be" \
                                       " changed by the suite"
    else:
        hints.update({"directory": "the profile has no directory section",
                      "directory_admin": "the profile has no directory section",
                      REGISTRATION: "the profile has no directory section to take SSAs from"})
    optional = tuple(o for o in caps.optional if o != REGISTRATION or directory is not None)
    return replace(target, capabilities=replace(caps, optional=optional, derived=tuple(derived),
                                                hints=tuple(hints.items())))


def check_directory(document: Any, problems: Problems) -> None:
    """What the schema cannot say: ssa_registration needs a directory to take SSAs from."""
    has_directory = isinstance(obj(document).get("directory"), dict)
    for role in ("transmitter", "receiver"):
        optional = obj(document, role, "capabilities").get("optional")
        if isinstance(optional, list) and REGISTRATION in optional and not has_directory:
            problems.add((role, "capabilities", "optional"),
                         f'"{REGISTRATION}" needs a directory section (the trust directory whose'
                         " SSAs are presented)")
    limit = obj(document, "directory", "rate_limit")
    if limit and not limit.get("token_env") and obj(document, "directory").get("embedded") \
            is not True:
        problems.add(("directory", "rate_limit", "token_env"),
                     "required: the token whose requests the directory throttles")
