"""Fault injection through the recording proxy, switchable at run time.

The harness writes a small JSON rules file; the addon re-reads it whenever it changes (it checks
on every request), so a step can switch a fault on, send a request, and switch it off again with
no restart. Writes are atomic (temp file + rename), so the addon never reads half a file.

Rule actions:
  status        answer with `status` (and `body`) instead of forwarding upstream
  delay         hold the request `delay_ms` before forwarding it
  drop          close the client connection without a response
  corrupt_body  forward, then truncate the upstream's response body
Rules match on `method` (optional) and `path` (regex searched in path + query). `times` limits a
rule to its first N matches (counted since the file was last written: every write carries a fresh
`generation`, so re-setting the same rules restarts the counts). Several rules may match one
request: delays add up, the first status/drop ends the list.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

ACTIONS = ("status", "delay", "drop", "corrupt_body")
_ACTION_FIELDS = {"status": ("status", "body", "content_type"), "delay": ("delay_ms",)}


@dataclass(frozen=True)
class FaultRule:
    action: str
    path: str = ""
    method: str | None = None
    status: int = 500
    body: str = ""
    content_type: str = "application/json"
    delay_ms: int = 0
    times: int | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; expected one of {ACTIONS}")
        try:
            re.compile(self.path)
        except re.error as exc:
            raise ValueError(f"fault path is not a valid regex: {self.path!r} ({exc})") from None
        if not 100 <= self.status <= 599:
            raise ValueError(f"fault status must be 100..599, got {self.status}")
        if self.delay_ms < 0:
            raise ValueError("fault delay_ms must be >= 0")
        if self.times is not None and self.times < 1:
            raise ValueError("fault times must be >= 1 when given")

    @classmethod
    def respond_status(cls, status: int, path: str = "", **kw) -> "FaultRule":
        return cls("status", path, status=status, **kw)

    @classmethod
    def delay(cls, delay_ms: int, path: str = "", **kw) -> "FaultRule":
        return cls("delay", path, delay_ms=delay_ms, **kw)

    @classmethod
    def drop(cls, path: str = "", **kw) -> "FaultRule":
        return cls("drop", path, **kw)

    @classmethod
    def corrupt_body(cls, path: str = "", **kw) -> "FaultRule":
        return cls("corrupt_body", path, **kw)

    def to_json(self) -> dict:
        """Only the members that mean something for this action (they end up in evidence)."""
        keep = {"action", "path", "method", "times", "name", *_ACTION_FIELDS.get(self.action, ())}
        return {k: v for k, v in asdict(self).items() if k in keep and v is not None}


class FaultControl:
    """Owner of one proxy's rules file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def set(self, rules: Iterable[FaultRule]) -> None:
        payload = json.dumps({"generation": uuid.uuid4().hex,
                              "rules": [rule.to_json() for rule in rules]}, indent=1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clear(self) -> None:
        self.set([])

    def rules(self) -> list[FaultRule]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [FaultRule(**rule) for rule in data.get("rules", [])]
