"""`ssf-conformance serve` starts both references; a stream created at the transmitter with the
receiver's push endpoint gets a verification SET that the receiver accepts (real processes)."""
import json
import os
import signal
import subprocess
import sys

import httpx

from harness.runtime.servers import free_port
from harness.suite.profiles import PROJECT_ROOT


def test_serve_runs_transmitter_and_receiver_end_to_end(tmp_path):
    tx_port, rx_port = free_port(), free_port()
    env = {**os.environ, "SSF_SERVE_TOKEN": "tok-" + "a" * 20, "SSF_SERVE_PUSH_TOKEN": "push-x",
           "SSF_SERVE_CONTROL_TOKEN": "ctl-y", "SSF_SERVE_ADMIN_TOKEN": "adm-z"}
    proc = subprocess.Popen([sys.executable, "-m", "harness", "serve", "--transmitter-port",
                             str(tx_port), "--receiver-port", str(rx_port), "--state",
                             str(tmp_path)], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        banner = [proc.stdout.readline() for _ in range(3)]
        assert "credentials" in banner[2] and "tok-" not in "".join(banner)
        with httpx.Client(timeout=10) as client:
            rx = f"http://127.0.0.1:{rx_port}"
            created = client.post(rx + "/ssf/receiver/stream", json={"delivery": "push"},
                                  headers={"Authorization": "Bearer ctl-y"})
            assert created.status_code in (200, 201), created.text
            verify = client.post(rx + "/ssf/receiver/stream/verify",
                                 headers={"Authorization": "Bearer ctl-y"})
            assert verify.status_code == 202, verify.text
            state = verify.json()["state"]
            seen = client.get(rx + "/ssf/receiver/verifications",
                              params={"wait": 10, "state": state})
            assert seen.status_code == 200 and state in seen.text, seen.text
        assert json.loads((tmp_path / "serve-credentials.json").read_text())["push"] == "push-x"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
