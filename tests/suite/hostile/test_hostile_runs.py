"""A real run (CLI, recording proxy, pytest) against hostile transmitters: the discovery scenario ends
failed with the reason, in bounded time, and no process of the run grows past 500 MB (issue 14).
Peak memory is the largest ru_maxrss of the run's processes (RUSAGE_CHILDREN: the CLI, pytest,
mitmdump), measured in a fresh interpreter so earlier tests do not count."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from harness.runtime.servers import RunningServer
from harness.suite.profiles import PROJECT_ROOT

from tests.suite.hostile.apps import app

PROFILE = """version: 1
name: hostile-{kind}
transmitter:
  issuer: {base}/ssf
  auth: {{type: bearer, token_env: HOSTILE_TOKEN}}
  capabilities: {{delivery_methods: [push]}}
timeouts: {{http_request: 3, startup: 15}}
limits: {{max_response_bytes: 1048576}}
"""

# Runs the CLI and prints the peak RSS (MB) of every process it waited for.
MEASURE = """import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print("PEAK_MB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
sys.exit(done.returncode)
"""


@pytest.mark.parametrize("kind, reason", [
    ("endless", "body exceeds 1048576 bytes"),
    ("gib", "body exceeds 1048576 bytes (Content-Length 1073741824)"),
    ("nan", "metadata body is not a JSON object"),
])
def test_a_hostile_discovery_document_fails_its_scenario(tmp_path, kind, reason):
    server = RunningServer(app(kind)).start()
    try:
        profile = tmp_path / "hostile.yaml"
        profile.write_text(PROFILE.format(kind=kind, base=server.base_url))
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, sys.executable, "-m", "harness", "run",
             "--target", str(profile), "--reports", str(tmp_path / "r"),
             "--tags", "id:TX-DISC-01"],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180,
            env={**os.environ, "HOSTILE_TOKEN": "t" * 20})
        seconds = time.monotonic() - started
    finally:
        server.stop(timeout=2)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    [scenario] = json.loads((tmp_path / "r" / "results.json").read_text())["scenarios"]
    assert scenario["status"] == "failed", scenario
    said = scenario["message"] + json.dumps(scenario["checks"])
    assert reason in said, said
    assert "Traceback" not in output
    peak = float(output.split("PEAK_MB", 1)[1].split()[0])
    assert peak < 500, peak
    assert seconds < 90
