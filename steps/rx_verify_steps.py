"""Steps: verification driven by the receiver under test, unsolicited verification and SETs
queued ahead of it (features/receiver/verification.feature, poll.feature)."""
from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.suite.receiver_driver import DriveUnavailable
from steps.rx_delivery import deliver, is_verification, persona_answers, record_accepted


def _drive_verification(rxctx):
    """Make the RUT ask for verification: the profile's drive, else the reference's control
    endpoint for a stream the drive did not create. Returns the persona's record of it."""
    since = rxctx.session.persona.tap.log.mark()
    trigger = rxctx.session.profile.target("receiver").stream.verify
    if trigger.enabled:
        try:
            rxctx.call(rxctx.driver.drive, "verify", stream_id=rxctx.stream_id)
        except DriveUnavailable as exc:   # a manual drive in a run without an operator
            rxctx.skip(f"not applicable: {exc}")
        deadline = rxctx.driver.drive_deadline("verify")
    else:
        try:
            rxctx.call(rxctx.driver.control_request_verification, rxctx.stream_id)
        except DriveUnavailable as exc:
            rxctx.skip(f"not applicable: {exc}")
        deadline = rxctx.timeout("trigger")
    entry = rxctx.driver.wait_request("verify", deadline, since)
    body = entry.json({}) if entry is not None else None
    rxctx.verify(rx.check_request_names_stream(body, rxctx.stream_id,
                                               requirement="SSF-VERIFY-01"))
    rxctx.kept.state = body.get("state") if isinstance(body, dict) else None
    return entry


@given("the receiver under test has requested verification")
@when("the receiver under test is driven to request verification")
def drive_verification(rxctx):
    _drive_verification(rxctx)


@given(parsers.parse("the suite's transmitter has sent {count:d} events to the receiver"))
def queued_events(rxctx, count):
    rxctx.kept.queued = [j for _ in range(count)
                             for j in rxctx.driver.emit("session-revoked")]


@when("the suite delivers a verification SET without a state")
def unsolicited(rxctx):
    deliver(rxctx, rxctx.session.forger.verification(rxctx.stream_id, None))


@then(parsers.parse("the receiver acknowledged the verification SET for requirement "
                    "{requirement}"))
def verification_acknowledged(rxctx, requirement):
    answers = persona_answers(rxctx, is_verification(rxctx.kept.state))
    record_accepted(rxctx, answers[0] if answers else None, requirement)


@then(parsers.parse("the receiver acknowledged the queued events and the verification SET "
                    "for requirement {requirement}"))
def all_acknowledged(rxctx, requirement):
    queued = set(rxctx.kept.queued)
    events = persona_answers(rxctx, lambda claims: claims.get("jti") in queued, len(queued))
    verification = persona_answers(rxctx, is_verification(rxctx.kept.state))
    answers = events + verification
    answers += [None] * (len(queued) + 1 - len(answers))  # never answered: each one fails
    for answer in answers:
        record_accepted(rxctx, answer, requirement)
