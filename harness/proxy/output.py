"""Reading a mitmdump process's output on a thread.

The addon prints notices (`@@ssf-proxy {...}`) on stdout: "ready" with the real listening
address, and "exchange" after each record line is written. They become a threading.Event and a
Condition counter, so the harness waits on events rather than polling. Every other line (mitmdump's
own log, stderr is merged in) is kept as a short tail for error messages.
"""
from __future__ import annotations

import collections
import json
import threading
from typing import IO

NOTIFY_PREFIX = "@@ssf-proxy "  # keep in step with addon.py


class MitmdumpOutput:
    def __init__(self, stream: IO[bytes], name: str, tail_lines: int = 40) -> None:
        self.ready = threading.Event()
        self.port: int | None = None
        self.eof = False
        self._stream = stream
        self._changed = threading.Condition()
        self._notices = 0
        self._tail: collections.deque[str] = collections.deque(maxlen=tail_lines)
        self._thread = threading.Thread(target=self._run, daemon=True, name=name)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def notices(self) -> int:
        with self._changed:
            return self._notices

    def wait_for_notice(self, seen: int, timeout: float) -> None:
        """Return once more than `seen` exchange notices arrived, the output ended, or `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self._notices != seen or self.eof, timeout=timeout)

    def tail(self, lines: int = 15) -> str:
        return "\n".join(list(self._tail)[-lines:]) or "(no output)"

    def _run(self) -> None:
        for raw in self._stream:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line.startswith(NOTIFY_PREFIX):
                self._tail.append(line)
                continue
            try:
                notice = json.loads(line[len(NOTIFY_PREFIX):])
            except ValueError:
                continue
            if notice.get("event") == "ready":
                self.port = int(notice["listen"][0][1])
                self.ready.set()
            elif notice.get("event") == "exchange":
                with self._changed:
                    self._notices += 1
                    self._changed.notify_all()
        with self._changed:
            self.eof = True
            self._changed.notify_all()
        self.ready.set()  # wake a waiting start() if the process died before it was ready
