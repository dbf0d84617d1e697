"""A wall-clock deadline over one whole scenario (profile: timeouts.scenario).

Every wait and exchange has its own deadline, but a scenario made of many of them, or one step
that loops, could still run for a very long time. Past the scenario's deadline a SIGALRM raises
`ScenarioDeadlineExceeded` in the scenario's thread (an AssertionError: the results plugin records
the scenario failed with the reason). If a step swallows it, it is raised again every second until
the scenario ends. Only in the main thread (signals are delivered there), else a no-op.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

_REPEAT_SECONDS = 1.0


class ScenarioDeadlineExceeded(AssertionError):
    """The scenario ran past timeouts.scenario: the implementation kept it from finishing."""


@contextlib.contextmanager
def scenario_deadline(seconds: float | None) -> Iterator[None]:
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise ScenarioDeadlineExceeded(f"the scenario did not finish within its deadline "
                                       f"({seconds:g}s, timeouts.scenario)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)


def scenario_seconds(session) -> float | None:
    """timeouts.scenario of the session's profile (scaled), or None without one."""
    timeouts = getattr(getattr(session, "profile", None), "timeouts", None)
    try:
        return timeouts.scaled("scenario") if timeouts is not None else None
    except ValueError:
        return None
