"""A receiver whose create drive answers 500 (issue 11, item 4): the drive's outcome is checked
as a trigger's is, so the first scenario needing a stream reports the root cause at once, with
the status and the answer, and the later ones are blocked; nobody waits out the drive's deadline
for a stream that cannot come (before, an http drive's status was ignored)."""
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

DEADLINE = 40      # timeouts.trigger: the wait that must not happen

PROFILE = """version: 1
name: refusing-receiver
receiver:
  base_url: http://127.0.0.1:{port}
  delivery: {{method: push, endpoint_url: "http://127.0.0.1:{port}/push", token_env: RR_PUSH}}
  auth: {{type: bearer, token_env: RR_TOKEN}}
  capabilities: {{events: [session-revoked]}}
  stream:
    provisioning: receiver
    create: {{type: http, url: /drive/create, body: {{audience: "{{audience}}"}}}}
timeouts: {{trigger: {deadline}, http_request: 3}}
"""


async def refuse(request: Request) -> JSONResponse:
    return JSONResponse({"error": "tenant_not_configured"}, status_code=500)


def test_a_refused_create_drive_is_the_root_cause_at_once(tmp_path):
    app = Starlette(routes=[Route("/drive/create", refuse, methods=["POST"])])
    with RunningServer(app) as server:
        profile = tmp_path / "refusing.yaml"
        profile.write_text(PROFILE.format(port=server.port, deadline=DEADLINE))
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                        "--role", "receiver", "--tags", "id:RX-HOSTILE-01 or id:RX-HOSTILE-02",
                        "--reports", str(tmp_path / "r")],
                       cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "RR_TOKEN": "t" * 20, "RR_PUSH": "p" * 20})
        seconds = time.monotonic() - started
    results = json.loads((tmp_path / "r" / "results.json").read_text())
    cause, = results["root_causes"]
    assert cause["precondition"] == "receiver provisioned (push stream)"
    assert cause["summary"] == ("the receiver's create drive (push) answered HTTP 500: "
                                '{"error":"tenant_not_configured"}')
    assert (cause["expected"], cause["actual"]) == ("a 2xx answer", 500) and cause["evidence"]
    statuses = sorted(s["status"] for s in results["scenarios"])
    assert statuses[0] == "blocked" and set(statuses) == {"blocked", "broken"}
    assert statuses.count("broken") == 1
    assert seconds < DEADLINE, "the drive's deadline was waited out"
