"""What `ssf-conformance run` shows on the console: a live progress display while the scenarios
run (rich, only on a terminal; plain one-line results otherwise so CI logs stay readable) and
the summary at the end: totals, the root causes first, then the failures grouped by requirement,
then where the reports are. Never a traceback (those are in reports/pytest.log, or on the
console with --debug)."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from rich.console import Console
from rich.table import Table

_STYLE = {"passed": "green", "failed": "red", "warning": "yellow", "skipped": "dim",
          "blocked": "cyan", "broken": "magenta"}
STATUSES = ("passed", "failed", "warning", "skipped", "blocked", "broken")


class ProgressFollower:
    """Reads the progress plugin's events from `fd` on a thread and shows them."""

    def __init__(self, console: Console, fd: int):
        self.console = console
        self.stream = os.fdopen(fd, "r")
        self.counts = {s: 0 for s in STATUSES}
        self.total: int | None = None
        self.progress = None
        self.task = None
        self.thread = threading.Thread(target=self._read, name="ssf-progress", daemon=True)

    def start(self) -> "ProgressFollower":
        if self.console.is_terminal:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                       TextColumn, TimeElapsedColumn)
            self.progress = Progress(SpinnerColumn(), MofNCompleteColumn(), BarColumn(),
                                     TimeElapsedColumn(), TextColumn("{task.fields[counts]}"),
                                     TextColumn("{task.description}"),
                                     console=self.console, transient=True)
            self.task = self.progress.add_task("collecting", total=None, counts="")
            self.progress.start()
        self.thread.start()
        return self

    def stop(self, timeout: float) -> None:
        """After pytest ended: its end of the pipe is closed, the reader sees EOF."""
        self.thread.join(timeout)
        if self.progress is not None:
            self.progress.stop()

    def _counts_text(self) -> str:
        return " ".join(f"[{_STYLE[s]}]{n} {s}[/]" for s, n in self.counts.items() if n)

    def _read(self) -> None:
        for line in self.stream:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            self._show(event)

    def _show(self, event: dict) -> None:
        kind = event.get("event")
        if kind == "total":
            self.total = event["count"]
            if self.progress is not None:
                self.progress.update(self.task, total=self.total, description="")
            else:
                self.console.print(f"{self.total} scenario(s) selected", markup=False)
        elif kind == "start" and self.progress is not None:
            self.progress.update(self.task, description=event.get("title", ""))
        elif kind == "end":
            status = event.get("status", "passed")
            self.counts[status] = self.counts.get(status, 0) + 1
            if self.progress is not None:
                self.progress.update(self.task, advance=1, counts=self._counts_text())
                if status in ("failed", "broken"):
                    self.progress.console.print(f"[{_STYLE[status]}]{status.upper():8}[/] "
                                                f"{event.get('title', '')}", highlight=False)
            else:
                done = sum(self.counts.values())
                of = f"/{self.total}" if self.total else ""
                self.console.print(f"[{done}{of}] {status.upper():8} {event.get('title', '')}",
                                   markup=False, highlight=False)


def failures_by_requirement(scenarios: list[dict]) -> dict[str, dict]:
    """Requirement ID → its level, the checks that did not hold and where (failed checks of
    failed scenarios, and SHOULD-level warnings)."""
    out: dict[str, dict] = {}
    for sc in scenarios:
        if sc.get("status") in ("blocked", "skipped"):
            continue
        for check in sc.get("checks") or []:
            if check["status"] not in ("failed", "warning"):
                continue
            for rid in check["requirements"]:
                entry = out.setdefault(rid, {"level": check["level"], "status": check["status"],
                                             "checks": {}, "scenarios": []})
                if check["status"] == "failed":
                    entry["status"] = "failed"
                entry["checks"].setdefault(check["id"], check)
                if sc["id"] not in entry["scenarios"]:
                    entry["scenarios"].append(sc["id"])
    return dict(sorted(out.items(), key=lambda kv: (kv[1]["status"] != "failed", kv[0])))


