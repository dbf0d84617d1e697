"""Was a SET delivered and accepted? Read from the receiver's event log when it shows one, else
from the recording taps in front of the embedded ends (the push answer; the poll answer that
carried it and the poll request that acknowledged it)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Seen:
    delivered: bool | None = None
    accepted: bool | None = None
    latency: float | None = None          # milliseconds from the trigger
    jti: str | None = None
    reason: str = ""
    evidence: dict = field(default_factory=dict)


def _latency(raw: dict | None, started: float) -> float:
    received = (raw or {}).get("received_at") if isinstance(raw, dict) else None
    at = received if isinstance(received, (int, float)) and received >= started else time.time()
    return round((at - started) * 1000.0, 2)


def _refusal(raw) -> str:
    if not isinstance(raw, dict):
        return ""
    err, description = raw.get("err"), raw.get("description")
    parts = [f"err {err}" if err else "", str(description) if description else ""]
    return ": ".join(p for p in parts if p)


def from_log(log, new: list[dict], started: float) -> Seen:
    if log.problem and not new:
        return Seen(reason=log.problem, evidence={"events": log.problem})
    if not new:
        return Seen(False, None, reason="no SET reached the receiver's event log before the "
                    "deadline", evidence={"events": []})
    accepted = [e for e in new if e.get("accepted") is True]
    entry = accepted[0] if accepted else new[0]
    raw = entry.get("raw")
    seen = Seen(True, entry.get("accepted") if "accepted" in entry else None,
                _latency(raw, started), entry.get("jti"), evidence={"events": [
                    e.get("raw", {k: v for k, v in e.items() if k != "raw"}) for e in new]})
    if seen.accepted is False:
        why = _refusal(raw)
        seen.reason = "the receiver refused the SET" + (f" ({why})" if why else "")
    elif seen.accepted is None:
        seen.accepted, seen.reason = True, ""   # the log shows no acceptance field: arrived
    return seen


def from_taps(pair, marks: dict, hinted: set[str], method: str, deadline: float,
              started: float) -> Seen:
    """Without an event log: what the taps recorded (embedded ends only)."""
    tap = pair.rx.tap if method == "push" else pair.tx.tap
    if tap is None:
        return Seen(None, None, reason="the receiver shows no event log and its traffic is not "
                    "recorded: delivery cannot be seen")
    since = marks["rx" if method == "push" else "tx"]
    if method == "push":
        def pushes(noted):
            return [n for n in noted if n.pushed_jti and (not hinted or n.pushed_jti in hinted)]
        found = pushes(tap.wait_for(lambda noted: bool(pushes(noted)), deadline, since))
        if not found:
            return Seen(False, None, reason="no push reached the receiver before the deadline")
        p = found[0]
        ok = 200 <= p.status < 300
        why = "" if ok else f"the receiver answered the push HTTP {p.status}" + (
            f" err {p.err}" if p.err else "")
        return Seen(True, ok, round((p.at + p.seconds - started) * 1000.0, 2), p.pushed_jti,
                    why, {"push": p.public()})

    def acked(noted):
        carried = {j for n in noted for j in n.polled_jtis if not hinted or j in hinted}
        return [(n, j) for n in noted for j in n.acked if j in carried]
    found = acked(tap.wait_for(lambda noted: bool(acked(noted)), deadline, since))
    if not found:
        return Seen(False, None, reason="no polled SET was acknowledged before the deadline")
    n, jti = found[0]
    return Seen(True, True, round((n.at - started) * 1000.0, 2), jti, evidence={"ack": n.public()})
