"""The push-vs-poll comparison of one pair (the seed's "Push vs Poll Comparison", for every
pair): per delivery method, the latency of the flows, SETs per request (a burst of events and
how the requests carried it), and what a paused stream does with an event (held and delivered
on resume, dropped, or delivered regardless)."""
from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from harness.interop import observe
from harness.interop.pair import Pair

BURST = 5
BURST_ACTION = "session-revoked"


def _sets_per_request(pair: Pair, method: str, tx_mark: int, rx_mark: int) -> float | None:
    if method == "push":
        noted = pair.rx.tap.since(rx_mark) if pair.rx.tap else []
        pushes = [n for n in noted if n.pushed_jti]
        return 1.0 if pushes else None     # RFC 8935: one SET per push request
    noted = pair.tx.tap.since(tx_mark) if pair.tx.tap else []
    carrying = [len(n.polled_jtis) for n in noted if n.polled_jtis]
    return round(statistics.mean(carrying), 2) if carrying else None


def burst(pair: Pair, method: str, timeout: float) -> dict:
    """BURST events at once; how long until the receiver had them all, and per request."""
    if not observe.observable(pair.rx, "events"):
        return {"skipped": "the receiver shows no event log"}
    before = observe.read_events(pair.rx, {"limit": 1000} if pair.rx.embedded else None).jtis()
    tx_mark = pair.tx.tap.mark() if pair.tx.tap else 0
    rx_mark = pair.rx.tap.mark() if pair.rx.tap else 0
    started = time.monotonic()
    with ThreadPoolExecutor(BURST) as pool:
        outcomes = list(pool.map(lambda _: pair.trigger(BURST_ACTION), range(BURST)))
    failed = [o for o in outcomes if not o.ok]
    if failed:
        return {"error": f"{len(failed)} of {BURST} triggers failed: {failed[0].describe()}"}
    _, new = observe.wait_new_events(pair.rx, before, None, timeout, count=BURST)
    seconds = time.monotonic() - started
    return {"events": BURST, "received": len(new), "seconds": round(seconds, 3),
            "sets_per_request": _sets_per_request(pair, method, tx_mark, rx_mark)}


def paused(pair: Pair, quiet: float, timeout: float) -> dict:
    """Pause the stream, emit, watch the quiet window, resume, watch again."""
    caps = pair.tx_profile.capabilities("transmitter")
    if not caps.supports("status_update"):
        return {"behaviour": "not tested", "why": "the transmitter does not declare "
                "status_update"}
    if not observe.observable(pair.rx, "events"):
        return {"behaviour": "not tested", "why": "the receiver shows no event log"}
    stream_id = pair.rx.stream["stream_id"]
    answer = pair.driver.set_status(stream_id, "paused")
    if not 200 <= answer.status < 300:
        return {"behaviour": "not tested", "why": f"pausing answered HTTP {answer.status}"}
    try:
        before = observe.read_events(pair.rx).jtis()
        outcome = pair.trigger(BURST_ACTION)
        if not outcome.ok:
            return {"behaviour": "not tested", "why": f"the trigger {outcome.describe()}"}
        # A deadline wait for something that must NOT arrive (timeouts.quiet_window).
        _, during = observe.wait_new_events(pair.rx, before, None, quiet)
    finally:
        resumed = pair.driver.set_status(stream_id, "enabled")
    if during:
        return {"behaviour": "delivered while paused", "quiet_window": quiet}
    if not 200 <= resumed.status < 300:
        return {"behaviour": "held", "why": f"resuming answered HTTP {resumed.status}"}
    started = time.monotonic()
    _, after = observe.wait_new_events(pair.rx, before, None, timeout)
    if after:
        return {"behaviour": "held, delivered on resume", "quiet_window": quiet,
                "after_resume_ms": round((time.monotonic() - started) * 1000, 1)}
    return {"behaviour": "dropped", "quiet_window": quiet}


def compare(pair: Pair, method: str, cells: list) -> dict:
    latencies = [c.latency_ms for c in cells if c.latency_ms is not None and c.delivered]
    timeouts = pair.rx_profile.timeouts
    deadline = timeouts.scaled("observation") + timeouts.scaled(
        "push_delivery" if method == "push" else "poll_wait")
    out = {"latency_ms": {"median": round(statistics.median(latencies), 2) if latencies
                          else None, "max": max(latencies) if latencies else None,
                          "samples": len(latencies)}}
    for name, run in (("burst", lambda: burst(pair, method, deadline)),
                      ("paused", lambda: paused(pair, timeouts.scaled("quiet_window"),
                                                deadline))):
        try:
            out[name] = run()
        except Exception as exc:  # noqa: BLE001 - a comparison figure, never the whole pair
            out[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return out
