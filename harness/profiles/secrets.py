"""Secrets in profiles: always named by an environment variable, never written in the file.

A `Secret` keeps the variable's name (safe to print) apart from its value (never printed):
`str()` and `repr()` show only `${NAME}`, so a stray f-string or log line cannot leak it.
"""
from __future__ import annotations

import re
import secrets as _random
from dataclasses import dataclass, field

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Field names that would hold a secret literally; the profile must use the `_env` form instead.
LITERAL_SECRET_FIELDS: dict[str, str] = {
    "token": "token_env",
    "access_token": "token_env",
    "bearer": "token_env",
    "client_secret": "client_secret_env",
    "authorization_header": "authorization_header_env",
    "password": "client_key_password_env",
    "key_password": "client_key_password_env",
    "client_key_password": "client_key_password_env",
    "secret": "token_env",
    "api_key": "a header such as `X-Api-Key: ${API_KEY}`",
    "private_key": "tls.client_key (a file path)",
}

# Header names whose values are credentials: a literal value there is a secret in the file.
SENSITIVE_HEADER = re.compile(r"authorization|cookie|token|secret|api[-_]?key|password",
                              re.IGNORECASE)

# Member names in request bodies (trigger and drive bodies, extra stream members, OAuth
# parameters) whose value is a credential: it must come from the environment as "${NAME}".
# Compared lower-cased with "-" read as "_".
BODY_SECRET_KEYS = frozenset(LITERAL_SECRET_FIELDS) | {
    "authorization", "refresh_token", "id_token", "apikey", "x_api_key", "client_assertion",
    "assertion", "cookie"}

# A credential written into a command line or a URL: `Bearer abc…`, `--token=abc`, `?token=abc`.
_LITERAL_CREDENTIAL = (
    re.compile(r"\b(bearer|basic)\s+(?!\$\{)[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE),
    re.compile(r"^--?(token|access[-_]token|password|secret|client[-_]secret|api[-_]?key)="
               r"(?!\$\{).+", re.IGNORECASE),
    re.compile(r"[?&](access_token|token|client_secret|api_?key|password|secret)=(?![&{$])",
               re.IGNORECASE),
)


def is_body_secret_key(name: object) -> bool:
    return str(name).lower().replace("-", "_") in BODY_SECRET_KEYS


def looks_like_literal_credential(text: str) -> bool:
    """True for a credential written literally into an argv element or a URL."""
    return any(pattern.search(text) for pattern in _LITERAL_CREDENTIAL)


@dataclass(frozen=True)
class Secret:
    env: str                              # the environment variable's name
    value: str = field(repr=False)        # the resolved value; read it explicitly, never print it
    generated: bool = False               # True when made up at load time for an embedded target

    def __str__(self) -> str:
        return "${" + self.env + "}"


def generate_secret() -> str:
    """A fresh random value for an embedded reference target's secret."""
    return _random.token_urlsafe(32)
