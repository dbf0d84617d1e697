"""Running the profile's triggers and drives, and shaping management calls the way the profile
says: one `fire` for both roles (HTTP request, command or operator prompt, each giving an
`Outcome` that is checked the same way), the profile's headers on every management request, and
its extra stream members in create and update bodies.
"""
from __future__ import annotations

from typing import Any, Callable

from harness.profiles.templates import merge_members
from harness.profiles.triggers import (Trigger, render_command, render_http_trigger,
                                       render_prompt)
from harness.ssf.constants import POLL, PUSH
from harness.suite.operator import prompt_operator
from harness.suite.outcomes import CommandRun, Outcome, run_command

# The subject the feature files name; a profile's test_email stands for it (an external
# implementation knows its own test subject, not ours).
DEFAULT_TEST_EMAIL = "alice@example.com"
METHOD_NAMES = {PUSH: "push", POLL: "poll"}


class TriggerUnavailable(RuntimeError):
    """The profile gives no way to make the implementation do this."""


def fire(trigger: Trigger, *, http, base_url: str | None, values: dict, timeout: float,
         secrets: list[str], on_command: Callable[[CommandRun], None]) -> Outcome:
    """Run one trigger or drive. A placeholder without a value raises TemplateError, a manual
    trigger in a run without an operator NoOperator; the outcome itself is never raised."""
    if trigger.type == "http":
        request = render_http_trigger(trigger, base_url=base_url, **values)
        return Outcome.of_http(http.call(request.method, request.url, json=request.body,
                                         headers=dict(request.headers), timeout=timeout))
    if trigger.type == "command":
        run = run_command(render_command(trigger, **values), trigger.timeout or timeout, secrets)
        on_command(run)
        return Outcome.of_command(run)
    if trigger.type == "manual":
        deadline = float(trigger.deadline or timeout)
        prompt_operator(render_prompt(trigger, **values), deadline)
        return Outcome.of_prompt(deadline)
    raise TriggerUnavailable("the profile configures no trigger for this")


class ManagementHttp:
    """The suite's HTTP client with the profile's `transmitter.headers` on every request (a
    header the call sets itself wins)."""

    def __init__(self, http, headers: dict[str, str]) -> None:
        self._http, self._headers = http, headers

    def call(self, method: str, url: str, *, headers: dict[str, str] | None = None,
             **kwargs: Any):
        return self._http.call(method, url, headers={**self._headers, **(headers or {})},
                               **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._http, name)


def with_extras(target, kind: str, body: Any, email: str | None) -> Any:
    """A create ("create") or update/replace ("update") body with the profile's extra members
    added; the body's own members win."""
    if not isinstance(body, dict):
        return body
    delivery = body.get("delivery") if isinstance(body.get("delivery"), dict) else {}
    method = METHOD_NAMES.get(delivery.get("method"))
    values = {"email": email, "stream_id": body.get("stream_id")}
    return merge_members(body, target.stream_extras.members(kind, method, **values))
