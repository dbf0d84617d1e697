"""Steps: valid SETs delivered to the receiver under test (features/receiver/push.feature,
poll.feature, subjects.feature) and what it did with hostile ones; the hostile probes
themselves are in steps/rx_probe_steps.py."""
from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.checks.base import NOT_JSON
from harness.ssf.events import event_by_uri
from harness.suite.forger import SUBJECT_EXAMPLES
from harness.suite.probes import declared_events
from steps.rx_delivery import deliver, need_stream, record_accepted, refused_set_logs
from steps.rx_probe_steps import scenario_probe


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


@given("the suite's transmitter has rotated its signing key")
def rotated(rxctx):
    result = rxctx.driver.rotate_keys()
    if result.status != 200:
        raise RuntimeError(f"the persona did not rotate its key: {result.status}")


@when(parsers.parse("the suite delivers a valid {action} SET"))
def deliver_valid(rxctx, action):
    # The probe's throwaway subject (in a format the receiver declares) unless the scenario
    # chose one: an identifier-changed or account-purged about the profile's test subject would
    # change it for every later scenario.
    subject = _subject(rxctx) or scenario_probe(rxctx).subject
    deliver(rxctx, rxctx.session.forger.valid(action, subject=subject))


@when("the suite delivers a valid SET of an event type the receiver declares")
def deliver_declared(rxctx):
    probe = scenario_probe(rxctx)
    deliver(rxctx, rxctx.session.forger.request("valid", rxctx.session.forger.probe_claims(
        probe, _subject(rxctx))))


@given(parsers.parse("the receiver under test declares the subject format {fmt}"))
def declares_format(rxctx, fmt):
    caps = rxctx.session.profile.capabilities("receiver")
    if not caps.supports(f"subject:{fmt}"):
        rxctx.skip(caps.skip_reason(f"subject:{fmt}"))


@when(parsers.parse("the suite delivers a valid SET of a declared event type about the "
                    "example {fmt} subject"))
def deliver_about_format(rxctx, fmt):
    """An event type the receiver declares that allows `fmt` (RISC identifier events do not
    take every format); none: the row is not applicable to this receiver."""
    caps = rxctx.session.profile.capabilities("receiver")
    events = [e for e in declared_events(caps.events)
              if not e.subject_formats or fmt in e.subject_formats]
    if not events:
        rxctx.skip(f"not applicable: no declared event type takes {fmt} subjects")
    deliver(rxctx, rxctx.session.forger.valid(events[0].action, subject=SUBJECT_EXAMPLES[fmt]))


@when("the suite delivers the same SET again")
def deliver_again(rxctx):
    deliver(rxctx, rxctx.forged)


@when("the suite delivers a valid SET of a declared event type with unknown claims and members")
def deliver_extended(rxctx):
    forger, probe = rxctx.session.forger, scenario_probe(rxctx)
    known = event_by_uri(probe.event)
    payload = {**(forger.payload(probe.event) if known and known.action != "verification"
                  else {}), "x_vendor_note": "ignore me"}
    deliver(rxctx, forger.request("valid", forger.claims(
        probe.event, payload, probe.subject, x_vendor_claim={"any": ["thing"]})))


@when(parsers.parse("the suite delivers a valid SET of a declared event type in the {form} "
                    "form"))
def deliver_alternative_form(rxctx, form):
    deliver(rxctx, rxctx.session.forger.alternative_form(form, scenario_probe(rxctx)))


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
        rxctx.tap_mark, lambda e: rxctx.session.persona.is_call(e, "poll", any_method=True)
        and e.caller == "rut")
    if not polls:
        rxctx.verify(rx.check_poll_request_shape("none", None, NOT_JSON))
    for entry in polls:
        rxctx.verify(rx.check_poll_request_shape(entry.method, entry.headers.get("content-type"),
                                                 entry.json(NOT_JSON)))


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
