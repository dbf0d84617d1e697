"""How the harness makes an implementation act: triggers (an HTTP request, a command, a person).

Rendering is pure: these functions only build the request or argv; the harness executes them
(with its shared httpx.Client, or subprocess without a shell) under the profile's timeouts.
Observation (seeing the reaction) lives in harness/profiles/observation.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin

from harness.profiles.secrets import Secret
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
    # http: a body per event action (CAEP events carry different required members); `body`
    # is the default for the other events.
    bodies: dict[str, Any] = field(default_factory=dict, hash=False)
    argv: tuple[str, ...] = ()                    # command: run without a shell
    timeout: float | None = None                  # command: None = timeouts.trigger
    prompt: str | None = None                     # manual: text shown to the operator
    deadline: float | None = None                 # manual: seconds the operator has
    # The resolved ${ENV} secrets the body templates use (never printed).
    env: tuple[Secret, ...] = field(default=(), compare=False, metadata={"public": False})

    @property
    def enabled(self) -> bool:
        return self.type != "none"

    def body_for(self, action: str | None) -> Any:
        """The body template for `action`: its own from `bodies`, else the default `body`."""
        return self.bodies.get(action, self.body) if action else self.body


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
    """(method, url, headers, body) for an `http` trigger; values fill `{action}` etc. The body
    is the one for `values["action"]` when the trigger has per-event bodies."""
    _expect(trigger, "http")
    assert trigger.url is not None  # guaranteed by the schema
    body = trigger.body_for(values.get("action"))
    return HttpRequest(trigger.method, render_url(trigger.url, base_url=base_url, **values),
                       trigger.headers.render(values), fill_json(body, values, trigger.env))


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
