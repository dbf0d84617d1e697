"""What the suite remembers, per stream, to follow the stream's own rules as a receiver would:
its `min_verification_interval` (SSF 1.0 section 8.1.1, stream configuration: "the minimum
amount of time in seconds that must pass in between verification requests"), when the suite
last asked for verification, and whether the scenario manages the stream's subjects itself.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field


@dataclass
class StreamRules:
    min_interval: dict[str, float] = field(default_factory=dict)
    last_verification: dict[str, float] = field(default_factory=dict)
    subjects_managed: set[str] = field(default_factory=set)
    subjects_prepared: set[tuple[str, str]] = field(default_factory=set)

    def learn(self, status: int, text: str) -> None:
        """Remember the rules a stream configuration answer (200/201) states."""
        if status not in (200, 201):
            return
        try:
            data = json.loads(text)
        except ValueError:
            return
        for config in data if isinstance(data, list) else [data]:
            if not isinstance(config, dict) or not isinstance(config.get("stream_id"), str):
                continue
            interval = config.get("min_verification_interval")
            if isinstance(interval, (int, float)) and not isinstance(interval, bool) \
                    and interval > 0:
                self.min_interval[config["stream_id"]] = float(interval)

    def verification_delay(self, stream_id: str, now: float | None = None) -> float:
        """Seconds until the stream's interval since the suite's last verification request has
        passed (0 when it has, or when the stream states no interval)."""
        last = self.last_verification.get(stream_id)
        interval = self.min_interval.get(stream_id)
        if last is None or interval is None:
            return 0.0
        now = time.monotonic() if now is None else now
        return max(0.0, last + interval - now)

    def verified(self, stream_id: str) -> None:
        # Taken once the answer is in, later than the transmitter's own clock reading: waiting
        # from here can only be longer than the stream asks, never shorter.
        self.last_verification[stream_id] = time.monotonic()
