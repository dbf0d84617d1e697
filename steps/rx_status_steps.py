"""Steps: stream-updated events from the suite's transmitter and events about a subject the
receiver removed (features/receiver/stream_updated.feature, subjects.feature)."""
from pytest_bdd import given, parsers, then, when

from harness.ssf.events import BY_ACTION, STREAM_UPDATED
from harness.suite.receiver_driver import DriveUnavailable
from steps.rx_delivery import persona_answers, record_accepted


def _stream_updated(status: str):
    def matches(claims: dict) -> bool:
        payload = (claims.get("events") or {}).get(STREAM_UPDATED.uri)
        return isinstance(payload, dict) and payload.get("status") == status
    return matches


@when(parsers.parse("the suite's transmitter {verb:w} the stream itself"))
def transmitter_status(rxctx, verb):
    status = {"pauses": "paused", "disables": "disabled", "enables": "enabled"}[verb]
    result = rxctx.driver.set_status(rxctx.stream_id, status)
    if result.status != 200:
        raise RuntimeError(f"the persona did not change the stream status: {result.status}")
    rxctx.kept.status_changed = status != "enabled"


@when(parsers.parse("the suite's transmitter emits {action} about the test subject"))
def emit_about_test_subject(rxctx, action):
    rxctx.kept.emitted[action] = rxctx.driver.emit(action)


@then(parsers.parse("the receiver acknowledged the stream-updated SET with status {status:w} "
                    "for requirement {requirement}"))
def stream_updated_acknowledged(rxctx, status, requirement):
    answers = persona_answers(rxctx, _stream_updated(status))
    record_accepted(rxctx, answers[0] if answers else None, requirement)


@then(parsers.parse("the receiver acknowledged the emitted {action} SET for requirement "
                    "{requirement}"))
def emitted_acknowledged(rxctx, action, requirement):
    jtis = set(rxctx.kept.emitted.get(action) or [])
    uri = BY_ACTION[action].uri
    answers = persona_answers(rxctx, lambda c: c.get("jti") in jtis and uri in (
        c.get("events") or {}))
    record_accepted(rxctx, answers[0] if answers else None, requirement)


@given(parsers.parse('the receiver under test has removed the subject "{email}" from its '
                     'stream'))
def removed_subject(rxctx, email):
    """Only the embedded reference can be told to remove a subject (no profile drive for it)."""
    since = rxctx.session.persona.tap.log.mark()
    subject = {"format": "email", "email": email}
    try:
        result = rxctx.call(rxctx.driver.control_remove_subject, subject)
    except DriveUnavailable as exc:
        rxctx.skip(f"not applicable: {exc}")
    if result.status >= 300:  # e.g. a suite-provisioned stream the reference does not know
        rxctx.skip(f"not applicable: the reference receiver could not remove a subject "
                   f"(HTTP {result.status})")
    seen = rxctx.driver.wait_request("remove_subject", rxctx.timeout("trigger"), since,
                                     lambda e: (e.json({}) or {}).get("subject") == subject)
    if seen is None:
        raise RuntimeError("the reference receiver did not remove the subject at the persona")
    rxctx.email = email
