"""What running a profile trigger or drive gave: one outcome shape for HTTP requests, commands
and operator prompts, so every kind is checked the same way (2xx / exit status 0), and a
command's argv, exit status and output become scenario evidence (redacted).

Commands run without a shell under a deadline; their output is kept (the tail of it) with every
secret of the run replaced, because it lands in reports.
"""
from __future__ import annotations

import json
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

OUTPUT_LIMIT = 4000          # characters of stdout / stderr kept as evidence
REDACTED = "[REDACTED]"


def redact(text: str, secrets: Iterable[str]) -> str:
    for value in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(value, REDACTED)
    return text


@dataclass(frozen=True)
class CommandRun:
    """One command run: what ran, how it ended and what it printed (redacted)."""

    id: str
    argv: tuple[str, ...]
    exit_code: int | None          # None: it did not finish in time, or could not start
    stdout: str
    stderr: str
    seconds: float
    error: str = ""                # why it did not run to its end (timeout, not found)

    def evidence(self) -> dict:
        return {"kind": "command", **asdict(self), "argv": list(self.argv)}


def run_command(argv: list[str], timeout: float, secrets: Iterable[str]) -> CommandRun:
    """Run `argv` (no shell) with a deadline; never raises for the command's own failure."""
    secrets = list(secrets)
    started = time.monotonic()
    run_id = "cmd-" + uuid.uuid4().hex[:12]
    shown = tuple(redact(a, secrets) for a in argv)
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
        code, out, err, error = done.returncode, done.stdout, done.stderr, ""
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, exc.stdout or b"", exc.stderr or b""
        error = f"did not finish within {timeout:g}s (killed)"
    except OSError as exc:
        code, out, err, error = None, b"", b"", f"could not be started: {exc.strerror or exc}"
    text = (lambda raw: redact(raw.decode(errors="replace")[-OUTPUT_LIMIT:], secrets))
    return CommandRun(run_id, shown, code, text(out), text(err), time.monotonic() - started,
                      error)


@dataclass(frozen=True)
class Outcome:
    """The outcome of a trigger or drive: `ok` is a 2xx answer or exit status 0."""

    kind: str                           # "http" | "command" | "manual"
    ok: bool
    code: int | None = None             # HTTP status or exit status
    output: str = ""                    # answer body or stderr/stdout tail (redacted)
    evidence: tuple[str, ...] = ()      # exchange id or command run id
    deadline: float | None = None       # manual: how long the operator has
    http: Any = field(default=None, compare=False)   # the HttpResult of an http trigger
    run: CommandRun | None = None

    @classmethod
    def of_http(cls, result) -> "Outcome":
        return cls("http", 200 <= result.status < 300, result.status, result.text[:400],
                   (result.request_id,), http=result)

    @classmethod
    def of_command(cls, run: CommandRun) -> "Outcome":
        output = (run.stderr.strip() or run.stdout.strip())[-400:]
        return cls("command", run.exit_code == 0, run.exit_code, output, (run.id,), run=run)

    @classmethod
    def of_prompt(cls, deadline: float | None) -> "Outcome":
        return cls("manual", True, deadline=deadline)

    def signature(self) -> str:
        """How this failure looks, for telling root causes apart (no output, no ids)."""
        if self.kind == "http":
            return f"HTTP {self.code}"
        if self.run is not None and self.run.error:
            return f"command {self.run.error.split(' (')[0]}"
        return f"exit status {self.code}"

    def describe(self) -> str:
        """e.g. 'answered HTTP 500: {...}' or 'exited with status 2: boom'."""
        if self.kind == "http":
            said = f"answered HTTP {self.code}"
        elif self.run is not None and self.run.error:
            said = self.run.error
        else:
            said = f"exited with status {self.code}"
        return f"{said}: {self.output}" if self.output else said

    def expected(self) -> str:
        return "a 2xx answer" if self.kind == "http" else "exit status 0"


class OutcomeFailed(RuntimeError):
    """A set-up drive or trigger answered outside 2xx or exited non-zero."""

    def __init__(self, what: str, outcome: Outcome) -> None:
        super().__init__(f"{what} {outcome.describe()}")
        self.what, self.outcome = what, outcome


@dataclass
class CommandEvidence:
    """Writes a scenario's command runs next to its exchanges (evidence/<key>.commands.json)
    and lists the file in the scenario's record; `record` is the recorder's ScenarioRecord."""

    run_dir: Path
    record: Any
    attach: Callable[[dict], None] | None = None     # e.g. an Allure attachment per run

    @property
    def path(self) -> Path:
        key = self.record.id + "".join(f"-{v}" for v in self.record.variant.values())
        key = key.replace("/", "_").replace(" ", "_")
        return self.run_dir / "evidence" / f"{key}.commands.json"

    def add(self, run: CommandRun) -> None:
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        runs = json.loads(path.read_text()) if path.exists() else []
        runs.append(run.evidence())
        path.write_text(json.dumps(runs, indent=2))
        if str(path) not in self.record.evidence_files:
            self.record.evidence_files.append(str(path))
        if self.attach is not None:
            self.attach(run.evidence())
