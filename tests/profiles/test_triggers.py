"""Trigger rendering: placeholders filled, URL values encoded, secrets from env, argv no shell."""
from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.profiles import (PROFILES_DIR, Headers, Secret, TemplateError, Trigger,
                              load_profile, load_reference_profile, render_command,
                              render_http_trigger, render_observation, render_prompt)
from harness.runtime.servers import RunningServer

from tests.profiles.conftest import EXAMPLE_ENV


def http_trigger(url: str, **kwargs) -> Trigger:
    return Trigger(type="http", url=url, **kwargs)


def test_http_trigger_fills_placeholders_and_joins_the_base_url():
    profile = load_profile(PROFILES_DIR / "examples/external-transmitter.yaml", env=EXAMPLE_ENV)
    trigger = profile.transmitter.trigger
    method, url, headers, body = render_http_trigger(
        trigger, base_url=profile.transmitter.base_url, action="session-revoked",
        email="alice@acme.example")
    assert (method, url) == ("POST", "https://ssf.acme.example/ssf/actions/session-revoked")
    assert headers == {"Authorization": "Bearer tut-bearer-2f6c"}
    assert body == {"email": "alice@acme.example"}


def test_values_are_percent_encoded_in_the_url_but_not_in_the_body():
    trigger = http_trigger("https://tx.example/fire/{action}?who={email}&s={stream_id}",
                           body={"who": "{email}", "n": 3, "list": ["{stream_id}"]})
    request = render_http_trigger(trigger, action="a/b", email="a+b@x.example",
                                  stream_id="id with space&x=1")
    assert request.url == ("https://tx.example/fire/a%2Fb?who=a%2Bb%40x.example"
                           "&s=id%20with%20space%26x%3D1")
    assert request.body == {"who": "a+b@x.example", "n": 3, "list": ["id with space&x=1"]}


def test_a_filled_in_value_is_never_expanded_again():
    trigger = http_trigger("/fire", headers=Headers((("X-Who", "{email} ${TOKEN}"),),
                                                     (Secret("TOKEN", "s3cr3t"),)))
    request = render_http_trigger(trigger, base_url="https://tx.example", email="${TOKEN}")
    assert request.headers == {"X-Who": "${TOKEN} s3cr3t"}


def test_missing_value_or_base_url_is_a_clear_error():
    with pytest.raises(TemplateError, match=r"no value for placeholder \{action\}"):
        render_http_trigger(http_trigger("https://tx.example/{action}"))
    with pytest.raises(TemplateError, match="needs base_url"):
        render_http_trigger(http_trigger("/fire"))


def test_header_injection_is_refused():
    trigger = http_trigger("https://tx.example/", headers=Headers((("X-Who", "{email}"),)))
    with pytest.raises(TemplateError, match="line break"):
        render_http_trigger(trigger, email="a@x\r\nX-Evil: 1")


def test_rendering_the_wrong_kind_of_trigger_is_an_error():
    with pytest.raises(TemplateError, match="not 'command'"):
        render_command(http_trigger("/fire"))
    with pytest.raises(TemplateError, match="not 'http'"):
        render_http_trigger(Trigger())


def test_command_argv_is_filled_per_element_and_runs_without_a_shell(tmp_path):
    hostile = "x; touch pwned; echo $(id)"
    trigger = Trigger(type="command", argv=(sys.executable, "-c",
                                            "import json,sys; print(json.dumps(sys.argv[1:]))",
                                            "--action", "{action}", "--subject", "{email}"))
    argv = render_command(trigger, action="session-revoked", email=hostile)
    assert argv[3:] == ["--action", "session-revoked", "--subject", hostile]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=30,
                          check=True)
    assert json.loads(done.stdout) == ["--action", "session-revoked", "--subject", hostile]
    assert not (tmp_path / "pwned").exists()


def test_manual_prompt_is_filled():
    profile = load_profile(PROFILES_DIR / "examples/polling-receiver.yaml", env=EXAMPLE_ENV)
    create = profile.receiver.stream.create
    text = render_prompt(create, metadata_url="https://suite.example/.well-known/ssf-configuration")
    assert "https://suite.example/.well-known/ssf-configuration" in text
    assert create.deadline == 600


def test_observation_requests():
    profile = load_profile(PROFILES_DIR / "examples/external-receiver.yaml", env=EXAMPLE_ENV)
    obs = profile.receiver.observation
    request = render_observation(obs, "security_state", base_url=profile.receiver.base_url,
                                 email="bob@rp.acme.example")
    assert request == ("GET", "https://rp.acme.example/ssf/security-state/bob%40rp.acme.example",
                       {"Authorization": "Bearer rut-control-5a9b"}, None)
    none = load_profile(PROFILES_DIR / "examples/polling-receiver.yaml",
                        env=EXAMPLE_ENV).receiver.observation
    with pytest.raises(TemplateError, match="not configured"):
        render_observation(none, "actions")
    with pytest.raises(ValueError, match="unknown observation kind"):
        obs.url_for("logs")


def _recording_app(seen: list):
    async def fire(request):
        seen.append({"method": request.method, "path": request.url.path,
                     "auth": request.headers.get("authorization"),
                     "body": await request.json()})
        return JSONResponse({"event": request.path_params["action"]}, status_code=202)
    return Starlette(routes=[Route("/ssf/actions/{action}", fire, methods=["POST"])])


def test_reference_trigger_renders_a_request_a_real_server_accepts():
    """End to end: the rendered request, sent with one httpx.Client, reaches a real server."""
    profile = load_reference_profile(env={})
    seen: list = []
    with RunningServer(_recording_app(seen)) as server, httpx.Client(timeout=10) as client:
        method, url, headers, body = render_http_trigger(
            profile.transmitter.trigger, base_url=server.base_url + "/ssf",
            action="account-disabled", email=profile.transmitter.test_email)
        response = client.request(method, url, headers=headers, json=body)
    assert response.status_code == 202
    admin = next(s for s in profile.transmitter.trigger.headers.env)
    assert seen == [{"method": "POST", "path": "/ssf/actions/account-disabled",
                     "auth": f"Bearer {admin.value}", "body": {"email": "alice@example.com"}}]
