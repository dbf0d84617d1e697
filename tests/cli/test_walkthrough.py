"""docs/testing-your-implementation.md works as written (issue 16 item 6): every ```sh block of
it runs, in order, in one temporary working folder, against the `ssf-conformance serve` that its
`<!-- walkthrough: serve -->` block starts, and ends with the exit code the document says (0, or
the N of a preceding `<!-- walkthrough: exit N -->`).

Placeholders the test substitutes: the sandbox's default ports 8080/8081/8082 (free ports here)
and, for serve only, `--state` (the working folder's .state, where the document's relative
paths point). Exported variables carry from one block to the next as in one terminal session.
The working folder links `profiles/` to the repository's, so `cp profiles/examples/...` works.

The full walk runs two conformance runs, a report and a TLS sandbox: 60-65 s measured on this
2-core machine under load, so it runs only with SSF_TEST_WALKTHROUGH=1 (`make test-walkthrough`);
the check that the document keeps its steps and README links it runs in `make test`."""
from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.runtime.servers import free_port
from harness.suite.listening import STATE_ENV
from harness.suite.profiles import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "testing-your-implementation.md"
_BLOCK = re.compile(r"(?:<!-- walkthrough: (?P<marker>[^>]*?) -->\n)?"
                    r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```", re.S | re.M)
DEFAULT_PORTS = ("8080", "8081", "8082")


@dataclass(frozen=True)
class Step:
    kind: str    # "sh" (run it) or "serve" (start it in the background)
    body: str
    exit_code: int = 0


def walkthrough_steps(text: str) -> list[Step]:
    steps = []
    for block in _BLOCK.finditer(text):
        marker = (block["marker"] or "").strip()
        if marker == "serve":
            steps.append(Step("serve", block["body"]))
        elif block["lang"] == "sh":
            code = int(marker.split()[1]) if marker.startswith("exit ") else 0
            steps.append(Step("sh", block["body"], code))
    return steps


def test_the_walkthrough_has_the_steps_a_newcomer_needs():
    steps = walkthrough_steps(DOC.read_text())
    assert [s.kind for s in steps].count("serve") == 1
    commands = " ".join(s.body for s in steps)
    for needed in ("ca export", "cp profiles/examples/", "export MY_TX_TOKEN", "doctor --target",
                   "list --target", "run --target", "--role transmitter", "report --reports",
                   "verify-statement", "--expected"):
        assert needed in commands, needed
    assert any(s.exit_code == 1 for s in steps), "the run that finds the defect exits 1"
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "docs/testing-your-implementation.md" in readme


class _Serve:
    def __init__(self, command: str, work: Path, ports: list[int], env: dict):
        args = shlex.split(command.strip())
        assert args[:2] == ["ssf-conformance", "serve"], command
        self.proc = subprocess.Popen(
            [*args, "--state", str(work / ".state"), "--transmitter-port", str(ports[0]),
             "--receiver-port", str(ports[1]), "--directory-port", str(ports[2])],
            cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        banner = []
        while not banner or not banner[-1].startswith("addresses"):
            line = self.proc.stdout.readline()
            assert line, "serve ended before it was ready: " + "".join(banner)
            banner.append(line)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def _substitute(body: str, ports: list[int]) -> str:
    for default, port in zip(DEFAULT_PORTS, ports):
        body = body.replace(f"127.0.0.1:{default}", f"127.0.0.1:{port}")
    return body


@pytest.mark.skipif(os.environ.get("SSF_TEST_WALKTHROUGH") != "1",
                    reason="slow (~60 s): run with `make test-walkthrough`")
def test_every_command_of_the_walkthrough_runs(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "profiles").symlink_to(PROJECT_ROOT / "profiles")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSF_SERVE_", "MY_TX_"))}
    env.update({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                STATE_ENV: str(work / ".state"),
                "SSF_STATEMENT_KEY": str(tmp_path / "statement-key.json")})
    session = tmp_path / "session.sh"  # the exports of one block, read by the next
    session.write_text("")
    ports = [free_port() for _ in DEFAULT_PORTS]
    served, timings = None, []
    try:
        for number, step in enumerate(walkthrough_steps(DOC.read_text()), 1):
            body = _substitute(step.body, ports)
            started = time.monotonic()
            if step.kind == "serve":
                served = _Serve(body, work, ports, env)
            else:
                script = (f"set -euo pipefail\nsource {shlex.quote(str(session))}\n{body}\n"
                          f"export -p > {shlex.quote(str(session))}\n")
                done = subprocess.run(["bash", "-c", script], cwd=work, env=env,
                                      capture_output=True, text=True, timeout=300)
                assert done.returncode == step.exit_code, (
                    f"block {number} exited {done.returncode}, the document says "
                    f"{step.exit_code}:\n{body}\n--- stdout\n{done.stdout[-4000:]}\n"
                    f"--- stderr\n{done.stderr[-4000:]}")
            timings.append(f"{time.monotonic() - started:5.1f} s  {body.splitlines()[0][:70]}")
    finally:
        if served is not None:
            started = time.monotonic()
            served.stop()
            timings.append(f"{time.monotonic() - started:5.1f} s  (serve stopped)")
        print("\n".join(timings))
    expectations = work / "reports" / "my-transmitter-gated" / "expectations.json"
    assert expectations.exists() and '"ok": true' in expectations.read_text()
