"""Pacing toward an implementation, as a polite client would: a request rate the profile sets
(a token bucket), and `Retry-After` on 429/503 answers (RFC 9110 section 10.2.3: "how long the
user agent ought to wait before making a follow-up request"; RFC 6585 section 4 for 429).

Every wait is a deadline wait on an Event that closing the client interrupts, never a fixed
sleep; a wait longer than the profile's `timeouts.pacing` is not made (the caller gets the answer
as it is, or the scenario is skipped with the reason).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# INFO on this logger reaches the scenario's captured log (the Allure "log" attachment) although
# the root logger stays at WARNING: a paced wait is part of what the scenario did.
LOG = logging.getLogger("ssf.pacing")
LOG.setLevel(logging.INFO)

PACED_STATUSES = (429, 503)
MAX_PACED_RETRIES = 3


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delay-seconds or an HTTP-date (a date in the
    past means 0). None when absent or unreadable: then there is nothing to honour."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:          # an obsolete date form without a zone: RFC 9110 says GMT
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


class RateLimiter:
    """A token bucket (as the generic cell rate algorithm): `burst` requests may go at once,
    then one every 1/rate seconds. Thread-safe: each caller reserves its own slot."""

    def __init__(self, requests_per_second: float, burst: int = 1) -> None:
        if requests_per_second <= 0 or burst < 1:
            raise ValueError("requests_per_second must be > 0 and burst >= 1")
        self.interval = 1.0 / requests_per_second
        self.tolerance = (burst - 1) * self.interval
        self._next = 0.0        # theoretical arrival time of the next conforming request
        self._lock = threading.Lock()

    def reserve(self, now: float | None = None) -> float:
        """Take a slot; returns how many seconds the caller must wait before sending."""
        now = time.monotonic() if now is None else now
        with self._lock:
            arrival = max(self._next, now)
            send_at = max(now, arrival - self.tolerance)
            self._next = arrival + self.interval
            return send_at - now


@dataclass(frozen=True)
class PacedWait:
    """One wait the suite made because the implementation asked for it or the stream's rules
    required it: shown in the scenario's log and kept by the driver."""
    reason: str          # "retry-after" | "min_verification_interval"
    method: str
    url: str
    seconds: float
    status: int | None = None

    def describe(self) -> str:
        why = f"HTTP {self.status} with Retry-After" if self.status else self.reason
        return f"paced: waited {self.seconds:.2f}s before {self.method} {self.url} ({why})"


@dataclass(frozen=True)
class Pacing:
    """How the suite paces requests toward one target."""
    max_wait: float = 10.0                   # the profile's timeouts.pacing, scaled
    limiter: RateLimiter | None = None
    max_retries: int = MAX_PACED_RETRIES

    @classmethod
    def for_target(cls, profile, role: str) -> "Pacing":
        target = profile.target(role)
        rate = getattr(target, "rate_limit", None)
        limiter = RateLimiter(rate.requests_per_second, rate.burst) if rate else None
        return cls(max_wait=profile.timeouts.scaled("pacing"), limiter=limiter)


def note(wait: PacedWait) -> None:
    LOG.info(wait.describe())
