"""The reference receiver in a process of its own, as a deployment runs it: its CPU is not the
transmitter's, and the two meet only over HTTP.

`python -m benchmarks.receiver_process '<json>'` (ReceiverConfig keyword arguments plus `port`)
prints `ready <port>` once it serves, then runs until stopped. `ReceiverProcess` starts and
stops it and reads its counts.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ReceiverProcess:
    def __init__(self, port: int, **settings):
        self.url = f"http://127.0.0.1:{port}"
        self.settings = {"port": port, "public_base_url": self.url, **settings}
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ReceiverProcess":
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.receiver_process", json.dumps(self.settings)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()  # blocks until `ready` (or the process died)
        if not line.startswith("ready"):
            self.__exit__()
            raise RuntimeError(f"receiver process did not start: {line!r}")
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def accepted(self) -> int:
        """SETs accepted for the first time (repeats of a delivered SET not counted)."""
        counts = httpx.get(self.url + "/ssf/receiver/status", timeout=30).json()["counts"]
        return counts["accepted"] - counts["duplicates"]


def main(raw: str) -> None:
    from harness.reference.receiver import ReceiverConfig, create_app
    from harness.runtime.servers import RunningServer

    settings = json.loads(raw)
    port = settings.pop("port")
    server = RunningServer(create_app(ReceiverConfig(**settings)), port=port,
                           startup_timeout=30).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"ready {server.port}", flush=True)
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main(sys.argv[1])
