"""Trigger outcomes in a real run (issue 11, item 4), against the embedded reference transmitter
through the proxies, as `ssf-conformance run` does:

* a `manual` trigger in a run nobody attends (CI set) blocks the event scenarios at once with
  "manual trigger needs an operator" (before: transmitter-role scenarios broke);
* a `command` trigger exiting non-zero is the root cause, with its exit status and output, and
  its argv, exit status and (redacted) output are the scenario's evidence; the later scenarios
  needing the trigger are blocked by it.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from harness.suite.profiles import PROJECT_ROOT

PINNED = "pinned-tx-token-0c9a7e51"
PROFILE = """version: 1
name: trigger-outcomes
transmitter:
  embedded: true
  auth: {{type: bearer, token_env: SSF_REFERENCE_TX_TOKEN}}
  trigger:
{trigger}
  test_email: alice@example.com
timeouts: {{trigger: 5, push_delivery: 3, poll_wait: 3}}
"""
MANUAL = """    type: manual
    prompt: "Revoke a session of {email} in the admin console ({action})"
    deadline: 120
"""
SCRIPT = ("import os, sys; print('fire', sys.argv[1]); "
          "print('refused, token', os.environ['SSF_REFERENCE_TX_TOKEN'], file=sys.stderr); "
          "sys.exit(3)")
FAILING = """    type: command
    argv: ["{python}", "-c", "{script}", "{{action}}"]
"""
EVENTS = "area:caep-session-revoked or area:caep-credential-change"


def run(tmp_path: Path, trigger: str, **env: str) -> dict:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE.format(trigger=trigger))
    reports = tmp_path / "reports"
    done = subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                           "--role", "transmitter", "--tags", EVENTS, "--reports", str(reports)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SSF_REFERENCE_TX_TOKEN": PINNED, **env})
    results = reports / "results.json"
    assert results.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(results.read_text())


def test_a_manual_trigger_without_an_operator_blocks_at_once(tmp_path):
    started = time.monotonic()
    results = run(tmp_path, MANUAL, CI="true")
    seconds = time.monotonic() - started
    statuses = [s["status"] for s in results["scenarios"]]
    assert statuses and set(statuses) == {"blocked"}, statuses
    cause, = results["root_causes"]
    assert cause["precondition"] == "trigger works"
    assert "manual trigger needs an operator" in cause["summary"]
    assert "terminal" in cause["advice"]
    assert cause["blocked"] == len(statuses)
    assert seconds < 60, "the operator's 120 s deadline is never waited out"


def test_a_failing_command_trigger_is_the_root_cause_with_its_exit_status_and_output(tmp_path):
    results = run(tmp_path, FAILING.format(python=sys.executable, script=SCRIPT))
    scenarios = results["scenarios"]
    reporter = [s for s in scenarios if s.get("root_cause")]
    assert len(reporter) == 1 and reporter[0]["status"] == "broken", scenarios
    cause = results["root_causes"][0]
    assert cause["precondition"] == "trigger works" and cause["actual"] == 3
    assert "exited with status 3: refused, token [REDACTED]" in cause["summary"]
    assert cause["expected"] == "exit status 0"
    assert cause["evidence"] and cause["evidence"][0].startswith("cmd-")
    assert all(s["status"] == "blocked" for s in scenarios if s is not reporter[0])
    files = [tmp_path / "reports" / f for f in reporter[0]["evidence_files"]
             if f.endswith(".commands.json")]   # relative to the reports folder
    runs = json.loads(files[0].read_text())
    assert runs[0]["exit_code"] == 3 and runs[0]["argv"][-1] in ("session-revoked",
                                                               "credential-change")
    assert runs[0]["id"] == cause["evidence"][0]
    assert "fire" in runs[0]["stdout"] and "[REDACTED]" in runs[0]["stderr"]
    for path in (tmp_path / "reports").rglob("*"):
        if path.is_file():
            assert PINNED not in path.read_text(errors="replace"), path
