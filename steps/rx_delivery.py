"""Delivering SETs to the receiver under test over its stream's method (push: the suite POSTs;
poll: the persona queues it and the RUT's next poll says ack or setErrs), and reading how the
RUT answered SETs the persona itself sent. Shared by the rx_*_steps modules."""
from __future__ import annotations

from harness.checks import receiver as rx
from harness.checks import receiver_answers as ans
from harness.checks.base import Response
from harness.jose import SETDecodeError, decode_set
from harness.results.root_causes import RECEIVER
from harness.ssf.events import VERIFICATION
from harness.suite import receiver_streams
from harness.suite.receiver_driver import DriveUnavailable
from steps.preconditions import require
from steps.rx_context import Answer, as_response
from steps.setup_outcomes import guard_observation, observed, run_setup


def need_stream(rxctx, method: str | None = None) -> dict:
    """The RUT's stream (of `method`, default the profile's own, so a scenario that does not
    name a method always runs the same way whatever ran before it), or skip / fail trying."""
    method = method or rxctx.session.delivery_method
    # Precondition "receiver provisioned": a failure costs the drive's deadline, so after the
    # first one (the root cause) scenarios needing a new stream are blocked without waiting.
    name = f"{RECEIVER} ({method} stream)"

    def ensure():
        return receiver_streams.ensure_stream(rxctx.driver, method)
    try:
        # A drive answered outside 2xx or exiting non-zero is the root cause at once; a manual
        # drive without an operator blocks (steps/setup_outcomes.py).
        stream = ensure() if rxctx.session.stream_method() == method else \
            run_setup(rxctx, name, ensure, "getting the receiver a stream")
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")
    require(rxctx, name, rx.check_stream_created(201 if stream else None), retry=False)
    return stream


def deliver(rxctx, forged, control: bool = False) -> Answer:
    """Push `forged` to the RUT, or queue it for the polling RUT and wait for its report
    (`control`: queued as a stream control event, handed out whatever the stream's status)."""
    rxctx.forged = forged
    if rxctx.session.stream_method() == "poll":
        since = rxctx.session.persona.tap.log.mark()
        jti = rxctx.driver.queue(rxctx.stream_id, forged, control=control)
        report = rxctx.driver.wait_poll_report(jti, rxctx.timeout("poll_wait"), since)
        answer = Answer(jti, report=_as_dict(report), polled=True)
    else:
        answer = Answer(forged.jti, response=as_response(rxctx.call(rxctx.driver.push, forged)))
    rxctx.answer = answer
    rxctx.answers.append(answer)
    return answer


def _as_dict(report) -> dict | None:
    """A PollReport as the checks take it; its evidence is the proxy's id of that poll."""
    if report is None:
        return None
    exchange = report.headers.get("x-ssf-exchange-id")
    return {"acked": report.acked, "set_err": report.set_err,
            "evidence": (exchange,) if exchange else ()}


def record_accepted(rxctx, answer: Answer | None, requirement: str) -> None:
    """A missing answer (None) fails the check of the stream's delivery method."""
    if answer is None:
        answer = Answer(None, polled=rxctx.session.stream_method() == "poll")
    if answer.polled:
        rxctx.verify(ans.check_poll_report(answer.report, valid=True, requirement=requirement))
    else:
        rxctx.verify(ans.check_set_accepted(answer.response, requirement=requirement))


def of_jti(entries, jti: str | None) -> list:
    """The entries of an observation log (read through the profile's layout) about one SET,
    filtered here as well: an external RUT may ignore the ?jti= filter."""
    return [e for e in entries or () if jti is not None and e.get("jti") == jti]


def refused_set_logs(rxctx, jti: str) -> tuple[list, list]:
    """(event-log entries, action-log entries) of a SET the RUT should have refused; waits for
    it to be logged and, if it was accepted after all, for its processing to finish. A log the
    profile's layout cannot read blocks the scenario."""
    driver, wait = rxctx.driver, rxctx.timeout("observation")
    guard_observation(rxctx, "events")
    events = of_jti(observed(rxctx, driver.observe_until(
        "events", lambda found: bool(of_jti(found, jti)), wait, {"jti": jti}, jti=jti)), jti)
    settle = wait if any(e.get("accepted") for e in events) else 0
    guard_observation(rxctx, "actions")
    actions = of_jti(observed(rxctx, driver.observe_until(
        "actions", lambda found: bool(of_jti(found, jti)), settle, {"jti": jti}, jti=jti)), jti)
    return events, actions


def _claims(token: str) -> dict:
    try:
        return decode_set(token).claims
    except SETDecodeError:
        return {}


def is_verification(state):
    def matches(claims: dict) -> bool:
        payload = (claims.get("events") or {}).get(VERIFICATION.uri)
        return isinstance(payload, dict) and (state is None or payload.get("state") == state)
    return matches


def persona_answers(rxctx, matches, count: int = 1) -> list[Answer]:
    """How the RUT answered the first `count` SETs the persona sent it (since the scenario
    began) whose claims satisfy `matches`; missing answers are left out (deadline passed)."""
    session, driver = rxctx.session, rxctx.driver
    deadline = rxctx.timeout("push_delivery")
    found: list[Answer] = []
    if session.stream_method() == "poll":
        jtis = _polled_jtis(rxctx, matches, count, rxctx.timeout("poll_wait"))
        for jti in jtis:
            report = driver.wait_poll_report(jti, rxctx.timeout("poll_wait"), rxctx.tap_mark)
            found.append(Answer(jti, report=_as_dict(report), polled=True))
        return found
    since = rxctx.push_mark
    for _ in range(count):
        push = driver.wait_persona_push(matches, deadline, since)
        if push is None:
            break
        since = push.seq
        found.append(Answer(push.jti, response=Response(push.status, push.headers, push.text,
                                                        "POST", push.url)))
    return found


def _polled_jtis(rxctx, matches, count: int, timeout: float) -> list[str]:
    """jtis of SETs matching `matches` that poll responses handed to the RUT."""
    seen: dict[str, None] = {}

    def enough(entry) -> bool:
        # Every poll answered since the scenario began, including long polls started before.
        if not rxctx.session.persona.is_call(entry, "poll") or not entry.answered \
                or entry.answered_at < rxctx.started:
            return False
        for jti, token in ((entry.response_json({}) or {}).get("sets") or {}).items():
            if isinstance(token, str) and matches(_claims(token)):
                seen.setdefault(jti)
        return len(seen) >= count
    rxctx.session.persona.tap.log.wait_for(enough, timeout, 0)
    return list(seen)[:count]
