"""How the harness makes an implementation act (triggers) and sees its reaction (observation).

Rendering is pure: these functions only build the request or argv; the harness executes them
(with its shared httpx.Client, or subprocess without a shell) under the profile's timeouts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin

from harness.profiles.templates import Headers, TemplateError, fill, fill_json

TRIGGER_TYPES = ("http", "command", "manual", "none")


@dataclass(frozen=True)
class Trigger:
    """One way to make the implementation do something: an HTTP request, a command, a person."""

    type: str = "none"
    method: str = "POST"                          # http
    url: str | None = None                        # http: absolute, or a path joined to base_url
    headers: Headers = Headers()                  # http: may use ${ENV} secrets
    body: Any = field(default=None, hash=False)   # http: JSON template, None = no body
    argv: tuple[str, ...] = ()                    # command: run without a shell
    timeout: float | None = None                  # command: None = timeouts.trigger
    prompt: str | None = None                     # manual: text shown to the operator
    deadline: float | None = None                 # manual: seconds the operator has

    @property
    def enabled(self) -> bool:
        return self.type != "none"


class HttpRequest(NamedTuple):
    method: str
    url: str
    headers: dict[str, str]
    body: Any          # JSON-serialisable value for httpx's `json=`, or None


def render_url(template: str, *, base_url: str | None = None, **values: Any) -> str:
    """Fill placeholders (percent-encoded) and join a path-only template onto `base_url`."""
    url = fill(template, values, encode=True)
    if url.startswith("/"):
        if not base_url:
            raise TemplateError(f"URL {template!r} is a path and needs base_url")
        url = urljoin(base_url, url)
    return url


def render_http_trigger(trigger: Trigger, *, base_url: str | None = None,
                        **values: Any) -> HttpRequest:
    """(method, url, headers, body) for an `http` trigger; values fill `{action}` etc."""
    _expect(trigger, "http")
    assert trigger.url is not None  # guaranteed by the schema
    return HttpRequest(trigger.method, render_url(trigger.url, base_url=base_url, **values),
                       trigger.headers.render(values), fill_json(trigger.body, values))


def render_command(trigger: Trigger, **values: Any) -> list[str]:
    """argv for a `command` trigger: each element filled separately, never through a shell."""
    _expect(trigger, "command")
    return [fill(arg, values) for arg in trigger.argv]


def render_prompt(trigger: Trigger, **values: Any) -> str:
    """The operator's instruction for a `manual` trigger."""
    _expect(trigger, "manual")
    return fill(trigger.prompt or "", values)


def _expect(trigger: Trigger, kind: str) -> None:
    if trigger.type != kind:
        raise TemplateError(f"trigger is of type {trigger.type!r}, not {kind!r}")


OBSERVATION_KINDS = ("actions", "events", "security_state")


@dataclass(frozen=True)
class Observation:
    """Where the harness reads a receiver's reaction: its action log, event log, subject state."""

    type: str = "none"                       # http | none
    actions_url: str | None = None           # response-action log, e.g. /ssf/receiver/actions
    events_url: str | None = None            # received-event log, e.g. /ssf/receiver/events
    security_state_url: str | None = None    # per subject, e.g. /ssf/security-state/{email}
    headers: Headers = Headers()

    def url_for(self, kind: str) -> str | None:
        if kind not in OBSERVATION_KINDS:
            raise ValueError(f"unknown observation kind {kind!r}; known: {OBSERVATION_KINDS}")
        return getattr(self, f"{kind}_url") if self.type == "http" else None

    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in OBSERVATION_KINDS if self.url_for(k))


def render_observation(observation: Observation, kind: str, *, base_url: str | None = None,
                       **values: Any) -> HttpRequest:
    """The GET request that reads one observation (`actions`, `events`, `security_state`)."""
    template = observation.url_for(kind)
    if template is None:
        raise TemplateError(f"observation {kind!r} is not configured")
    return HttpRequest("GET", render_url(template, base_url=base_url, **values),
                       observation.headers.render(values), None)
