"""A receiver under test whose stream provisioning never happens (its drive endpoint answers,
but it never creates its stream at the suite's transmitter) costs the drive's deadline once: the
first scenario that needs the stream reports the root cause, every later one is blocked at once
without waiting again (issue 10, item 5; before: 61 failures after 10 minutes). Real CLI, real
proxies, a tiny real Starlette receiver on loopback."""
import json
import os
import subprocess
import sys
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.runtime.servers import RunningServer
from harness.suite.profiles import PROJECT_ROOT

DRIVE_DEADLINE = 2   # timeouts.trigger: how long the suite waits for the stream each time

PROFILE = """version: 1
name: unprovisioned-receiver
receiver:
  base_url: http://127.0.0.1:{port}
  delivery:
    method: push
    endpoint_url: http://127.0.0.1:{port}/push
    token_env: LAZY_PUSH_TOKEN
  auth: {{type: bearer, token_env: LAZY_TOKEN}}
  capabilities:
    events: [session-revoked, credential-change, account-disabled]
    optional: [verification, status]
  stream:
    provisioning: receiver
    create: {{type: http, method: POST, url: /drive/create}}
timeouts: {{trigger: {deadline}, http_request: 2, observation: 2, poll_wait: 2, startup: 10}}
"""


async def accept(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True}, status_code=202)


def lazy_receiver() -> Starlette:
    """Says yes to being driven and to pushes, and never creates its stream."""
    return Starlette(routes=[Route("/drive/create", accept, methods=["POST"]),
                             Route("/push", accept, methods=["POST"])])


def test_provisioning_failure_is_one_root_cause_and_waited_for_once(tmp_path):
    with RunningServer(lazy_receiver()) as server:
        profile = tmp_path / "lazy.yaml"
        profile.write_text(PROFILE.format(port=server.port, deadline=DRIVE_DEADLINE))
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                               "--role", "receiver", "--reports", str(tmp_path / "r")],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "LAZY_TOKEN": "r" * 20,
                                   "LAZY_PUSH_TOKEN": "p" * 20})
        seconds = time.monotonic() - started
    results = json.loads((tmp_path / "r" / "results.json").read_text())
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    provisioning = [c for c in results["root_causes"]
                    if c["precondition"].startswith("receiver provisioned")]
    assert len(provisioning) == 1, results["root_causes"]
    cause = provisioning[0]
    assert cause["actual"] == "no create request within the deadline"
    assert "receiver.stream.create" in cause["advice"]
    blocked = [s for s in results["scenarios"] if s["status"] == "blocked"]
    assert len(blocked) == cause["blocked"] >= 20
    # The drive deadline is waited out by the finding and by the scenarios whose action under
    # test is the create itself, never by the blocked ones.
    waits = sum(1 for s in results["scenarios"] if s["status"] == "failed")
    assert seconds < 30 + DRIVE_DEADLINE * waits, (seconds, results["summary"])
