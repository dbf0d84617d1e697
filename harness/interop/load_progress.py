"""The live display of a load run: a rich progress bar (done/total, rate, errors, elapsed and
remaining) on a terminal only; nothing otherwise, so CI logs stay readable."""
from __future__ import annotations

import threading

from rich.console import Console


class LoadProgress:
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress = None
        self._task = None
        self._errors = 0
        self._lock = threading.Lock()

    def start(self, label: str, total: int) -> "LoadProgress":
        self.stop()
        self._errors = 0
        if not self.console.is_terminal:
            return self
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                   TaskProgressColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}/s"), TextColumn("[red]{task.fields[errors]} err"),
            TimeElapsedColumn(), TimeRemainingColumn(), console=self.console, transient=True)
        self._progress.start()
        self._task = self._progress.add_task(label, total=total, rate="-", errors=0)
        return self

    def advance(self, ok: bool = True) -> None:
        if self._progress is None:
            return
        with self._lock:
            if not ok:
                self._errors += 1
            task = self._progress.tasks[0]
            speed = task.speed
            self._progress.update(self._task, advance=1, errors=self._errors,
                                  rate=f"{speed:.0f}" if speed else "-")

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
