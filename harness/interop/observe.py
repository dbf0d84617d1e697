"""What the receiver end shows: its received-event log (read through its profile's layout, with
the raw entry kept as evidence: a refusal's err and description are there), its response
actions and a subject's security state (harness.suite.observing).

Waits are event-driven where the receiver allows it (the embedded reference holds a read with
`wait=` until its condition holds) and bounded re-reads with backoff otherwise.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from harness.interop.receiver_end import ReceiverEnd
from harness.profiles.observation import Unreadable, read_log, render_observation, resolve
from harness.suite import observing
from harness.suite.http import HarnessHttpError

FIRST_DELAY, MAX_DELAY = 0.05, 0.5


@dataclass
class EventLog:
    entries: list[dict] = field(default_factory=list)   # {jti, accepted?, raw}
    problem: str = ""

    def jtis(self) -> set[str]:
        return {e["jti"] for e in self.entries if isinstance(e.get("jti"), str)}


def read_events(rx: ReceiverEnd, params: dict | None = None) -> EventLog:
    observation = rx.target.observation
    if observation.url_for("events") is None:
        return EventLog(problem="the receiver profile declares no events observation")
    request = render_observation(observation, "events", base_url=rx.rut_base, **rx.values())
    try:
        result = rx.http.call("GET", request.url, headers=dict(request.headers), params=params,
                              timeout=rx.timeout("observation") + rx.timeout("http_request"))
    except HarnessHttpError as exc:
        return EventLog(problem=f"the events observation could not be read: {exc}")
    if result.status != 200:
        return EventLog(problem=f"the events observation answered HTTP {result.status}")
    try:
        body = result.json()
        layout = rx.target.observation.layout.events
        entries = read_log(body, layout, "events")
        raw = resolve(body, layout.entries)
        raw = list(raw.values()) if isinstance(raw, dict) else raw
    except (ValueError, Unreadable) as exc:
        return EventLog(problem=f"the events observation could not be read: {exc}")
    for entry, original in zip(entries, raw if isinstance(raw, list) else []):
        entry["raw"] = original
    return EventLog(entries)


def wait_new_events(rx: ReceiverEnd, before: set[str], want: set[str] | None,
                    timeout: float, count: int = 1) -> tuple[EventLog, list[dict]]:
    """Re-read the event log until `count` entries not in `before` are there (only the `want`
    jtis, when the transmitter told them), or the deadline passes."""
    deadline = time.monotonic() + timeout
    delay = FIRST_DELAY
    while True:
        params = None
        if rx.embedded and want and len(want) == 1:   # the reference holds the read for us
            remaining = max(deadline - time.monotonic(), 0)
            params = {"jti": next(iter(want)), "wait": f"{min(remaining, 30):.2f}"}
        log = read_events(rx, params)
        new = [e for e in log.entries if e.get("jti") not in before
               and (not want or e.get("jti") in want)]
        remaining = deadline - time.monotonic()
        if len(new) >= count or log.problem and "declares no" in log.problem or remaining <= 0:
            return log, new
        if rx.stopping.wait(min(delay, max(remaining, 0))):
            return log, new
        delay = min(delay * 2, MAX_DELAY)


def wait_action(rx: ReceiverEnd, jti: str, names: tuple[str, ...], timeout: float):
    """The receiver's response action for `jti` (observing.Observed)."""
    def done(entries: Any) -> bool:
        return any(e.get("jti") == jti and (not names or e.get("action") in names)
                   for e in entries or [])
    return observing.observe_until(rx, "actions", done, timeout, {"jti": jti})


def read_state(rx: ReceiverEnd):
    return observing.read(rx, "security_state")


def observable(rx: ReceiverEnd, kind: str) -> bool:
    return rx.target.observation.url_for(kind) is not None
