"""Load a transmitter (`load --role receiver`): the suite is its receiver (the transmitter-role
session: the suite's push endpoint, its driver with the transmitter's dialect). The transmitter
is made to emit N events through its trigger, once onto a push stream and once onto a poll
stream the suite drains in `maxEvents` batches while the events are being emitted.

Reported per method: delivery rate, latency from trigger to arrival, SETs lost (emitted, never
delivered) and duplicates (a jti delivered twice).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from harness.interop.hosts import check_url, urls_in
from harness.interop.load_progress import LoadProgress
from harness.interop.load_runner import LoadShape, run_jobs
from harness.interop.load_stats import histogram, summary
from harness.profiles.model import Profile
from harness.ssf.events import BY_ACTION
from harness.suite.driver import TransmitterDriver, parse_json
from harness.suite.session import TransmitterSession

ACTION = "session-revoked"


def load_transmitter(profile: Profile, shape: LoadShape, run_dir: Path, methods: list[str],
                     max_events: int = 100, progress: LoadProgress | None = None) -> dict:
    progress = progress or LoadProgress()
    session = TransmitterSession(profile, run_dir, use_proxy=False).start()
    try:
        driver = TransmitterDriver(session)
        if session.discovery_url:
            answer = driver.fetch_metadata()
            driver.metadata = parse_json(answer.text) if answer.status == 200 else None
        else:
            driver.metadata = driver.api.metadata_without_discovery(session.issuer)
        for url in urls_in(driver.metadata):   # everything it hands out must be ours to target
            check_url(url, profile, "the transmitter metadata's URL")
        out = {"role": "receiver", "target": profile.name, "shape": vars(shape),
               "event": ACTION, "max_events": max_events, "methods": {}}
        for method in methods:
            out["methods"][method] = _one_method(driver, method, shape, max_events, progress)
        return out
    finally:
        progress.stop()
        session.stop()


def _one_method(driver: TransmitterDriver, method: str, shape: LoadShape, max_events: int,
                progress: LoadProgress) -> dict:
    events = [BY_ACTION[ACTION].uri]
    body = driver.push_body("load", events) if method == "push" else driver.poll_body(events)
    created = driver.create_stream(body)
    stream = parse_json(created.text)
    if not 200 <= created.status < 300 or not isinstance(stream, dict):
        return {"error": f"creating the {method} stream answered HTTP {created.status}"}
    if method == "poll":
        endpoint = (stream.get("delivery") or {}).get("endpoint_url")
        if endpoint:
            check_url(endpoint, driver.session.profile, "the poll endpoint")
    stream_id = stream.get("stream_id")
    email = driver.subject_email("alice@example.com")
    if stream_id and driver.subjects_must_be_added():
        driver.prepare_subject(stream_id, email)
    try:
        return _emit_and_receive(driver, method, stream, shape, max_events, progress, email)
    finally:
        if stream_id:
            driver.delete_stream(stream_id)


def _emit_and_receive(driver, method, stream, shape, max_events, progress, email) -> dict:
    started_at: dict[int, float] = {}
    emitted: dict[str, float] = {}        # jti the trigger reported -> trigger start (epoch)
    failures: dict[str, int] = {}
    lock = threading.Condition()   # guards the figures; the drain thread notifies arrivals
    arrivals: list[tuple[str, float]] = []   # (jti, epoch) in arrival order, repeats included
    done = threading.Event()
    mark = driver.session.collector.mark()

    def trigger(i: int) -> None:
        at = time.time()
        outcome = driver.trigger(ACTION, email, stream.get("stream_id"))
        answer = parse_json(outcome.output) if outcome.ok else None
        jtis = [d.get("jti") for d in (answer or {}).get("deliveries", []) if isinstance(d, dict)]
        jtis += (answer or {}).get("jti", []) if isinstance((answer or {}).get("jti"), list) \
            else []
        with lock:
            started_at[i] = at
            for jti in jtis:
                if isinstance(jti, str):
                    emitted[jti] = at
            if not outcome.ok:
                key = f"trigger {outcome.describe()[:60]}"
                failures[key] = failures.get(key, 0) + 1

    poller = None
    if method == "poll":
        poller = threading.Thread(target=_drain, args=(driver, stream, max_events, shape,
                                                       arrivals, lock, done), daemon=True)
        poller.start()
    progress.start(f"{method}: emitting", shape.count)
    first = time.time()
    seconds, sent = run_jobs(shape, lambda i: (trigger(i), progress.advance()))
    progress.stop()
    # Lost means: not delivered while deliveries still came in, each within the delivery
    # timeout of the one before (a slow but steady transmitter is measured, not cut off).
    idle = driver.session.profile.timeouts.scaled(
        "push_delivery" if method == "push" else "poll_wait")
    hard_end = time.monotonic() + shape.duration + idle
    ok = sent - sum(failures.values())
    if method == "push":
        collector = driver.session.collector
        _await_pushes(collector, mark, ok, idle, hard_end)
        with lock:
            arrivals += [(jti, p.received_at) for p in collector.since(mark)
                         if (jti := p.jti)]
    else:
        _wait_arrivals(arrivals, lock, ok, idle, hard_end)
        done.set()
        poller.join(timeout=idle + 5)
    return _figures(method, first, sent, ok, emitted, started_at, arrivals, failures, seconds)


def _await_pushes(collector, mark: int, want: int, idle: float, hard_end: float) -> None:
    """Until `want` distinct SETs were pushed, or no push came for `idle` seconds. Counting
    pushes is cheap (no decoding under the collector's lock, which its handler needs)."""
    target = want
    while time.monotonic() < hard_end:
        have = collector.mark() - mark
        if have >= target:
            distinct = len({p.jti for p in collector.since(mark)})
            if distinct >= want:
                return
            target = have + (want - distinct)     # repeats came in: wait for the rest
            continue
        wait = min(idle, hard_end - time.monotonic())
        if collector.wait_for(lambda p: True, wait, since=mark + have) is None:
            return


def _wait_arrivals(arrivals, cond: threading.Condition, want: int, idle: float,
                   hard_end: float) -> None:
    """Until `want` distinct SETs arrived (the drain thread notifies), or none for `idle`."""
    with cond:
        while len({j for j, _ in arrivals}) < want and time.monotonic() < hard_end:
            count = len(arrivals)
            wait = min(idle, hard_end - time.monotonic())
            if not cond.wait_for(lambda: len(arrivals) > count, max(wait, 0)):
                return


def _drain(driver, stream, max_events, shape, arrivals, lock, done) -> None:
    """Long-poll in batches of max_events, acknowledging each batch in the next request."""
    ack: list[str] = []
    end = time.monotonic() + shape.duration + driver.session.profile.timeouts.scaled("poll_wait")
    while time.monotonic() < end:
        if done.is_set() and not ack:
            return
        answer = driver.poll(stream, max_events=max_events, return_immediately=done.is_set(),
                             ack=ack or None, timeout=driver.session.profile.timeouts.scaled(
                                 "poll_wait") + 5)
        body = parse_json(answer.text) if answer.status == 200 else None
        sets = (body or {}).get("sets") if isinstance(body, dict) else None
        now = time.time()
        ack = list(sets) if isinstance(sets, dict) else []
        with lock:
            arrivals.extend((jti, now) for jti in ack)
            lock.notify_all()
        if answer.status != 200:
            return


def _figures(method, first, sent, ok, emitted, started_at, arrivals, failures, seconds) -> dict:
    first_arrival: dict[str, float] = {}
    duplicates = 0
    for jti, at in arrivals:
        if jti in first_arrival:
            duplicates += 1
        else:
            first_arrival[jti] = at
    if emitted:
        latencies = [(first_arrival[j] - t) * 1000 for j, t in emitted.items()
                     if j in first_arrival]
        lost = sum(1 for j in emitted if j not in first_arrival)
    else:   # the trigger names no jtis: arrival order against trigger order
        starts = [started_at[i] for i in sorted(started_at)]
        latencies = [(at - s) * 1000 for s, at in zip(starts, sorted(first_arrival.values()))]
        lost = max(ok - len(first_arrival), 0)
    last = max(first_arrival.values(), default=first)
    span = max(last - first, 1e-9)
    return {"triggered": sent, "triggers_failed": failures, "delivered": len(first_arrival),
            "lost": lost, "duplicates": duplicates, "emit_seconds": round(seconds, 3),
            "delivery_seconds": round(span, 3),
            "delivered_per_second": round(len(first_arrival) / span, 1),
            "latency_ms": summary([max(v, 0.0) for v in latencies]),
            "histogram": histogram([max(v, 0.01) for v in latencies])}
