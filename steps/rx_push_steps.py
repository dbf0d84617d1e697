"""Steps: SETs delivered to the receiver under test (features/receiver/push.feature,
hostile_push.feature, poll.feature): valid ones acknowledged, hostile ones refused."""
import secrets

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.checks.base import NOT_JSON
from harness.ssf.events import BY_ACTION
from harness.suite.forger import HOSTILE, SUBJECT_EXAMPLES
from steps.rx_delivery import (
    deliver, need_stream, record_accepted, record_refused, refused_set_logs,
)


@given("the receiver under test has a stream at the suite's transmitter")
def has_stream(rxctx):
    need_stream(rxctx)


@given(parsers.parse("the receiver under test has a {method:w} stream at the suite's "
                     "transmitter"))
def has_method_stream(rxctx, method):
    if not rxctx.session.profile.capabilities("receiver").supports(method):
        rxctx.skip(f"optional capability '{method}' not declared by the profile")
    need_stream(rxctx, method)


@given(parsers.parse("the receiver under test declares the {action} event"))
def declares_event(rxctx, action):
    caps = rxctx.session.profile.capabilities("receiver")
    if not caps.supports(f"event:{action}"):
        rxctx.skip(caps.skip_reason(f"event:{action}"))


@given("the receiver has acknowledged a valid session-revoked SET")
def acknowledged_one(rxctx):
    answer = deliver(rxctx, rxctx.session.forger.valid("session-revoked"))
    record_accepted(rxctx, answer, "POLL-12" if answer.polled else "PUSH-07")
    rxctx.notes["first"] = rxctx.forged


@given("the suite's transmitter has rotated its signing key")
def rotated(rxctx):
    result = rxctx.driver.rotate_keys()
    if result.status != 200:
        raise RuntimeError(f"the persona did not rotate its key: {result.status}")


@when(parsers.parse("the suite delivers a valid {action} SET"))
def deliver_valid(rxctx, action):
    # A throwaway subject unless the scenario chose one: an identifier-changed or account-purged
    # about the profile's test subject would change it for every later scenario.
    subject = _subject(rxctx) or {"format": "email",
                                  "email": f"rx-{secrets.token_hex(5)}@example.com"}
    deliver(rxctx, rxctx.session.forger.valid(action, subject=subject))


@given(parsers.parse("the receiver under test declares the subject format {fmt}"))
def declares_format(rxctx, fmt):
    caps = rxctx.session.profile.capabilities("receiver")
    if not caps.supports(f"subject:{fmt}"):
        rxctx.skip(caps.skip_reason(f"subject:{fmt}"))


@when(parsers.parse("the suite delivers a valid session-revoked SET about the example {fmt} "
                    "subject"))
def deliver_about_format(rxctx, fmt):
    deliver(rxctx, rxctx.session.forger.valid("session-revoked", subject=SUBJECT_EXAMPLES[fmt]))


@when("the suite delivers the same SET again")
def deliver_again(rxctx):
    deliver(rxctx, rxctx.forged)


@when("the suite delivers a valid session-revoked SET with unknown claims and members")
def deliver_extended(rxctx):
    forger = rxctx.session.forger
    payload = {**forger.payload(BY_ACTION["session-revoked"].uri), "x_vendor_note": "ignore me"}
    deliver(rxctx, forger.valid("session-revoked", payload=payload,
                                x_vendor_claim={"any": ["thing"]}))


@when(parsers.parse('the suite delivers a hostile SET of class "{name}"'))
def deliver_hostile(rxctx, name):
    hostile = HOSTILE[name]
    if hostile.request_level and rxctx.session.stream_method() == "poll":
        raise RuntimeError(f"hostile class {name} is a push request defect, not a SET")
    rxctx.hostile = hostile
    first = rxctx.notes.get("first")
    context = {"stream_id": rxctx.stream_id, "state": rxctx.notes.get("state"),
               "replay_jti": first.jti if first else None, "subject": _subject(rxctx)}
    deliver(rxctx, rxctx.session.forger.hostile(name, **context))


@then(parsers.parse("the receiver acknowledged the SET for requirement {requirement}"))
def acknowledged(rxctx, requirement):
    record_accepted(rxctx, rxctx.answer, requirement)


@then(parsers.parse("every SET the suite delivered was acknowledged for requirement "
                    "{requirement}"))
def all_acknowledged(rxctx, requirement):
    for answer in rxctx.answers:
        record_accepted(rxctx, answer, requirement)


@then("the receiver's poll requests were POSTs of JSON objects")
def poll_request_shape(rxctx):
    polls = rxctx.session.persona.tap.log.since(
        rxctx.tap_mark, lambda e: "/poll/" in e.path and e.caller == "rut")
    if not polls:
        rxctx.verify(rx.check_poll_request_shape("none", None, NOT_JSON))
    for entry in polls:
        rxctx.verify(rx.check_poll_request_shape(entry.method, entry.headers.get("content-type"),
                                                 entry.json(NOT_JSON)))


@then("the receiver refused the hostile SET as the catalog requires")
def refused(rxctx):
    record_refused(rxctx, rxctx.answer, rxctx.hostile)


@then("the receiver's own logs show it did not act on the hostile SET")
def not_acted_on(rxctx):
    """Only where the profile exposes both logs; otherwise the refusal above is all we see."""
    driver, jti = rxctx.driver, rxctx.answer.jti
    if not (driver.observable("events") and driver.observable("actions")) or not jti:
        return
    events, actions = refused_set_logs(rxctx, jti)
    rxctx.verify(rx.check_refused_set_not_acted_on(events, actions))


def _subject(rxctx) -> dict | None:
    return {"format": "email", "email": rxctx.email} if rxctx.email else None
