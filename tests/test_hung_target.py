"""A transmitter under test that hangs or is down ends the run within seconds with one
root-cause finding from the preflight (issue 16, deliverable 1), never a run where every
scenario waits out its deadline. Real CLI, real sockets."""
import contextlib
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


def _run(tmp_path, port, command="run"):
    profile = tmp_path / "hung.yaml"
    profile.write_text(PROFILE.format(port=port))
    started = time.monotonic()
    args = ["--reports", str(tmp_path / "r")] if command == "run" else []
    done = subprocess.run([sys.executable, "-m", "harness", command, "--target", str(profile),
                           *args],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HUNG_TOKEN": "t" * 20})
    results = (json.loads((tmp_path / "r" / "results.json").read_text())
               if command == "run" else None)
    return done, results, time.monotonic() - started


@contextlib.contextmanager
def _silent_target():
    """A port that accepts connections and never writes a byte."""
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
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()


def _free_port() -> int:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_target_that_never_answers_ends_the_whole_run_in_seconds(tmp_path):
    with _silent_target() as port:
        done, results, seconds = _run(tmp_path, port)
    assert done.returncode == 1, done.stdout + done.stderr   # the implementation's failure
    # One finding: the first scenario reports the preflight failure, every other one is
    # blocked by it at once (or skipped for a capability the profile does not declare).
    assert results["summary"]["failed"] == 1, results["summary"]
    assert results["summary"]["blocked"] > 10, results["summary"]
    assert {s["status"] for s in results["scenarios"]} <= {"failed", "blocked", "skipped"}
    [cause] = results["root_causes"]
    assert cause["precondition"] == "target reachable (preflight)"
    assert "did not answer" in cause["summary"] and "within 1s" in cause["summary"]
    assert "preflight failed (implementation error)" in done.stderr
    assert results["target_urls"] == {"transmitter": f"http://127.0.0.1:{port}/ssf"}
    assert "Traceback" not in done.stdout + done.stderr
    assert seconds < 30


def test_a_target_that_is_down_is_a_profile_error_in_seconds(tmp_path):
    done, results, seconds = _run(tmp_path, _free_port())
    assert done.returncode == 2, done.stdout + done.stderr   # nothing listens where it says
    assert results["summary"]["passed"] == 0
    assert results["summary"]["failed"] == 0   # not scored as the implementation's failure
    [cause] = results["root_causes"]
    assert "reachable: discovery: cannot connect" in cause["summary"]
    assert seconds < 30


def test_doctor_shows_the_table_and_exits_like_the_run(tmp_path):
    with _silent_target() as port:
        done, _, seconds = _run(tmp_path, port, command="doctor")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "answers in time" in done.stdout and "failed" in done.stdout
    assert seconds < 20
    done, _, _ = _run(tmp_path, _free_port(), command="doctor")
    assert done.returncode == 2 and "reachable" in done.stdout, done.stdout
    missing = subprocess.run([sys.executable, "-m", "harness", "doctor", "--target",
                              str(tmp_path / "nope.yaml")], cwd=PROJECT_ROOT,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "profile error" in missing.stderr
