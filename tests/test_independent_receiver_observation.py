"""An independent receiver whose observation endpoints answer JSON arrays (issue 11, item 4).

Before, such a receiver crashed the observation steps (AttributeError, reported as broken),
which hid its MUST failures, while the security-state check passed without testing anything.
Now the layout is profile data: with the sandbox default the scenarios that read its logs are
blocked with a reason naming the layout field (never passed, never broken) and its MUST failures
show; with its own layout declared, its response actions are read and graded. Real CLI, real
proxies, a tiny real Starlette receiver on loopback that accepts every SET (it verifies nothing,
so the hostile SETs are its MUST failures) and acts on session revocations.
"""
import base64
import json
import os
import subprocess
import sys

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.runtime.servers import RunningServer
from harness.suite.profiles import PROJECT_ROOT

SUBJECT = "carol@rp.example"
SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"

PROFILE = """version: 1
name: array-receiver
receiver:
  base_url: http://127.0.0.1:{port}
  delivery: {{method: push, endpoint_url: "http://127.0.0.1:{port}/push", token_env: ARR_PUSH}}
  auth: {{type: bearer, token_env: ARR_TOKEN}}
  capabilities: {{events: [session-revoked], subject_formats: [email]}}
  stream: {{provisioning: suite}}
  observation:
    type: http
    actions_url: /obs/actions
    events_url: /obs/events
    security_state_url: /obs/state/{{email}}
{layout}
  test_email: {subject}
timeouts: {{trigger: 3, http_request: 3, observation: 2, poll_wait: 2, push_delivery: 4}}
"""
LAYOUT = """    layout:
      actions: {entries: "", jti: /set/jti, action: /type,
                names: {session-revoked: [revoke_all_sessions]}}
      events: {entries: "", jti: /jti, accepted: /ok}
      security_state: {state: /user, sessions_active: /active_sessions, account_state: null,
                       credential_reset_required: null}
"""
SCENARIOS = "id:RX-ACT-01 or id:RX-ACT-02 or id:RX-HOSTILE-01"


class ArrayReceiver:
    """Accepts every pushed SET (no checks at all), revokes the subject's sessions on a
    session revocation, and answers its observation endpoints with JSON arrays."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.actions: list[dict] = []
        self.sessions = {SUBJECT: 2}

    async def push(self, request: Request) -> Response:
        token = (await request.body()).decode(errors="replace")
        try:
            payload = token.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (IndexError, ValueError):
            return Response(status_code=202)
        jti = claims.get("jti")
        self.events.append({"jti": jti, "ok": True})
        if SESSION_REVOKED in (claims.get("events") or {}):
            email = (claims.get("sub_id") or {}).get("email") or SUBJECT
            self.sessions[email] = 0
            self.actions.append({"set": {"jti": jti}, "type": "revoke_all_sessions"})
        return Response(status_code=202)

    async def action_log(self, request: Request) -> JSONResponse:
        return JSONResponse(self.actions)

    async def event_log(self, request: Request) -> JSONResponse:
        return JSONResponse(self.events)

    async def state(self, request: Request) -> JSONResponse:
        email = request.path_params["email"]
        return JSONResponse({"user": {"email": email,
                                      "active_sessions": self.sessions.get(email, 0)}})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/push", self.push, methods=["POST"]),
                                 Route("/obs/actions", self.action_log),
                                 Route("/obs/events", self.event_log),
                                 Route("/obs/state/{email}", self.state)])


def run(tmp_path, name: str, layout: str) -> dict:
    with RunningServer(ArrayReceiver().app()) as server:
        profile = tmp_path / f"{name}.yaml"
        profile.write_text(PROFILE.format(port=server.port, layout=layout, subject=SUBJECT))
        reports = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                               "--role", "receiver", "--tags", SCENARIOS,
                               "--reports", str(reports)],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "ARR_TOKEN": "a" * 24, "ARR_PUSH": "p" * 24})
    results = reports / "results.json"
    assert results.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(results.read_text())


def by_id(results: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for scenario in results["scenarios"]:
        out.setdefault(scenario["id"], []).append(scenario)
    return out


def test_the_sandbox_layout_blocks_with_the_reason_and_hides_no_must_failure(tmp_path):
    results = run(tmp_path, "default-layout", "")
    scenarios = by_id(results)
    assert results["summary"]["broken"] == 0, [
        (s["id"], s["message"]) for s in results["scenarios"] if s["status"] == "broken"]
    assert not any(s["status"] == "passed" for s in scenarios["RX-ACT-01"])
    act = scenarios["RX-ACT-01"][0]
    assert act["status"] == "blocked", act
    cause = next(c for c in results["root_causes"]
                 if c["precondition"].startswith("observation readable"))
    assert "receiver.observation.layout.actions.entries" in cause["summary"]
    assert "a JSON array" in cause["summary"]
    assert cause["evidence"], "the unreadable answer is cited"
    # Its MUST failures show: it accepts SETs signed with a key the transmitter never published.
    hostile = scenarios["RX-HOSTILE-01"][0]
    assert hostile["status"] == "failed" and any(
        c["requirement"] == "JOSE-03" and c["status"] == "failed" for c in hostile["checks"])
    assert scenarios["RX-ACT-02"][0]["status"] == "failed"


def test_its_own_layout_reads_the_arrays_and_grades_what_they_show(tmp_path):
    results = run(tmp_path, "array-layout", LAYOUT)
    scenarios = by_id(results)
    assert results["summary"]["broken"] == 0 and results["summary"]["blocked"] == 0, [
        (s["id"], s["status"], s["message"]) for s in results["scenarios"]]
    act = scenarios["RX-ACT-01"][0]
    assert act["status"] == "passed", act
    checks = {c["id"]: c for c in act["checks"]}
    assert "revoke_all_sessions" in checks["check_action_logged"]["message"]
    assert checks["check_security_state"]["status"] == "passed"
    # The forged revocation is accepted and acted on: a MUST failure, not a pass, not broken.
    forged = scenarios["RX-ACT-02"][0]
    assert forged["status"] == "failed"
    assert any(c["requirement"] == "JOSE-03" and c["status"] == "failed"
               for c in forged["checks"])
    hostile = scenarios["RX-HOSTILE-01"][0]
    assert hostile["status"] == "failed"
    not_acted = [c for c in hostile["checks"] if c["id"] == "check_refused_set_not_acted_on"]
    assert not_acted and not_acted[0]["status"] == "failed", hostile["checks"]
