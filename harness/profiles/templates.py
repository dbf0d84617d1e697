"""Templates in profiles: `{placeholder}` values filled in by the harness, `${ENV}` secrets.

Placeholders are substituted at render time (URL values are percent-encoded); `${ENV}`
references are allowed in header values only and are resolved at load time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import quote

from harness.profiles.secrets import Secret

# What the harness can fill in. Shared by triggers, drive templates and observation URLs.
PLACEHOLDERS: dict[str, str] = {
    "action": "event action slug, e.g. session-revoked (harness/ssf/events.py)",
    "event_uri": "full event type URI of the action",
    "email": "the test subject's email address",
    "stream_id": "the stream under test",
    "status": "a stream status (enabled, paused, disabled) for transmitter status hooks",
    "jti": "the jti of a SET the suite sent",
    "issuer": "issuer URL of the suite's transmitter (receiver drive templates)",
    "metadata_url": "the suite transmitter's /.well-known/ssf-configuration URL",
    "audience": "the audience the suite uses for the stream",
}

# `{name}` but not the `{name}` inside `${NAME}`.
PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
ENV_REF = re.compile(r"\$\{([^}]*)\}")


class TemplateError(ValueError):
    """A template could not be rendered (a placeholder value is missing or unsafe)."""


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def env_refs_in(text: str) -> list[str]:
    return ENV_REF.findall(text)


def strings_in(value: Any) -> list[str]:
    """Every string inside a JSON-like value (keys excluded), for template checks."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings_in(v)]
    return []


def fill(text: str, values: Mapping[str, Any], *, encode: bool = False) -> str:
    """Replace `{name}` placeholders; `encode` percent-encodes values for use inside a URL."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if values.get(name) is None:
            raise TemplateError(f"no value for placeholder {{{name}}} in template {text!r}")
        value = str(values[name])
        return quote(value, safe="") if encode else value
    return PLACEHOLDER.sub(replace, text)


def fill_json(value: Any, values: Mapping[str, Any]) -> Any:
    """Fill placeholders in every string of a JSON body template (values are not encoded)."""
    if isinstance(value, str):
        return fill(value, values)
    if isinstance(value, dict):
        return {k: fill_json(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_json(v, values) for v in value]
    return value


_HEADER_TOKEN = re.compile(ENV_REF.pattern + "|" + PLACEHOLDER.pattern)


def _header_token(match: re.Match, secrets: Mapping[str, str], values: Mapping[str, Any]) -> str:
    if match.group(1) is not None:
        return secrets[match.group(1)]
    return fill(match.group(0), values)


@dataclass(frozen=True)
class Headers:
    """Header templates as written (`Bearer ${TUT_TOKEN}`) plus the resolved secrets they use."""

    templates: tuple[tuple[str, str], ...] = ()
    env: tuple[Secret, ...] = field(default=(), compare=False, metadata={"public": False})

    def render(self, values: Mapping[str, Any] | None = None) -> dict[str, str]:
        resolved = {s.env: s.value for s in self.env}
        out: dict[str, str] = {}
        for name, template in self.templates:
            # One pass over both kinds, so a filled-in value is never itself expanded.
            text = _HEADER_TOKEN.sub(lambda m: _header_token(m, resolved, values or {}), template)
            if "\r" in text or "\n" in text:
                raise TemplateError(f"header {name!r} would contain a line break")
            out[name] = text
        return out

    def public(self) -> dict[str, str]:
        return dict(self.templates)
