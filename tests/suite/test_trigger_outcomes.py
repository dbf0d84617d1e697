"""Trigger and drive outcomes, one shape for every kind (issue 11, item 4): an HTTP status
outside 2xx and a non-zero exit status are failures alike, a command's argv, exit status and
output are kept (redacted) as scenario evidence, and a manual trigger prompts the operator or,
in a run nobody attends, fails at once."""
from __future__ import annotations

import io
import json
import sys
from types import SimpleNamespace

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.profiles.secrets import Secret
from harness.profiles.triggers import Trigger
from harness.runtime.servers import RunningServer
from harness.suite import operator
from harness.suite.http import SuiteHttp
from harness.suite.operator import NoOperator
from harness.suite.outcomes import CommandEvidence, run_command
from harness.suite.triggering import TriggerUnavailable, fire

SECRET = "s3cr3t-value-5e1f"


def fire_it(trigger: Trigger, http=None, runs=None, timeout: float = 5.0, **values):
    return fire(trigger, http=http, base_url="http://127.0.0.1:1", values=values,
                timeout=timeout, secrets=[SECRET],
                on_command=(runs.append if runs is not None else lambda run: None))


@pytest.fixture
def answering():
    async def refuse(request):
        return JSONResponse({"error": "nope", "body": await request.json()}, status_code=500)
    server = RunningServer(Starlette(routes=[Route("/fire/{action}", refuse,
                                                   methods=["POST"])])).start()
    http = SuiteHttp(timeout=5.0)
    yield server, http
    http.close()
    server.stop()


def test_an_http_answer_outside_2xx_is_a_failed_outcome_with_the_answer(answering):
    server, http = answering
    trigger = Trigger("http", url=server.base_url + "/fire/{action}",
                      body={"key": "${KEY}", "who": "{email}"}, env=(Secret("KEY", "k-1"),))
    outcome = fire_it(trigger, http, action="session-revoked", email="a@x.example")
    assert (outcome.kind, outcome.ok, outcome.code) == ("http", False, 500)
    assert outcome.signature() == "HTTP 500" and outcome.expected() == "a 2xx answer"
    assert outcome.describe().startswith('answered HTTP 500: {"error":"nope"')
    assert '"key":"k-1"' in outcome.output and outcome.evidence


def test_a_non_zero_exit_is_a_failed_outcome_with_its_output_redacted():
    runs: list = []
    script = ("import sys; print('out', sys.argv[1]); "
              f"print('failed with {SECRET}', file=sys.stderr); sys.exit(4)")
    outcome = fire_it(Trigger("command", argv=(sys.executable, "-c", script, "{action}")),
                      runs=runs, action="session-revoked")
    assert (outcome.kind, outcome.ok, outcome.code) == ("command", False, 4)
    assert outcome.signature() == "exit status 4" and outcome.expected() == "exit status 0"
    assert outcome.describe() == "exited with status 4: failed with [REDACTED]"
    run, = runs
    assert run.id == outcome.evidence[0] and run.exit_code == 4
    assert run.argv[-1] == "session-revoked" and run.stdout == "out session-revoked\n"
    assert SECRET not in json.dumps(run.evidence())


def test_a_command_that_hangs_or_is_missing_is_a_failed_outcome_not_an_exception():
    slow = run_command([sys.executable, "-c", "import time; time.sleep(30)"], 0.3, [])
    assert slow.exit_code is None and slow.error == "did not finish within 0.3s (killed)"
    missing = run_command(["/nonexistent/fire-event"], 5, [])
    assert missing.exit_code is None and missing.error.startswith("could not be started")
    outcome = fire_it(Trigger("command", argv=("/nonexistent/fire-event",)))
    assert not outcome.ok and outcome.signature() == "command could not be started: " \
        "No such file or directory"


def test_a_manual_trigger_prompts_the_operator_with_the_deadline(monkeypatch):
    terminal = io.StringIO()
    terminal.close = lambda: None
    monkeypatch.setattr(operator, "operator_terminal", lambda: terminal)
    outcome = fire_it(Trigger("manual", prompt="Revoke {email}'s sessions", deadline=90),
                      email="a@x.example")
    assert (outcome.kind, outcome.ok, outcome.deadline) == ("manual", True, 90.0)
    assert "Revoke a@x.example's sessions" in terminal.getvalue()
    assert "waits 90s" in terminal.getvalue()


def test_a_manual_trigger_without_an_operator_fails_at_once(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert operator.operator_terminal() is None
    with pytest.raises(NoOperator, match="manual trigger needs an operator"):
        fire_it(Trigger("manual", prompt="Do it", deadline=600))
    with pytest.raises(TriggerUnavailable):
        fire_it(Trigger())


def test_command_runs_are_written_to_the_scenarios_evidence(tmp_path):
    record = SimpleNamespace(id="TX-FLOW-SR-01", variant={"delivery": "push"},
                             evidence_files=[])
    attached: list = []
    evidence = CommandEvidence(tmp_path, record, attached.append)
    for code in (0, 2):
        evidence.add(run_command([sys.executable, "-c", f"import sys; sys.exit({code})"], 5, []))
    path = tmp_path / "evidence" / "TX-FLOW-SR-01-push.commands.json"
    assert record.evidence_files == [str(path)]
    assert [run["exit_code"] for run in json.loads(path.read_text())] == [0, 2]
    assert [run["kind"] for run in attached] == ["command", "command"]
