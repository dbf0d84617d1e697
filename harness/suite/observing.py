"""Reading a receiver under test's observation endpoints through the profile's layout.

Every read gives an `Observed`: the data in the suite's terms (log entries as {jti, action} or
{jti, accepted}, the security state as {sessions_active, ...}), or why it could not be read (an
answer that does not fit the layout, an HTTP error, a non-JSON answer, a placeholder without a
value), with a stable `signature` so scenarios failing the same way share one root cause.
Steps never see a raw answer they would have to pick apart (and crash on).

An answer that does not fit the layout ends a wait at once (waiting will not change its
shape); an HTTP error or a non-JSON answer is read again until the deadline (a receiver may
answer 404 for a subject it has not seen yet).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from harness.profiles.observation import Unreadable, read_log, read_state, render_observation
from harness.profiles.templates import TemplateError
from harness.suite.http import HarnessHttpError, HttpResult

FIRST_DELAY, MAX_DELAY = 0.05, 1.0      # backoff between reads of an external receiver


@dataclass(frozen=True)
class Observed:
    kind: str                        # "actions" | "events" | "security_state"
    value: Any = None                # entries (a list) or the state (a dict) when readable
    problem: str = ""                # why it could not be read
    signature: str = ""              # the problem without its particulars
    evidence: tuple[str, ...] = ()   # the exchange read last
    final: bool = False              # reading again will not help (layout, template)

    @property
    def readable(self) -> bool:
        return not self.problem


def read(driver, kind: str, params: dict | None = None, **values: Any) -> Observed:
    """One read of observation `kind`, through the layout."""
    observation = driver.session.profile.target("receiver").observation
    try:
        request = render_observation(observation, kind, base_url=driver.session.rut_base,
                                     **driver.values(**values))
    except TemplateError as exc:
        return Observed(kind, problem=f"the {kind} observation URL cannot be built: {exc}",
                        signature=f"{kind}: template: {str(exc).split(' in template')[0]}",
                        final=True)
    try:
        result = driver.http.call("GET", request.url, headers=dict(request.headers),
                                  params=params, timeout=driver.timeout("observation")
                                  + driver.timeout("http_request"))
    except HarnessHttpError as exc:
        return Observed(kind, problem=f"the {kind} observation could not be read: {exc}",
                        signature=f"{kind}: unreachable")
    return _interpret(kind, result, observation.layout)


def _interpret(kind: str, result: HttpResult, layout) -> Observed:
    evidence = (result.request_id,)
    if result.status != 200:
        return Observed(kind, problem=f"the {kind} observation answered HTTP {result.status}",
                        signature=f"{kind}: HTTP {result.status}", evidence=evidence)
    try:
        body = result.json()
    except ValueError:
        return Observed(kind, problem=f"the {kind} observation did not answer JSON",
                        signature=f"{kind}: not JSON", evidence=evidence)
    try:
        value = read_state(body, layout.security_state) if kind == "security_state" \
            else read_log(body, getattr(layout, kind), kind)
    except Unreadable as exc:
        return Observed(kind, problem=f"the {kind} observation answer does not fit the "
                                      f"profile's layout: {exc}",
                        signature=f"{kind}: layout: {str(exc).split(' (')[0]}",
                        evidence=evidence, final=True)
    return Observed(kind, value, evidence=evidence)


def observe_until(driver, kind: str, done: Callable[[Any], bool], timeout: float,
                  params: dict | None = None, **values: Any) -> Observed:
    """Read until `done(value)` holds, the answer cannot fit the layout, or the deadline
    passes; returns the last read. The embedded reference holds a filtered read until its
    condition holds (`wait=`); an external RUT is re-read with backoff (50 ms doubling to 1 s),
    each pause a deadline wait interrupted on shutdown."""
    deadline = time.monotonic() + timeout
    delay = FIRST_DELAY
    while True:
        remaining = deadline - time.monotonic()
        query = dict(params or {})
        if driver.session.embedded and params:
            query["wait"] = f"{max(remaining, 0):.2f}"
        observed = read(driver, kind, query or None, **values)
        if observed.final or (observed.readable and done(observed.value)) or remaining <= 0:
            return observed
        if driver.session.stopping.wait(min(delay, max(remaining, 0))):
            return observed
        delay = min(delay * 2, MAX_DELAY)