def requirement_table(groups: dict[str, dict]) -> Table:
    from harness.catalog import load_catalog
    catalog = load_catalog()
    table = Table(title="Failures by requirement", title_justify="left", show_lines=True)
    for column in ("requirement", "verdict", "what did not hold", "scenarios"):
        table.add_column(column, overflow="fold")
    for rid, entry in groups.items():
        try:
            statement = catalog.get(rid).statement
        except KeyError:
            statement = ""
        checks = "\n".join(f"{c['id']}: {c['message']}; expected {c.get('expected')!r}, "
                           f"actual {c.get('actual')!r}" for c in entry["checks"].values())
        table.add_row(f"{rid} ({entry['level']})\n{statement}",
                      f"[{_STYLE[entry['status']]}]{entry['status']}[/]", checks,
                      ", ".join(entry["scenarios"]))
    return table


def print_root_causes(console: Console, causes: list[dict]) -> None:
    """The summary opens with the root causes: each failed precondition once, what it
    blocked, and what to do about it (the scenarios they blocked are not listed one by one)."""
    if not causes:
        return
    blocked = sum(c.get("blocked", 0) for c in causes)
    console.print(f"[bold red]{len(causes)} root cause(s)[/bold red], blocking {blocked} "
                  "scenario(s): fix these first")
    for cause in causes:
        lines = [f"{cause['id']} ({cause.get('precondition')}): {cause.get('summary')}",
                 f"   expected {cause.get('expected')!r}, actual {cause.get('actual')!r}; "
                 f"evidence: {', '.join(cause.get('evidence') or []) or 'see the scenario'}",
                 f"   reported by {', '.join(cause.get('reported_by') or []) or '-'}; "
                 f"blocked {cause.get('blocked', 0)} scenario(s)",
                 f"   what to do: {cause.get('advice') or '-'}"]
        for line in lines:
            console.print(f"  {line}", markup=False)


def print_summary(console: Console, results: dict | None, reports: Path, seconds: float,
                  log: Path | None = None) -> None:
    if results is None:
        console.print("[red]no results.json was written: the run broke before the end[/red]")
        if log is not None and log.exists():
            tail = log.read_text(errors="replace").splitlines()[-15:]
            console.print("last lines of the run's log:", markup=False)
            for line in tail:
                console.print(f"  {line}", markup=False, highlight=False)
            console.print(f"full log: {log} (or run again with --debug)", markup=False)
        return
    print_root_causes(console, results.get("root_causes") or [])
    s = results["summary"]
    console.print(f"[bold]{sum(s.values())} scenarios[/bold] in {seconds:.1f}s: "
                  f"[green]{s['passed']} passed[/green], [red]{s['failed']} failed[/red], "
                  f"[yellow]{s['warning']} warning[/yellow], {s['skipped']} skipped, "
                  f"[cyan]{s.get('blocked', 0)} blocked[/cyan], "
                  f"[magenta]{s['broken']} broken[/magenta]")
    groups = failures_by_requirement(results["scenarios"])
    if groups:
        console.print(requirement_table(groups))
    for sc in results["scenarios"]:
        if sc["status"] == "broken" or (sc["status"] == "failed" and not any(
                c["status"] == "failed" for c in sc.get("checks") or [])):
            console.print(f"  {sc['status'].upper():8} {sc['id']} {sc['name']}", markup=False)
            for line in (sc.get("message") or "").splitlines()[:4]:
                console.print(f"           {line}", markup=False, highlight=False)
    where = [f"results: {reports / 'results.json'}", f"junit: {reports / 'junit.xml'}",
             f"allure: {reports / 'allure-results'}"]
    if log is not None:
        where.append(f"log: {log}")
    console.print("  ".join(where), markup=False, highlight=False)
    console.print(f"report for auditors: ssf-conformance report --reports {reports}",
                  markup=False, highlight=False)
