"""Steps: making the transmitter emit CAEP/RISC events and receiving them
(features/transmitter/events/*.feature)."""
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import events as ev
from harness.results.root_causes import TRIGGER
from harness.ssf.events import BY_ACTION
from steps.receiving import event_about, poll_for, wait_push
from steps.setup_outcomes import run_setup


@given(parsers.parse("the profile declares the {action} event"))
def declared(ctx, action):
    caps = ctx.session.profile.capabilities("transmitter")
    if action not in BY_ACTION or not caps.supports(f"event:{action}"):
        ctx.recorder.record.status = "skipped"
        pytest.skip(caps.skip_reason(f"event:{action}") if action in BY_ACTION
                    else f"unknown event action {action!r}")


@when(parsers.parse('the transmitter is made to emit {action} about "{email}"'))
def emit(ctx, action, email):
    ctx.kept.last_action = action
    if ctx.stream:
        # A transmitter with default_subjects NONE delivers nothing about a subject not added.
        ctx.driver.prepare_subject(ctx.stream_id, email)
    # Precondition "trigger works": the profile's trigger is how the suite makes the
    # transmitter act; when it fails (unreachable, not 2xx, a non-zero exit), the first scenario
    # reports it and later ones are blocked. The trigger names the scenario's stream, if any.
    stream_id = ctx.stream.get("stream_id") if ctx.stream else None
    outcome = run_setup(ctx, TRIGGER, lambda: ctx.driver.trigger(action, email, stream_id),
                        f"the trigger for {action}")
    if outcome.deadline:   # manual: the operator has until then; the SET may come that late
        ctx.kept.trigger_deadline = outcome.deadline


@then(parsers.re(r'the (?P<action>[a-z-]+) SET about "(?P<email>[^"]+)" is received'
                 r'(?: by (?P<delivery>push|poll))?$'))
def received(ctx, action, email, delivery):
    """Without a delivery method named, by the method of the stream the scenario created."""
    uri = BY_ACTION[action].uri
    email = ctx.driver.subject_email(email)   # the profile's test_email stands for alice@…
    delivery = delivery or ctx.kept.delivery
    if delivery == "push":
        wait_push(ctx, event_about(uri, email))
    else:
        poll_for(ctx, event_about(uri, email))
    ctx.require(ev.check_event_type_is(ctx.received, uri))
    ctx.verify(ev.check_subject_matches_trigger(ctx.received, {"format": "email",
                                                               "email": email}))
