"""A transmitter that speaks the legacy SSE draft (it serves /.well-known/sse-configuration, not
SSF's ssf-configuration) is recognised: one root-cause finding that says so and what to do, every
scenario that needs the metadata blocked by it (issue 10, item 5). Real CLI, real proxy, a tiny
real Starlette target on loopback."""
import json
import os
import subprocess
import sys
import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.results.root_causes import LEGACY_SSE_FINDING
from harness.runtime.servers import RunningServer
from harness.suite.profiles import PROJECT_ROOT

# The draft's delivery URN (RISC namespace) where SSF 1.0 says urn:ietf:rfc:8935.
RISC_PUSH = "https://schemas.openid.net/secevent/risc/delivery-method/push"

PROFILE = """version: 1
name: legacy-sse-target
transmitter:
  issuer: http://127.0.0.1:{port}/ssf
  auth: {{type: bearer, token_env: LEGACY_TOKEN}}
  capabilities:
    delivery_methods: [push, poll]
    events: [session-revoked, credential-change, credential-compromise, account-disabled]
    optional: [status, add_subject, remove_subject, verification, stream_update]
  trigger:
    type: http
    method: POST
    url: /ssf/actions/{{action}}
    body:
      email: "{{email}}"
timeouts: {{http_request: 2, startup: 10}}
"""


async def sse_configuration(request: Request) -> JSONResponse:
    base = str(request.base_url).rstrip("/")
    return JSONResponse({"issuer": f"{base}/ssf", "jwks_uri": f"{base}/jwks",
                         "delivery_methods_supported": [RISC_PUSH],
                         "configuration_endpoint": f"{base}/ssf/stream"})


def legacy_transmitter() -> Starlette:
    """Serves the SSE draft's well-known only; everything else (SSF discovery too) is 404."""
    return Starlette(routes=[Route("/.well-known/sse-configuration/ssf", sse_configuration)])


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("legacy-sse")
    with RunningServer(legacy_transmitter()) as server:
        profile = tmp / "legacy.yaml"
        profile.write_text(PROFILE.format(port=server.port))
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                               "--role", "transmitter", "--reports", str(tmp / "r")],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180,
                              env={**os.environ, "LEGACY_TOKEN": "t" * 20})
        seconds = time.monotonic() - started
    results = json.loads((tmp / "r" / "results.json").read_text())
    return done, results, seconds


def test_the_legacy_draft_is_named_in_one_root_cause_with_what_to_do(run):
    done, results, seconds = run
    assert done.returncode == 1, done.stdout + done.stderr
    assert seconds < 90
    (cause,) = results["root_causes"]
    assert cause["precondition"] == "metadata discovered"
    assert LEGACY_SSE_FINDING in cause["summary"]
    assert "`dialect: sse-draft`" in cause["advice"]
    assert (cause["expected"], cause["actual"]) == (200, 404)
    assert len(cause["evidence"]) == 2   # the failed SSF discovery and the SSE probe
    assert LEGACY_SSE_FINDING in " ".join(done.stdout.split())


def test_every_scenario_needing_the_metadata_is_blocked_not_failed(run):
    _, results, _ = run
    cause = results["root_causes"][0]
    statuses = {}
    for sc in results["scenarios"]:
        statuses.setdefault(sc["status"], []).append(sc["id"])
    assert len(statuses["blocked"]) == cause["blocked"] >= 50
    # Failed: the finding, and TX-DISC-01, whose action under test is that very discovery.
    assert sorted(set(statuses["failed"])) == sorted({cause["reported_by"][0], "TX-DISC-01"})
    assert not statuses.get("broken")
