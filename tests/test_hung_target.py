"""A transmitter under test that hangs or is down gives failed/broken scenarios within the
profile's deadlines, never a hung run (issue 4, item 8). Real CLI, real proxy, real sockets."""
import json
import os
import socket
import subprocess
import sys
import threading
import time

from harness.suite.profiles import PROJECT_ROOT

PROFILE = """version: 1
name: hung-target
transmitter:
  issuer: http://127.0.0.1:{port}/ssf
  auth: {{type: bearer, token_env: HUNG_TOKEN}}
  capabilities: {{delivery_methods: [push]}}
timeouts: {{http_request: 1, startup: 10}}
"""


def _run(tmp_path, port):
    profile = tmp_path / "hung.yaml"
    profile.write_text(PROFILE.format(port=port))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "harness", "run", "--target", str(profile),
                           "--tags", "area:discovery", "--reports", str(tmp_path / "r")],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HUNG_TOKEN": "t" * 20})
    results = json.loads((tmp_path / "r" / "results.json").read_text())
    return done, results, time.monotonic() - started


def test_a_target_that_never_answers_fails_within_the_deadline(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept_and_hold():  # accepts connections and never writes a byte
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue
    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    try:
        done, results, seconds = _run(tmp_path, listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()
    assert done.returncode == 1, done.stdout + done.stderr
    statuses = {s["status"] for s in results["scenarios"]}
    # The first discovery that times out is the root cause; later ones are blocked by it at
    # once instead of each waiting out the deadline again (issue 10, item 5).
    assert statuses == {"failed", "blocked"}, results["summary"]
    assert any("did not answer" in s["message"] for s in results["scenarios"])
    assert [c["precondition"] for c in results["root_causes"]] == ["metadata discovered"]
    assert seconds < 90


def test_a_target_that_is_down_is_reported_without_hanging(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done, results, seconds = _run(tmp_path, port)
    assert done.returncode in (1, 3), done.stdout + done.stderr
    assert results["summary"]["passed"] == 0
    assert seconds < 90
