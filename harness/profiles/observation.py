"""Where the harness reads a receiver's reaction, and where in each answer the data is.

A receiver under test exposes up to three observation endpoints: its response-action log, its
received-event log and the security state of one subject. Their URLs and the layout of their
answers are profile data: JSON pointers (RFC 6901) say where the entries are (a JSON array, or
an object whose values are the entries) and where each field is inside an entry or a state. The
defaults are the sandbox layout of our reference receiver.

Reading is pure: `read_log` and `read_state` turn an answer into plain values with the suite's
field names, or raise `Unreadable` saying which profile field does not match the answer, so a
scenario is blocked with that reason instead of crashing or passing on nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from harness.profiles.templates import Headers, TemplateError
from harness.profiles.triggers import HttpRequest, render_url

OBSERVATION_KINDS = ("actions", "events", "security_state")
POINTER_PATTERN = r"^(/([^~]|~[01])*)*$"      # RFC 6901: "" is the whole document
_POINTER = re.compile(POINTER_PATTERN)
_MISSING = object()

# The sandbox's response actions per event (the reference receiver's action log names).
SANDBOX_ACTION_NAMES: dict[str, tuple[str, ...]] = {
    "session-revoked": ("sessions-revoked",),
    "credential-change": ("credential-change-recorded",),
    "account-disabled": ("account-disabled",),
    "credential-compromise": ("credential-reset-forced",),
}
# Security-state fields the suite can check, and their place in the sandbox layout.
STATE_FIELDS = ("sessions_active", "account_state", "credential_reset_required")
SANDBOX_STATE_FIELDS = (("sessions_active", "/sessions/active"),
                        ("account_state", "/account_state"),
                        ("credential_reset_required", "/credential_reset_required"))


class Unreadable(ValueError):
    """An observation answer does not have the layout the profile declares."""


def resolve(document: Any, pointer: str) -> Any:
    """The value at an RFC 6901 JSON pointer, or `_MISSING`; array indexes are decimal."""
    if not _POINTER.match(pointer):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    node = document
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING
    return node


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON array"
    return "null" if value is None else f"a JSON {type(value).__name__}"


@dataclass(frozen=True)
class LogLayout:
    """Where the entries of a log are in its answer, and each field inside an entry."""

    entries: str                               # JSON pointer to the entries ("" = the answer)
    fields: tuple[tuple[str, str], ...]        # (suite's name, JSON pointer inside an entry)


@dataclass(frozen=True)
class StateLayout:
    """Where a subject's security state is in the answer, and each checked field inside it."""

    state: str = ""                                            # JSON pointer to the state
    fields: tuple[tuple[str, str], ...] = SANDBOX_STATE_FIELDS  # unmapped fields: not shown
    account_disabled: Any = "disabled"         # account_state's value for a disabled account

    def mapped(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)


@dataclass(frozen=True)
class ObservationLayout:
    actions: LogLayout = LogLayout("/actions", (("jti", "/jti"), ("action", "/action")))
    events: LogLayout = LogLayout("/events", (("jti", "/jti"), ("accepted", "/accepted")))
    security_state: StateLayout = StateLayout()
    action_names: tuple[tuple[str, tuple[str, ...]], ...] = tuple(SANDBOX_ACTION_NAMES.items())

    def names_for(self, action: str) -> tuple[str, ...]:
        """The action-log names the receiver writes when it acts on `action` (none: unknown)."""
        return dict(self.action_names).get(action, ())


@dataclass(frozen=True)
class Observation:
    """Where the harness reads a receiver's reaction: its action log, event log, subject state."""

    type: str = "none"                       # http | none
    actions_url: str | None = None           # response-action log, e.g. /ssf/receiver/actions
    events_url: str | None = None            # received-event log, e.g. /ssf/receiver/events
    security_state_url: str | None = None    # per subject, e.g. /ssf/security-state/{email}
    headers: Headers = Headers()
    layout: ObservationLayout = field(default_factory=ObservationLayout)

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


def read_log(body: Any, layout: LogLayout, kind: str) -> list[dict]:
    """The entries of an action or event log answer, as {suite name: value} dicts (a field an
    entry lacks is left out). Raises Unreadable when the answer does not fit the layout."""
    where = f"receiver.observation.layout.{kind}"
    entries = resolve(body, layout.entries)
    if entries is _MISSING:
        raise Unreadable(f'{where}.entries ("{layout.entries}") finds nothing in the answer, '
                         f"which is {_shape(body)}" + (' (use "" for an answer that is the '
                                                       "list itself)" if isinstance(body, list)
                                                       else ""))
    if isinstance(entries, dict):
        entries = list(entries.values())
    if not isinstance(entries, list):
        raise Unreadable(f'{where}.entries ("{layout.entries}") is {_shape(entries)}, not a '
                         "JSON array or object of entries")
    out = []
    for entry in entries:
        found = {name: resolve(entry, pointer) for name, pointer in layout.fields}
        out.append({name: value for name, value in found.items() if value is not _MISSING})
    for name, pointer in layout.fields:
        if out and not any(name in e for e in out):
            raise Unreadable(f'{where}.{name} ("{pointer}") finds nothing in any of the '
                             f"{len(out)} entries")
    return out


def read_state(body: Any, layout: StateLayout) -> dict:
    """A subject's security state as {suite field name: value}, for the mapped fields only.
    Raises Unreadable when the answer does not fit the layout."""
    where = "receiver.observation.layout.security_state"
    state = resolve(body, layout.state)
    if not isinstance(state, dict):
        shape = "nothing" if state is _MISSING else _shape(state)
        raise Unreadable(f'{where}.state ("{layout.state}") finds {shape} in the answer '
                         f"({_shape(body)}), not the subject's state object")
    out = {}
    for name, pointer in layout.fields:
        value = resolve(state, pointer)
        if value is _MISSING:
            raise Unreadable(f'{where}.{name} ("{pointer}") finds nothing in the subject\'s '
                             "state")
        out[name] = value
    return out


def build_observation(raw: dict, headers: Headers) -> Observation:
    """The Observation of a validated `receiver.observation` mapping, defaults applied."""
    layout = raw.get("layout") or {}
    default = ObservationLayout()

    def log(kind: str, base: LogLayout) -> LogLayout:
        given = layout.get(kind) or {}
        fields = tuple((name, given.get(name, pointer)) for name, pointer in base.fields)
        return LogLayout(given.get("entries", base.entries), fields)

    state = layout.get("security_state") or {}
    # A field set to null is not shown by this receiver: the suite checks the others only.
    fields = tuple((name, state.get(name, pointer)) for name, pointer in SANDBOX_STATE_FIELDS
                   if state.get(name, pointer) is not None)
    names = dict(default.action_names) | {
        action: tuple(given) for action, given in ((layout.get("actions") or {}).get("names")
                                                   or {}).items()}
    return Observation(
        raw["type"], raw.get("actions_url"), raw.get("events_url"),
        raw.get("security_state_url"), headers,
        ObservationLayout(log("actions", default.actions), log("events", default.events),
                          StateLayout(state.get("state", ""), fields,
                                      state.get("account_disabled", "disabled")),
                          tuple(names.items())))
