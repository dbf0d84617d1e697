"""A Kolide transmitter under a profile that says `dialect: ssf` (the default) is recognised:
the stream set-up fails once with a finding that names Kolide's API and the profile line to
change, and the scenarios needing a stream are blocked by it (issue 12 item 7). Real CLI, real
proxy, the Kolide emulator on loopback."""
import json
import os
import subprocess
import sys

import pytest

from harness.reference.dialects import EmulatorSettings, create_app
from harness.runtime.servers import RunningServer, reserve_port
from harness.suite.profiles import PROJECT_ROOT

TOKEN = "k" * 24
PROFILE = """version: 1
name: kolide-named-as-ssf
transmitter:
  issuer: http://127.0.0.1:{port}
  metadata_url: http://127.0.0.1:{port}/.well-known/ssf-configuration
  auth: {{type: bearer, token_env: KOLIDE_TOKEN}}
  capabilities:
    delivery_methods: [push, poll]
    events: [device-compliance-change]
    optional: [verification]
timeouts: {{http_request: 3, startup: 10}}
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kolide-as-ssf")
    sock = reserve_port()   # the emulator names its origin in its metadata before it listens
    port = sock.getsockname()[1]
    settings = EmulatorSettings(public_base_url=f"http://127.0.0.1:{port}",
                                db_path=tmp / "kolide.sqlite3", api_token=TOKEN,
                                admin_token="a" * 24,
                                options={"allow_private_push_targets": True})
    with RunningServer(create_app("kolide", settings), listen_socket=sock) as server:
        profile = tmp / "kolide-as-ssf.yaml"
        profile.write_text(PROFILE.format(port=server.port))
        done = subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                               "--role", "transmitter", "--tags", "id:TX-PUSH-01 or id:TX-PUSH-03",
                               "--reports", str(tmp / "r")],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180,
                              env={**os.environ, "KOLIDE_TOKEN": TOKEN})
    assert (tmp / "r" / "results.json").exists(), done.stdout + done.stderr
    return json.loads((tmp / "r" / "results.json").read_text())


def test_one_root_cause_names_the_dialect_and_the_profile_line(results):
    (cause,) = results["root_causes"]
    assert cause["precondition"] == "stream created"
    assert "Kolide's SSF streams API" in cause["summary"]
    assert "`transmitter.dialect: kolide`" in cause["advice"]


def test_the_other_scenario_needing_a_stream_is_blocked_by_it(results):
    statuses = sorted(s["status"] for s in results["scenarios"])
    assert statuses == ["blocked", "failed"], statuses
