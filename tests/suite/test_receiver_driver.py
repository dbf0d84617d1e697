"""ReceiverDriver pieces that need no full run: the profile's drive triggers, pushes with the
right Authorization, and the bounded re-read loop used to observe an external receiver. A
small real HTTP server plays the external receiver; the profile is a real YAML file."""
import json
import sys
import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.jose import KeyRing
from harness.profiles import load_profile
from harness.runtime.servers import RunningServer
from harness.suite.forger import SetForger
from harness.suite.http import SuiteHttp
from harness.suite.receiver_driver import DriveUnavailable, ReceiverDriver
from harness.suite.receiver_session import ReceiverSession, RxCredentials


class FakeRut:
    """An external receiver's drive, push and observation endpoints, recording every call."""

    def __init__(self, actions_after: int = 2):
        self.calls: list[dict] = []
        self.reads = 0
        self.actions_after = actions_after

    async def record(self, request: Request) -> Response:
        self.calls.append({"path": request.url.path, "headers": dict(request.headers),
                           "body": await request.body(), "query": dict(request.query_params)})
        return Response(status_code=202)

    async def actions(self, request: Request) -> Response:
        self.reads += 1
        self.calls.append({"path": request.url.path, "query": dict(request.query_params)})
        done = self.reads > self.actions_after
        return JSONResponse({"actions": [{"jti": "j1", "action": "x"}] if done else []})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/obs/actions", self.actions),
                                 Route("/drive/{kind}", self.record, methods=["POST"]),
                                 Route("/push", self.record, methods=["POST"])])


PROFILE = """version: 1
name: fake-rut
receiver:
  base_url: {base}
  delivery: {{method: push, endpoint_url: "{base}/push", token_env: T_PUSH}}
  auth: {{type: bearer, token_env: T_MGMT}}
  capabilities: {{events: [session-revoked], subject_formats: [email]}}
  stream:
    provisioning: receiver
    create:
      type: http
      url: /drive/create
      headers: {{Authorization: "Bearer ${{T_CONTROL}}"}}
      body: {{audience: "{{audience}}", who: "{{email}}"}}
    verify:
      type: command
      argv: ["{python}", "-c", "import sys; open(sys.argv[1], 'w').write(sys.argv[2])",
             "{out}", "{{email}}"]
  observation: {{type: http, actions_url: /obs/actions}}
  test_email: bob@rp.example
"""


@pytest.fixture
def rut():
    fake = FakeRut()
    server = RunningServer(fake.app()).start()
    yield fake, server
    server.stop()


@pytest.fixture
def driver(rut, tmp_path, monkeypatch):
    fake, server = rut
    for name, value in (("T_PUSH", "push-secret"), ("T_MGMT", "mgmt"), ("T_CONTROL", "ctl")):
        monkeypatch.setenv(name, value)
    path = tmp_path / "rut.yaml"
    path.write_text(PROFILE.format(base=server.base_url, python=sys.executable,
                                   out=tmp_path / "verified.txt"))
    session = ReceiverSession(load_profile(path), tmp_path, use_proxy=False)
    session.rut_base, session.push_url = server.base_url, server.base_url + "/push"
    session.audience = "https://rp.example"
    session.creds = RxCredentials(push_authorization="Bearer push-secret")
    session.http = SuiteHttp(timeout=5.0)
    yield ReceiverDriver(session)
    session.http.close()


def test_an_http_drive_renders_the_profile_template(driver, rut):
    fake, _ = rut
    outcome = driver.drive("create")
    assert (outcome.kind, outcome.ok, outcome.code) == ("http", True, 202)
    call = fake.calls[-1]
    assert call["path"] == "/drive/create" and call["headers"]["authorization"] == "Bearer ctl"
    assert call["body"] == b'{"audience":"https://rp.example","who":"bob@rp.example"}'


def test_a_command_drive_runs_without_a_shell(driver, tmp_path):
    outcome = driver.drive("verify")
    assert (outcome.kind, outcome.ok, outcome.code) == ("command", True, 0)
    assert (tmp_path / "verified.txt").read_text() == "bob@rp.example"
    assert driver.commands[0].argv[-1] == "bob@rp.example" and driver.commands[0].exit_code == 0


def test_an_unconfigured_drive_and_reference_controls_are_unavailable(driver):
    with pytest.raises(DriveUnavailable, match="receiver.stream.delete"):
        driver.drive("delete")
    with pytest.raises(DriveUnavailable, match="embedded reference"):
        driver.reference_control("POST", "/ssf/receiver/stream")


def test_pushes_carry_the_profile_authorization_unless_the_request_says_otherwise(driver, rut):
    fake, _ = rut
    ring = KeyRing.generate("RS256")
    forger = SetForger("https://tx", "https://rp.example", lambda: ring.current)
    valid = forger.valid("session-revoked")
    for forged in (valid, forger.hostile("missing-bearer"), forger.hostile("wrong-bearer"),
                   forger.hostile("wrong-content-type")):
        assert driver.push(forged).status == 202
    sent = [c["headers"] for c in fake.calls if c["path"] == "/push"]
    assert [h.get("authorization") for h in sent] == [
        "Bearer push-secret", None, "Bearer not-the-right-token", "Bearer push-secret"]
    assert [h["content-type"] for h in sent] == ["application/secevent+jwt"] * 3 + [
        "application/json"]
    assert fake.calls[0]["body"] == valid.body


def test_an_external_observation_is_reread_with_backoff_until_done(driver, rut):
    fake, _ = rut
    started = time.monotonic()
    seen = driver.observe_until("actions", bool, 5.0, {"jti": "j1"})
    assert seen.value == [{"jti": "j1", "action": "x"}] and fake.reads == 3
    assert all(c["query"] == {"jti": "j1"} for c in fake.calls)  # no wait= for external RUTs
    assert time.monotonic() - started < 1.0  # 50 ms + 100 ms of backoff, not the deadline


def test_an_observation_that_never_holds_ends_at_the_deadline(driver, rut):
    fake, _ = rut
    fake.actions_after = 10 ** 6
    started = time.monotonic()
    seen = driver.observe_until("actions", bool, 0.4)
    elapsed = time.monotonic() - started
    assert seen.readable and seen.value == [] and 0.4 <= elapsed < 1.5 and fake.reads >= 3


def test_a_verify_drive_gets_the_stream_and_a_fresh_state_and_no_stream_is_refused(driver, rut):
    from dataclasses import replace

    from harness.profiles import TemplateError, Trigger
    fake, _ = rut
    profile = driver.session.profile
    verify = Trigger("http", url="/drive/verify?stream={stream_id}", body={"state": "{state}"})
    stream = replace(profile.receiver.stream, verify=verify)
    driver.session.profile = replace(profile, receiver=replace(profile.receiver, stream=stream))
    with pytest.raises(TemplateError, match=r"\{stream_id\}"):   # no stream: refused, not ''
        driver.drive("verify")
    driver.session.stream = {"stream_id": "s-9"}
    assert driver.drive("verify").ok and driver.drive("verify").ok
    states = [json.loads(c["body"])["state"] for c in fake.calls if c["path"] == "/drive/verify"]
    assert fake.calls[-1]["query"] == {"stream": "s-9"}
    assert len(states) == 2 and states[0] != states[1] and all(len(s) >= 12 for s in states)
