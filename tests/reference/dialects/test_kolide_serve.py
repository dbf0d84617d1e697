"""`ssf-conformance serve --dialect kolide` (a real process on free ports) answers the Kolide
document's requests (issue 12 "Done when"), and docs/sandbox.md's Kolide curl block runs as
written."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import typer

from harness.suite.profiles import PROJECT_ROOT
from tests.test_serve_cli import printed_ports
from tests.reference.dialects.kolide_support import DCC, VERSION

TOKENS = {"SSF_SERVE_TOKEN": "tok-" + "k" * 20, "SSF_SERVE_PUSH_TOKEN": "push-x",
          "SSF_SERVE_CONTROL_TOKEN": "ctl-y", "SSF_SERVE_ADMIN_TOKEN": "adm-" + "z" * 20,
          "SSF_SERVE_DIRECTORY_TOKEN": "dir-" + "w" * 20}
SANDBOX_DOC = PROJECT_ROOT / "docs" / "sandbox.md"


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, dict]:
    proc = subprocess.Popen(   # port 0: serve binds free ports itself and prints them
        [sys.executable, "-m", "harness", "serve", "--dialect", "kolide",
         "--transmitter-port", "0", "--receiver-port", "0", "--directory-port", "0",
         "--state", str(tmp_path / "state"), *extra],
        cwd=PROJECT_ROOT, env={**os.environ, **TOKENS}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    return proc, {}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("kolide-serve")
    proc, ports = _serve(tmp_path)
    try:
        banner = [proc.stdout.readline() for _ in range(4)]
        yield f"http://127.0.0.1:{printed_ports(banner)['transmitter']}", banner, tmp_path
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def _headers(**extra) -> dict:
    return {"Authorization": f"Bearer {TOKENS['SSF_SERVE_TOKEN']}",
            "X-Kolide-Api-Version": VERSION, **extra}


def test_banner_names_the_emulator_and_its_discovery(served):
    url, banner, _ = served
    assert banner[0].startswith("transmitter") and "kolide emulator" in banner[0]
    assert f"discovery {url}/.well-known/ssf-configuration" in banner[0]
    assert "cannot drive a kolide transmitter" in banner[1]
    assert banner[2].startswith("directory") and "credentials" in banner[3]
    assert not any(t in "".join(banner) for t in TOKENS.values())


def test_serve_answers_the_documented_requests(served):
    url, _, _ = served
    legacy = {"ssf_stream": {"name": "Example Polling Receiver", "delivery_type": "poll",
                             "event_subscriptions": [DCC]}}
    with httpx.Client(timeout=10) as http:
        created = http.post(url + "/ssf_streams", json=legacy, headers=_headers())
        assert created.status_code == 201, created.text
        stream = created.json()
        assert len(stream["poll_bearer_token"]) == 32
        again = http.get(f"{url}/ssf_streams/{stream['id']}", headers=_headers())
        assert again.status_code == 200 and "poll_bearer_token" not in again.json()
        events = f"{url}/ssf_streams/{stream['stream_id']}/events"
        assert http.get(events, headers=_headers()).status_code == 401
        polled = http.get(events, headers=_headers(**{
            "X-Kolide-Poll-Bearer-Token": stream["poll_bearer_token"]}))
        assert polled.status_code == 200 and polled.json() == {"sets": {}}
        private = http.post(url + "/ssf_streams", headers=_headers(), json={"ssf_stream": {
            "name": "Example Receiver", "aud": "http://10.0.0.1/web", "delivery_type": "push",
            "event_subscriptions": [DCC]}})
        assert private.status_code == 422 and "aud" in private.json()["errors"]
        no_version = http.get(url + "/ssf_streams", headers={
            "Authorization": f"Bearer {TOKENS['SSF_SERVE_TOKEN']}"})
        assert no_version.status_code == 400


def _documented_curl_block() -> str:
    text = SANDBOX_DOC.read_text()
    block = re.search(r"<!-- kolide-curl-begin -->\s*```bash\n(.*?)```", text, re.S)
    assert block, "docs/sandbox.md lost its Kolide curl block"
    return block.group(1)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_serve_answers_the_documented_curl_calls(served):
    url, _, tmp_path = served
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "TX": url, "STATE": str(tmp_path / "state"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["bash", "-c", _documented_curl_block()], cwd=work, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads((work / "test.json").read_text())["success"] is True
    assert "aud" in json.loads((work / "refused.json").read_text())["errors"]
    assert json.loads((work / "configuration.json").read_text())["issuer"] == url


@pytest.mark.parametrize("args, message", [
    (["--dialect", "nope"], "no emulator for dialect 'nope'"),
    (["--faults", "kolide-no-such-fault"], "unknown"),
    (["--faults", "set-wrong-typ"], "which --dialect replaces")])
def test_bad_dialect_arguments_end_with_one_line(tmp_path, args, message):
    proc, _ = _serve(tmp_path, *args)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2, out
    assert message in out and len(out.strip().splitlines()) == 1, out


def test_a_dialect_without_an_emulator_yet_is_one_line(monkeypatch, capsys):
    from harness.cli import serve
    from harness.reference import dialects
    monkeypatch.setitem(dialects.MODULES, "ghost", "ghost_not_written")
    with pytest.raises(typer.Exit) as ended:
        serve._dialect_module("ghost")
    assert ended.value.exit_code == 2
    assert capsys.readouterr().err.strip() == \
        "error: --dialect ghost: its emulator is not written yet"
