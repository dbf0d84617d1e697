"""Timeouts of a profile, in seconds, with one multiplier for slow machines (wpt style)."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import ClassVar


@dataclass(frozen=True)
class Timeouts:
    push_delivery: float = 10.0   # a SET pushed by the implementation reaches the suite
    poll_wait: float = 10.0       # a SET becomes available to a poll / long-poll wait
    http_request: float = 10.0    # one HTTP exchange with the implementation
    trigger: float = 30.0         # a trigger (HTTP or command) completes
    observation: float = 10.0     # a receiver's reaction becomes observable
    startup: float = 10.0         # the implementation (or embedded reference) is ready
    # The longest the suite waits before repeating a request the implementation asked it to
    # delay (429/503 Retry-After) or not to repeat sooner (min_verification_interval).
    pacing: float = 10.0
    # How long the suite watches for something that must NOT arrive (events on a paused or
    # disabled stream, a push to an endpoint with an untrusted certificate) before concluding
    # that nothing came; the OpenID Foundation suite waits 20 s.
    quiet_window: float = 20.0
    # One whole scenario: past it the scenario ends failed with that reason, never hung.
    scenario: float = 300.0
    multiplier: float = 1.0       # applied by scaled(); raise it on slow machines or CI

    NAMES: ClassVar[tuple[str, ...]] = ("push_delivery", "poll_wait", "http_request", "trigger",
                                        "observation", "startup", "pacing", "quiet_window",
                                        "scenario")

    def scaled(self, name: str) -> float:
        """The named timeout times the multiplier: the deadline every wait must use."""
        if name not in self.NAMES:
            raise ValueError(f"unknown timeout {name!r}; known: {', '.join(self.NAMES)}")
        return float(getattr(self, name)) * self.multiplier

    def with_multiplier(self, multiplier: float) -> "Timeouts":
        """A copy with another multiplier (e.g. from a command-line option)."""
        if multiplier <= 0:
            raise ValueError("timeout multiplier must be greater than 0")
        return replace(self, multiplier=float(multiplier))

    @classmethod
    def defaults(cls) -> dict[str, float]:
        return {f.name: f.default for f in fields(cls)}
