"""`ssf-conformance serve` starts the three references (real processes): a stream created at the
transmitter with the receiver's push endpoint gets a verification SET that the receiver accepts,
and the trust directory answers the documented calls exactly as docs/sandbox.md shows them with
curl."""
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

from harness.suite.profiles import PROJECT_ROOT

TOKENS = {"SSF_SERVE_TOKEN": "tok-" + "a" * 20, "SSF_SERVE_PUSH_TOKEN": "push-x",
          "SSF_SERVE_CONTROL_TOKEN": "ctl-y", "SSF_SERVE_ADMIN_TOKEN": "adm-z",
          "SSF_SERVE_DIRECTORY_TOKEN": "dir-" + "w" * 20}
SANDBOX_DOC = PROJECT_ROOT / "docs" / "sandbox.md"


@pytest.fixture
def served(tmp_path):
    # Port 0: serve binds free ports itself and prints them (no port picked and let go).
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", "serve", "--transmitter-port", "0",
         "--receiver-port", "0", "--directory-port", "0", "--state", str(tmp_path / "state")],
        cwd=PROJECT_ROOT, env={**os.environ, **TOKENS}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        banner = [proc.stdout.readline() for _ in range(4)]
        yield printed_ports(banner), banner, tmp_path
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def printed_ports(banner: list[str]) -> dict[str, int]:
    """role -> port, from serve's banner lines ("receiver     http://127.0.0.1:PORT  ...")."""
    found = (re.match(r"(transmitter|receiver|directory)\s+https?://[^\s]+:(\d+)", line)
             for line in banner)
    ports = {m.group(1): int(m.group(2)) for m in found if m}
    assert set(ports) == {"transmitter", "receiver", "directory"}, banner
    return ports


def test_serve_runs_transmitter_and_receiver_end_to_end(served):
    ports, banner, tmp_path = served
    assert "credentials" in banner[3], banner
    assert not any(token in "".join(banner) for token in TOKENS.values())
    with httpx.Client(timeout=10) as client:
        rx = f"http://127.0.0.1:{ports['receiver']}"
        created = client.post(rx + "/ssf/receiver/stream", json={"delivery": "push"},
                              headers={"Authorization": "Bearer ctl-y"})
        assert created.status_code in (200, 201), created.text
        verify = client.post(rx + "/ssf/receiver/stream/verify",
                             headers={"Authorization": "Bearer ctl-y"})
        assert verify.status_code == 202, verify.text
        state = verify.json()["state"]
        seen = client.get(rx + "/ssf/receiver/verifications",
                          params={"wait": 10, "state": state},
                          headers={"Authorization": "Bearer ctl-y"})
        assert seen.status_code == 200 and state in seen.text, seen.text
    credentials = tmp_path / "state" / "serve-credentials.json"
    assert json.loads(credentials.read_text())["push"] == "push-x"
    assert credentials.stat().st_mode & 0o777 == 0o600


def _documented_curl_block() -> str:
    text = SANDBOX_DOC.read_text()
    block = re.search(r"<!-- directory-curl-begin -->\s*```bash\n(.*?)```", text, re.S)
    assert block, "docs/sandbox.md lost its directory curl block"
    return block.group(1)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_serve_directory_answers_the_documented_curl_calls(served):
    ports, banner, tmp_path = served
    directory = f"http://127.0.0.1:{ports['directory']}"
    assert banner[2].startswith("directory") and directory in banner[2]
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "DIR": directory, "STATE": str(tmp_path / "state"),
           "TX": f"http://127.0.0.1:{ports['transmitter']}",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["bash", "-c", _documented_curl_block()], cwd=work, env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    statement = json.loads((work / "statement.json").read_text())
    assert statement["OrganisationId"] == "sandbox-org" and "OperationWarnings" in statement
    ssa = (work / "ssa.jwt").read_text()
    assert ssa.count(".") == 2 and len(ssa) <= 4000
    client = json.loads((work / "client.json").read_text())  # registered with the SSA
    assert client["client_id"] and client["scope"] == "ssf.read ssf.manage"
    assert TOKENS["SSF_SERVE_DIRECTORY_TOKEN"] not in run.stdout + run.stderr
