"""One cell of the matrix: one seed flow over one delivery method for one pair.

The transmitter is made to emit the flow's event (its trigger; for `verification` the receiver
asks for a verification SET) about the receiver's test subject, then the receiver end is watched:
did the SET arrive (delivered), did the receiver take it (accepted), did it act on it (response
action: its action log, else its security state), and how long it took. The colour:
green  delivered, accepted and the response action seen (or none is expected);
yellow delivered and accepted, but the response action could not be seen;
red    not delivered, refused, or the trigger failed, with the reason;
grey   not applicable (a side does not support the flow or method, no stream could be made).
"""
from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, field

from harness.interop import observe
from harness.interop.flows import Flow
from harness.interop.pair import Pair
from harness.interop.verdict import from_log, from_taps

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"


@dataclass
class Cell:
    flow: str
    method: str
    colour: str = GREY
    delivered: bool | None = None
    accepted: bool | None = None
    action_observed: bool | None = None
    latency_ms: float | None = None
    reason: str = ""
    evidence: dict = field(default_factory=dict)

    def public(self) -> dict:
        return asdict(self)


def grey(flow: str, method: str, reason: str) -> Cell:
    return Cell(flow, method, GREY, reason=reason)


def _jtis_in(value) -> set[str]:
    """Every string under a `jti` key of a trigger's answer (reference: deliveries[].jti;
    emulators: {"jti": [...]}): the SETs the transmitter says it emitted."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "jti" and isinstance(item, str):
                found.add(item)
            elif key == "jti" and isinstance(item, list):
                found |= {i for i in item if isinstance(i, str)}
            else:
                found |= _jtis_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= _jtis_in(item)
    return found


def _marks(pair: Pair) -> dict:
    return {"tx": pair.tx.tap.mark() if pair.tx.tap else 0,
            "rx": pair.rx.tap.mark() if pair.rx.tap else 0}


def _exchanges(pair: Pair, marks: dict) -> dict:
    return {"transmitter": [n.public() for n in pair.tx.tap.since(marks["tx"])]
            if pair.tx.tap else [],
            "receiver": [n.public() for n in pair.rx.tap.since(marks["rx"])]
            if pair.rx.tap else []}


def run_cell(pair: Pair, flow: Flow, method: str) -> Cell:
    cell = Cell(flow.name, method)
    marks = _marks(pair)
    timeouts = pair.rx_profile.timeouts
    deadline = timeouts.scaled("observation") + timeouts.scaled(
        "push_delivery" if method == "push" else "poll_wait")
    before = observe.read_events(pair.rx).jtis()
    started = time.time()
    try:
        if flow.action is None:
            outcome = pair.request_verification(secrets.token_urlsafe(12))
        else:
            outcome = pair.trigger(flow.action)
    except Exception as exc:  # noqa: BLE001 - any failure to emit is this cell's reason
        cell.colour, cell.reason = RED, f"the trigger could not be fired: {exc}"
        cell.evidence = {"exchanges": _exchanges(pair, marks)}
        return cell
    cell.evidence["trigger"] = {"ok": outcome.ok, "code": outcome.code,
                                "answer": outcome.output[:400]}
    if not outcome.ok:
        cell.colour = RED
        cell.reason = f"the {'verification request' if flow.action is None else 'trigger'} " \
                      f"{outcome.describe()}"
        cell.evidence["exchanges"] = _exchanges(pair, marks)
        return cell
    hinted = set() if flow.action is None else _jtis_in(
        outcome.http.json() if outcome.http is not None and _is_json(outcome.http) else None)
    cell.evidence["jtis_emitted"] = sorted(hinted)
    if observe.observable(pair.rx, "events"):
        log, new = observe.wait_new_events(pair.rx, before, hinted or None, deadline)
        seen = from_log(log, new, started)
    else:
        seen = from_taps(pair, marks, hinted, method, deadline, started)
    cell.delivered, cell.accepted, cell.latency_ms = seen.delivered, seen.accepted, seen.latency
    cell.evidence["observed"] = seen.evidence
    if not seen.delivered or not seen.accepted:
        cell.colour, cell.reason = RED, seen.reason + _credential_hint(pair, method)
    else:
        _response_action(pair, flow, seen.jti, cell, deadline)
    cell.evidence["exchanges"] = _exchanges(pair, marks)
    return cell


def _credential_hint(pair: Pair, method: str) -> str:
    """What to do when the transmitter's dialect cannot give its pushes the credential the
    receiver requires (the likely root cause of an authentication refusal)."""
    if method != "push" or pair.driver.api.PUSH_CREDENTIAL or \
            pair.rx_profile.target("receiver").delivery.token is None:
        return ""
    return ("; the transmitter's stream API gives a push stream no credential (its dialect has "
            "no authorization_header) while this receiver requires one: let the receiver take "
            "this transmitter's pushes without a bearer (e.g. by mTLS or source address)")


def _is_json(result) -> bool:
    try:
        result.json()
        return True
    except ValueError:
        return False


def _response_action(pair: Pair, flow: Flow, jti: str | None, cell: Cell,
                     deadline: float) -> None:
    layout = pair.rx.target.observation.layout
    names = layout.names_for(flow.action) if flow.action else ()
    if flow.action is None or (not names and flow.state is None):
        cell.colour, cell.action_observed = GREEN, None
        return
    if observe.observable(pair.rx, "actions") and names and jti:
        seen = observe.wait_action(pair.rx, jti, names, deadline)
        cell.evidence["actions"] = seen.value if seen.readable else seen.problem
        hit = seen.readable and any(e.get("jti") == jti and e.get("action") in names
                                    for e in seen.value or [])
        cell.action_observed = bool(hit)
    elif observe.observable(pair.rx, "security_state") and flow.state is not None:
        state = observe.read_state(pair.rx)
        cell.evidence["security_state"] = state.value if state.readable else state.problem
        field_name, expected = flow.state
        if field_name == "account_state":
            expected = layout.security_state.account_disabled
        cell.action_observed = state.readable and (state.value or {}).get(field_name) == expected
    else:
        cell.colour = YELLOW
        cell.reason = "accepted; the receiver profile declares no way to see its response action"
        return
    if cell.action_observed:
        cell.colour = GREEN
    else:
        cell.colour = YELLOW
        cell.reason = (f"accepted, but no response action {', '.join(names) or flow.state} "
                       f"was observed within {deadline:g}s")
