"""Run N jobs with C in flight at most, started no faster than R per second, and none started
after the duration: the shape of every load run. Pacing waits are deadline waits on an Event
(interrupted by `stop`), never sleeps."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

MAX_COUNT = 100_000
MAX_DURATION = 3600.0


@dataclass(frozen=True)
class LoadShape:
    count: int
    concurrency: int = 1
    rate: float | None = None        # jobs started per second at most (None: as fast as C allows)
    duration: float = 120.0          # no job starts after this many seconds

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_COUNT:
            raise ValueError(f"count must be in 1..{MAX_COUNT}")
        if not 1 <= self.concurrency <= 256:
            raise ValueError("concurrency must be in 1..256")
        if self.rate is not None and self.rate <= 0:
            raise ValueError("rate must be positive")
        if not 0 < self.duration <= MAX_DURATION:
            raise ValueError(f"duration must be in (0, {MAX_DURATION:g}] seconds")


@dataclass
class Pacer:
    shape: LoadShape
    stop: threading.Event = field(default_factory=threading.Event)
    _next: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    started_at: float = 0.0

    def claim(self) -> int | None:
        """The next job's index once it may start, or None when the run is over."""
        with self._lock:
            index = self._next
            if index >= self.shape.count or self.stop.is_set():
                return None
            self._next += 1
        at = self.started_at + (index / self.shape.rate if self.shape.rate else 0.0)
        end = self.started_at + self.shape.duration
        if at >= end:
            return None
        wait = at - time.monotonic()
        if wait > 0 and self.stop.wait(wait):
            return None
        return index if time.monotonic() < end else None


def run_jobs(shape: LoadShape, job: Callable[[int], None],
             stop: threading.Event | None = None) -> tuple[float, int]:
    """Run `job(i)` under `shape`; returns (seconds from first start to last end, jobs run)."""
    pacer = Pacer(shape, stop or threading.Event())
    ran = [0]
    lock = threading.Lock()

    def worker() -> None:
        while (index := pacer.claim()) is not None:
            job(index)
            with lock:
                ran[0] += 1

    pacer.started_at = time.monotonic()
    with ThreadPoolExecutor(shape.concurrency, thread_name_prefix="ssf-load") as pool:
        for future in [pool.submit(worker) for _ in range(shape.concurrency)]:
            future.result()
    return time.monotonic() - pacer.started_at, ran[0]
