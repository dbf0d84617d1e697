"""`serve` refuses to put the console on a non-loopback address unless told to explicitly."""
import subprocess
import sys

from harness.suite.profiles import PROJECT_ROOT


def test_serve_refuses_a_network_address_with_the_console_on(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "harness", "serve", "--host", "192.0.2.10",
         "--state", str(tmp_path / "state")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--console-on-network" in done.stderr and "not a loopback address" in done.stderr
    assert not (tmp_path / "state").exists()  # refused before anything was written
