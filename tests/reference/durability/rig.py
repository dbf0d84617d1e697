"""The durability rig: SETs from a reference transmitter (own process, so it can be killed with
SIGKILL) to a reference receiver behind a FaultFront, over several push streams.

`run(plan)` issues the SETs through the transmitter's trigger endpoint (every SET signed and
committed to the outbox before the 202), plays the plan's receiver outage and transmitter kill,
waits (event-driven, with a deadline) until the receiver has accepted every issued jti, and
returns what happened: lost jtis, duplicates (same jti delivered again, flagged by the receiver),
per-stream order violations, rates and times.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from harness.reference.receiver import ReceiverConfig
from harness.reference.receiver import create_app as receiver_app
from harness.runtime.servers import RunningServer, free_port
from harness.suite.profiles import PROJECT_ROOT
from tests.reference.durability.fault_front import FaultFront

TOKEN, PUSH, ADMIN = "dur-token-0123456789", "dur-push-bearer", "dur-admin-token"
SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"


@dataclass
class Plan:
    sets: int = 400
    streams: int = 4
    fault_rate: float = 0.3
    outage_at: float = 0.3          # fraction of SETs issued when the receiver goes down
    outage_seconds: float = 2.0
    kill_at: float = 0.6            # fraction issued when the transmitter is killed (-9)
    push_timeout: float = 1.0       # the "timeout" fault costs this per hit
    retry_after: str = "1"
    drain_deadline: float = 120.0


@dataclass
class Outcome:
    issued: int = 0
    accepted: int = 0
    lost: list[str] = field(default_factory=list)
    duplicates: int = 0
    unflagged_duplicates: int = 0
    order_violations: int = 0
    faults: dict = field(default_factory=dict)
    issue_seconds: float = 0.0
    drain_seconds: float = 0.0
    total_seconds: float = 0.0


class TransmitterProcess:
    def __init__(self, root: Path, port: int, rx_url: str, plan: Plan):
        self.port, self.url = port, f"http://127.0.0.1:{port}"
        self.settings = dict(
            port=port, public_base_url=self.url, db_path=str(root / "tx.sqlite3"),
            clients=[["rx", TOKEN, rx_url]], admin_token=ADMIN, signing_alg="ES256",
            push_backoff_base=0.05, push_backoff_max=2.0, push_timeout=plan.push_timeout,
            push_retry_after_max=5.0, allow_loopback_addresses=True)
        self.proc: subprocess.Popen | None = None

    def start(self, deadline: float = 60.0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reference.durability.tx_process",
             json.dumps(self.settings)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
        line = self.proc.stdout.readline()  # blocks until `ready` (or the process died)
        if not line.startswith("ready"):
            raise RuntimeError(f"transmitter process did not start: {line!r}")

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill9()


def run(plan: Plan, root: Path) -> Outcome:
    rx_port = free_port()
    rx_url = f"http://127.0.0.1:{rx_port}"
    tx = TransmitterProcess(root, free_port(), rx_url, plan)
    rx_app = receiver_app(ReceiverConfig(
        public_base_url=rx_url, db_path=root / "rx.sqlite3",
        transmitter_issuer=tx.url + "/ssf", transmitter_token=TOKEN, push_bearer=PUSH,
        expected_audience=rx_url, max_wait_seconds=plan.drain_deadline))
    receiver = RunningServer(rx_app, port=rx_port).start()
    front = FaultFront(rx_url, plan.fault_rate, retry_after=plan.retry_after).start()
    out = Outcome()
    issued: dict[str, list[str]] = defaultdict(list)  # stream_id -> jtis in issue order
    try:
        tx.start()
        with httpx.Client(timeout=30) as http:
            streams = [_push_stream(http, tx.url, front.url) for _ in range(plan.streams)]
            admin = {"Authorization": f"Bearer {ADMIN}"}
            started = time.perf_counter()
            for i in range(plan.sets):
                if i == int(plan.sets * plan.outage_at):
                    front.outage(True)
                    outage_ends = time.monotonic() + plan.outage_seconds
                if i == int(plan.sets * plan.kill_at):
                    tx.kill9()  # SIGKILL: no shutdown, whatever was in flight stays queued
                    tx.start()
                sid = streams[i % plan.streams]
                resp = http.post(tx.url + "/ssf/actions/session-revoked", headers=admin,
                                 json={"email": f"u{i}@example.com", "stream_id": sid})
                assert resp.status_code == 202, resp.text
                issued[sid] += [d["jti"] for d in resp.json()["deliveries"]]
                if front._server is None and time.monotonic() >= outage_ends:
                    front.outage(False)
            out.issue_seconds = time.perf_counter() - started
            if front._server is None:  # the outage outlasts the issuing: wait it out
                remaining = outage_ends - time.monotonic()
                if remaining > 0:
                    _wait_quietly(http, rx_url, remaining)
                front.outage(False)
            drain_started = time.perf_counter()
            everything = [j for jtis in issued.values() for j in jtis]
            _wait_all_accepted(http, rx_url, len(everything), plan.drain_deadline)
            out.drain_seconds = time.perf_counter() - drain_started
            out.total_seconds = time.perf_counter() - started
        _judge(out, issued, rx_app)
        out.faults = dict(front.counts)
    finally:
        tx.stop()
        front.stop()
        receiver.stop()
    return out


def _push_stream(http: httpx.Client, tx_url: str, push_url: str) -> str:
    resp = http.post(tx_url + "/ssf/stream", headers={"Authorization": f"Bearer {TOKEN}"}, json={
        "events_requested": [SR], "delivery": {"method": "urn:ietf:rfc:8935",
                                               "endpoint_url": push_url,
                                               "authorization_header": f"Bearer {PUSH}"}})
    assert resp.status_code == 201, resp.text
    return resp.json()["stream_id"]


def _wait_all_accepted(http: httpx.Client, rx_url: str, count: int, deadline: float) -> None:
    """Until the receiver has logged `count` first acceptances: each round blocks on the
    receiver's own wait for anything newly logged, so nothing polls or sleeps."""
    end = time.monotonic() + deadline
    while True:
        since = time.time()
        counts = http.get(rx_url + "/ssf/receiver/status").json()["counts"]
        if counts["accepted"] - counts["duplicates"] >= count:
            return
        remaining = end - time.monotonic()
        assert remaining > 0, f"only {counts['accepted'] - counts['duplicates']} of {count} " \
                              "SETs accepted by the deadline"
        http.get(rx_url + "/ssf/receiver/events", timeout=remaining + 10, params={
            "since": f"{since:.6f}", "min_count": 1, "limit": 1,
            "wait": f"{min(remaining, 30.0):.3f}"})


def _wait_quietly(http: httpx.Client, rx_url: str, seconds: float) -> None:
    """Let the outage run its course: a blocking read of the receiver that cannot come true."""
    http.get(rx_url + "/ssf/receiver/events", timeout=seconds + 10,
             params={"jti": "never", "wait": seconds})


def _judge(out: Outcome, issued: dict[str, list[str]], rx_app) -> None:
    store = rx_app.state.receiver.engine.store
    rows = store.events(accepted=True, limit=10 ** 7)  # the receiver's log, in arrival order
    stream_of = {j: sid for sid, jtis in issued.items() for j in jtis}
    out.issued = len(stream_of)
    first = [r["jti"] for r in rows if not r["duplicate"]]
    out.accepted = len(set(first) & set(stream_of))
    out.lost = sorted(set(stream_of) - set(first))
    seen: set[str] = set()
    for r in rows:  # a repeat must carry a jti already accepted, and be flagged
        if r["jti"] in seen:
            out.duplicates += 1
            out.unflagged_duplicates += not r["duplicate"]
        seen.add(r["jti"])
    for sid, jtis in issued.items():
        arrived = [j for j in first if stream_of.get(j) == sid]
        out.order_violations += sum(a != b for a, b in zip(arrived, jtis))
