"""Load a receiver (`load --role transmitter`): the suite is its transmitter (the receiver-role
session: the suite's transmitter persona, the receiver's stream at it), signs N valid SETs with
the persona's key the way its forger does, and pushes them at the set concurrency and rate.

Reported: accepted per second, push latency percentiles, errors by `err` code, and SETs lost
(accepted but absent from the receiver's event log, when the profile declares one).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from harness.interop.hosts import check_url
from harness.interop.load_progress import LoadProgress
from harness.interop.load_runner import LoadShape, run_jobs
from harness.interop.load_stats import histogram, summary
from harness.profiles.model import Profile
from harness.suite.driver import parse_json
from harness.suite.http import HarnessHttpError
from harness.suite.receiver_driver import ReceiverDriver
from harness.suite.receiver_session import ReceiverSession
from harness.suite.receiver_streams import ensure_stream

EVENT = "session-revoked"
LOG_PAGE = 1000


def _err_code(status: int, text: str) -> str:
    body = parse_json(text)
    if isinstance(body, dict) and isinstance(body.get("err"), str):
        return body["err"]
    return f"HTTP {status}"


def load_receiver(profile: Profile, shape: LoadShape, run_dir: Path,
                  progress: LoadProgress | None = None) -> dict:
    progress = progress or LoadProgress()
    session = ReceiverSession(profile, run_dir, use_proxy=False).start()
    try:
        driver = ReceiverDriver(session)
        check_url(session.push_url, profile, "the receiver's push endpoint")
        ensure_stream(driver, "push")
        if session.stream is None:
            raise RuntimeError("the receiver did not create its push stream at the suite's "
                               "transmitter")
        progress.start("signing", shape.count)
        forged = []
        for _ in range(shape.count):
            forged.append(session.forger.valid(EVENT))
            progress.advance()
        return _push_all(driver, forged, shape, progress)
    finally:
        progress.stop()
        session.stop()


def _push_all(driver: ReceiverDriver, forged: list, shape: LoadShape,
              progress: LoadProgress) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    accepted: list[str] = []
    lock = threading.Lock()

    def push(i: int) -> None:
        started = time.monotonic()
        try:
            result = driver.push(forged[i])
            ok, code = 200 <= result.status < 300, None
            if not ok:
                code = _err_code(result.status, result.text)
        except HarnessHttpError as exc:
            ok, code = False, f"transport: {str(exc).split(': ')[-1][:80]}"
        elapsed = (time.monotonic() - started) * 1000.0
        with lock:
            latencies.append(elapsed)
            if ok:
                accepted.append(forged[i].jti)
            else:
                errors[code] = errors.get(code, 0) + 1
        progress.advance(ok)

    progress.start("pushing", shape.count)
    seconds, sent = run_jobs(shape, push)
    progress.stop()
    lost = _lost(driver, accepted)
    return {"role": "transmitter", "target": driver.session.profile.name,
            "shape": vars(shape), "event": EVENT, "sent": sent, "accepted": len(accepted),
            "seconds": round(seconds, 3),
            "accepted_per_second": round(len(accepted) / seconds, 1) if seconds else None,
            "latency_ms": summary(latencies), "histogram": {"push": histogram(latencies)},
            "errors": dict(sorted(errors.items())), **lost}


def _lost(driver: ReceiverDriver, accepted: list[str]) -> dict:
    """Accepted SETs the receiver's event log does not show (when it has one)."""
    if not driver.observable("events"):
        return {"lost": None, "lost_note": "the profile declares no events observation"}
    wanted = set(accepted)
    if not wanted:
        return {"lost": 0, "lost_sample": []}
    # The last accepted SET first (the embedded reference holds the read until it is logged),
    # then one read of the log as a whole, then the ones still missing one by one.
    timeout = driver.timeout("observation")
    driver.observe_until("events", lambda entries: bool(entries), timeout,
                         {"jti": accepted[-1]})
    seen: set[str] = set()
    whole = driver.read("events", {"limit": str(LOG_PAGE), "order": "desc"}
                        if driver.session.embedded else None)
    if whole.readable:
        seen |= {e.get("jti") for e in whole.value if e.get("accepted", True)}
    missing = [j for j in accepted if j not in seen]
    still = []
    for jti in missing[:2 * LOG_PAGE]:   # bounded: one read each
        one = driver.read("events", {"jti": jti})
        if not (one.readable and any(e.get("jti") == jti for e in one.value)):
            still.append(jti)
    unchecked = max(len(missing) - 2 * LOG_PAGE, 0)
    return {"lost": len(still), "lost_sample": still[:10],
            **({"lost_unchecked": unchecked} if unchecked else {})}
