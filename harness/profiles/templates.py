"""Templates in profiles: `{placeholder}` values filled in by the harness, `${ENV}` secrets.

Placeholders are substituted at render time (URL values are percent-encoded). `${ENV}`
references are allowed in header values and in request bodies (trigger and drive bodies, extra
stream members, OAuth parameters) and are resolved at load time; a placeholder whose value the
suite does not have is an error, never an empty string.
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
    "email": "the test subject's email address (test_email)",
    "stream_id": "the stream under test",
    "status": "a stream status (enabled, paused, disabled) for transmitter status hooks",
    "state": "a verification state the suite chose (receiver.stream.verify)",
    "jti": "the jti of a SET the suite sent (receiver observation of the action/event logs)",
    "issuer": "issuer URL of the suite's transmitter (receiver drive templates)",
    "metadata_url": "the suite transmitter's /.well-known/ssf-configuration URL",
    "audience": "the audience the suite uses for the stream",
}

_PERSONA = ("issuer", "metadata_url", "audience", "email")
# Which placeholders the suite can fill where: the longest matching field path wins. A template
# naming another placeholder is a profile error, so no value is ever silently empty.
SCOPES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("transmitter", "trigger"), ("action", "event_uri", "email", "stream_id"),
     "the event trigger"),
    (("transmitter", "status_trigger"), ("stream_id", "status", "email"),
     "the status trigger"),
    (("transmitter", "headers"), (), "management request headers"),
    (("transmitter", "create_extra"), ("email",), "stream create members (no stream yet)"),
    (("transmitter", "update_extra"), ("email", "stream_id"), "stream update members"),
    (("transmitter", "extra_by_method"), ("email", "stream_id"),
     "per-method stream members ({stream_id} in update only)"),
    (("transmitter", "auth"), (), "the OAuth token request"),
    (("receiver", "delivery"), (), "the push token request"),
    (("receiver", "stream", "create"), _PERSONA,
     "receiver.stream.create (it runs before the stream exists)"),
    (("receiver", "stream", "verify"), _PERSONA + ("stream_id", "state"),
     "receiver.stream.verify"),
    (("receiver", "stream", "delete"), _PERSONA + ("stream_id",), "receiver.stream.delete"),
    (("receiver", "observation", "security_state_url"), _PERSONA + ("stream_id",),
     "the security-state URL"),
    (("receiver", "observation", "actions_url"), _PERSONA[:3] + ("stream_id", "jti"),
     "the action-log URL"),
    (("receiver", "observation", "events_url"), _PERSONA[:3] + ("stream_id", "jti"),
     "the event-log URL"),
    (("receiver", "observation", "headers"), _PERSONA[:3] + ("stream_id",),
     "observation headers"),
)

# Field names under which `${ENV}` secrets may appear (header values and request bodies).
SECRET_CAPABLE = ("headers", "body", "bodies", "create_extra", "update_extra",
                  "extra_by_method", "extra_params")

# `{name}` but not the `{name}` inside `${NAME}`.
PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
ENV_REF = re.compile(r"\$\{([^}]*)\}")
_TOKEN = re.compile(ENV_REF.pattern + "|" + PLACEHOLDER.pattern)


class TemplateError(ValueError):
    """A template could not be rendered (a placeholder value is missing or unsafe)."""


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def env_refs_in(text: str) -> list[str]:
    return ENV_REF.findall(text)


def scope_of(path: tuple) -> tuple[tuple[str, ...], str] | None:
    """(placeholders the suite fills, what the template is) for a field path, or None when the
    field is not a known template location (then every known placeholder is accepted)."""
    best = None
    for prefix, names, what in SCOPES:
        if tuple(path[:len(prefix)]) == prefix and (best is None or len(prefix) > len(best[0])):
            best = (prefix, names, what)
    return (best[1], best[2]) if best else None


def secret_capable(path: tuple) -> bool:
    """May the string at `path` hold `${ENV}` references (a header value or a body member)?"""
    for index, part in enumerate(path):
        if part == "headers" and index == len(path) - 2:
            return True
        if part in SECRET_CAPABLE and part != "headers":
            return True
    return False


def strings_in(value: Any) -> list[str]:
    """Every string inside a JSON-like value (keys excluded), for template checks."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings_in(v)]
    return []


def env_refs_of(value: Any) -> list[str]:
    """Every `${ENV}` name used in the strings of a JSON-like value, sorted, once each."""
    return sorted({name for text in strings_in(value) for name in env_refs_in(text)})


def fill(text: str, values: Mapping[str, Any], *, encode: bool = False) -> str:
    """Replace `{name}` placeholders; `encode` percent-encodes values for use inside a URL."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if values.get(name) is None:
            raise TemplateError(f"no value for placeholder {{{name}}} in template {text!r}")
        value = str(values[name])
        return quote(value, safe="") if encode else value
    return PLACEHOLDER.sub(replace, text)


def _fill_token(match: re.Match, secrets: Mapping[str, str], values: Mapping[str, Any]) -> str:
    if match.group(1) is not None:
        if match.group(1) not in secrets:
            raise TemplateError(f"no secret for ${{{match.group(1)}}}")
        return secrets[match.group(1)]
    return fill(match.group(0), values)


def fill_secrets(text: str, values: Mapping[str, Any], secrets: Mapping[str, str]) -> str:
    """Fill placeholders and `${ENV}` in one pass, so a filled-in value is never expanded."""
    return _TOKEN.sub(lambda m: _fill_token(m, secrets, values), text)


def fill_json(value: Any, values: Mapping[str, Any],
              secrets: tuple[Secret, ...] | Mapping[str, str] = ()) -> Any:
    """Fill placeholders (not encoded) and `${ENV}` secrets in every string of a JSON body
    template; keys are left as written."""
    resolved = dict(secrets) if isinstance(secrets, Mapping) else {s.env: s.value
                                                                    for s in secrets}
    if isinstance(value, str):
        return fill_secrets(value, values, resolved)
    if isinstance(value, dict):
        return {k: fill_json(v, values, resolved) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_json(v, values, resolved) for v in value]
    return value


def merge_members(body: Any, extra: Any) -> Any:
    """`extra` members added to a JSON object body: objects merge member by member, and what
    the body already holds wins (a scenario's deliberate value is never overwritten)."""
    if not isinstance(body, dict) or not isinstance(extra, dict):
        return body
    out = dict(body)
    for key, value in extra.items():
        out[key] = merge_members(out[key], value) if key in out else value
    return out


@dataclass(frozen=True)
class Headers:
    """Header templates as written (`Bearer ${TUT_TOKEN}`) plus the resolved secrets they use."""

    templates: tuple[tuple[str, str], ...] = ()
    env: tuple[Secret, ...] = field(default=(), compare=False, metadata={"public": False})

    def render(self, values: Mapping[str, Any] | None = None) -> dict[str, str]:
        resolved = {s.env: s.value for s in self.env}
        out: dict[str, str] = {}
        for name, template in self.templates:
            text = fill_secrets(template, values or {}, resolved)
            if "\r" in text or "\n" in text:
                raise TemplateError(f"header {name!r} would contain a line break")
            out[name] = text
        return out

    def public(self) -> dict[str, str]:
        return dict(self.templates)
