"""Push end to end: SETs triggered at the reference transmitter, signed, pushed over real HTTP
(keep-alive) to the reference receiver running in a process of its own, verified and committed
there (its 202 comes after the durable commit), several push streams in parallel, each in
strict order (one SET in flight per stream, as the reference always does).

Two triggers: `bulk` generates the events inside the transmitter (`emit_async`, the path the
trigger endpoint takes after parsing its request, on its event loop, interleaved with the
deliveries); `http` has a client in a process of its own send one
`POST /ssf/actions/session-revoked` per event (one call in flight per stream). The clock runs
from the first trigger until the transmitter has seen the last stream's last 2xx; the
receiver's own count is checked afterwards. CPU seconds of the transmitter's and the receiver's
processes over the same window say where the time goes.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.receiver_process import PROJECT_ROOT, ReceiverProcess
from harness.reference.transmitter import ReceiverClient, TransmitterConfig, create_app
from harness.runtime.servers import RunningServer, free_port
from harness.ssf.constants import PUSH

TOKEN, PUSH_BEARER = "bench-token", "bench-push-bearer"
SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
DEADLINE = 300.0  # seconds a run may take before the benchmark gives up
SETTLED = ("delivered", "rejected", "failed", "dropped")


@dataclass(frozen=True)
class Run:
    sets: int
    seconds: float
    tx_cpu: float  # CPU seconds of the transmitter's process (and the bench in it)
    rx_cpu: float  # CPU seconds of the receiver's process

    @property
    def rate(self) -> float:
        return self.sets / self.seconds

    @property
    def tx_ms(self) -> float:
        return self.tx_cpu / self.sets * 1e3

    @property
    def rx_ms(self) -> float:
        return self.rx_cpu / self.sets * 1e3

    def where(self) -> str:
        return f"CPU per SET: transmitter {self.tx_ms:.2f} ms, receiver {self.rx_ms:.2f} ms"


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PushPipeline:
    def __init__(self, directory: Path, streams: int):
        tx_port, rx_port = free_port(), free_port()
        tx_url = f"http://127.0.0.1:{tx_port}"
        self.receiver = ReceiverProcess(
            rx_port, db_path=str(directory / "rx.sqlite3"), transmitter_issuer=tx_url + "/ssf",
            transmitter_token=TOKEN, push_bearer=PUSH_BEARER, max_wait_seconds=120,
            allow_loopback_addresses=True).__enter__()
        self.server: RunningServer | None = None
        try:
            self._start_transmitter(directory, tx_port, tx_url, streams)
        except BaseException:
            self.close()
            raise

    def _start_transmitter(self, directory: Path, tx_port: int, tx_url: str,
                           streams: int) -> None:
        self.app = create_app(TransmitterConfig(
            public_base_url=tx_url, db_path=directory / "tx.sqlite3", admin_token=None,
            clients=[ReceiverClient("rx", tokens=(TOKEN,), audience=self.receiver.url)],
            allow_loopback_addresses=True))
        self.server = RunningServer(self.app, port=tx_port).start()
        self.tx = self.app.state.tx
        self.url = tx_url
        with httpx.Client(base_url=tx_url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            self.stream_ids = [http.post("/ssf/stream", json={
                "events_requested": [SESSION_REVOKED],
                "delivery": {"method": PUSH, "endpoint_url": self.receiver.url +
                             "/ssf/receiver/push",
                             "authorization_header": f"Bearer {PUSH_BEARER}"}},
            ).json()["stream_id"] for _ in range(streams)]
        self.accepted = 0
        self._watch = asyncio.run_coroutine_threadsafe(self._make_watch(), self.tx.loop).result(10)
        self.bulk(len(self.stream_ids))  # warm-up: the receiver fetches metadata and JWKS

    async def _make_watch(self) -> "_SettledWatch":
        return _SettledWatch(self.tx)  # its asyncio.Event belongs to the transmitter's loop

    def close(self) -> None:
        if self.server is not None:
            self.tx.close_streams_threadsafe()
            self.server.stop()
        self.receiver.__exit__()

    def bulk(self, count: int) -> Run:
        def trigger() -> tuple[float, list[str]]:
            return asyncio.run_coroutine_threadsafe(self._emit(count), self.tx.loop).result(
                DEADLINE)
        return self._measure(count, trigger)

    def http(self, count: int) -> Run:
        client = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.trigger_client", json.dumps({
                "url": self.url, "token": TOKEN, "streams": self.stream_ids, "count": count})],
            cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
        try:
            if not client.stdout.readline().startswith("ready"):
                raise RuntimeError("the trigger client did not start")

            def trigger() -> tuple[float, list[str]]:
                started = time.perf_counter()
                client.stdin.write("go\n")
                client.stdin.flush()
                return started, json.loads(client.stdout.readline())
            return self._measure(count, trigger)
        finally:
            client.stdin.close()
            client.wait(30)

    def _measure(self, count: int, trigger) -> Run:
        """Time from the first trigger until every stream's last SET is settled (the streams
        deliver in order, so then every SET is), with the CPU both processes spent meanwhile."""
        cpu = (_cpu_seconds(os.getpid()), _cpu_seconds(self.receiver.pid))
        started, last = trigger()
        asyncio.run_coroutine_threadsafe(self._watch.settled(last), self.tx.loop).result(
            DEADLINE)
        seconds = time.perf_counter() - started
        tx_cpu = _cpu_seconds(os.getpid()) - cpu[0]
        rx_cpu = _cpu_seconds(self.receiver.pid) - cpu[1]
        accepted = self.receiver.accepted()
        if accepted - self.accepted != count:  # every 2xx must be a first acceptance there
            raise RuntimeError(f"receiver accepted {accepted - self.accepted} of {count} SETs")
        self.accepted = accepted
        return Run(count, seconds, tx_cpu, rx_cpu)

    async def _emit(self, count: int) -> tuple[float, list[str]]:
        """Generate `count` events in rounds of one per stream, each signed on the transmitter's
        signing threads (as the trigger endpoint does) while the loop goes on delivering; when
        it started, and the ids of each stream's last SET."""
        tx = self.tx
        streams = [tx.streams.get(sid) for sid in self.stream_ids]
        last: dict[str, str] = {}
        started = time.perf_counter()
        for start in range(0, count, len(streams)):
            recs = await asyncio.gather(*(tx.emit_async(
                streams[i % len(streams)], SESSION_REVOKED, {"event_timestamp": int(time.time())},
                {"format": "email", "email": f"user{i}@example.com"}, txn=f"bench-{i}")
                for i in range(start, min(count, start + len(streams)))))
            last.update((rec.stream_id, rec.id) for rec in recs)
        return started, list(last.values())


class _SettledWatch:
    """Wakes a waiter when given outbox records reach a final state, by following the
    transmitter's `publish` (called on its loop after every state change) for those ids only."""

    def __init__(self, tx):
        self.tx = tx
        self.watched: set[str] = set()
        self.changed = asyncio.Event()
        publish = tx.publish

        def watching_publish(rec_ids: list[str]) -> None:
            publish(rec_ids)
            if self.watched and not self.watched.isdisjoint(rec_ids):
                self.changed.set()
        tx.publish = watching_publish

    async def settled(self, rec_ids: list[str]) -> None:
        self.watched = set(rec_ids)
        try:
            while True:
                self.changed.clear()
                records = [self.tx.sets.get(r) for r in rec_ids]
                if all(rec is not None and rec.state in SETTLED for rec in records):
                    failed = [rec for rec in records if rec.state != "delivered"]
                    if failed:
                        raise RuntimeError(f"SET {failed[0].id} {failed[0].state}: "
                                           f"{failed[0].last_error}")
                    return
                await self.changed.wait()
        finally:
            self.watched = set()
