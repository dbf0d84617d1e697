"""Steps: what stream changes leave behind (features/transmitter/streams.feature,
subjects.feature, discovery.feature; issue 15): the list after a delete, events_delivered after
a narrowing PUT, the stream's own subject, and the metadata of an issuer that does not exist."""
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import metadata as m
from harness.checks import stream_lifecycle as life
from harness.checks import subjects as sub
from steps.receiving import receive, verification_with
from steps import stream_setup as setup


@then("the deleted stream is no longer listed")
def not_listed(ctx):
    ctx.verify(life.check_deleted_stream_not_listed(ctx.response, ctx.stream_id))


@given("a stream for two event types is created for the suite's receiver")
def two_event_stream(ctx):
    events = setup.events(ctx)[:2]
    setup.create_required(ctx, ctx.driver.stream_body(ctx.push_key, events))
    delivered = ctx.stream.get("events_delivered") or []
    if len(delivered) < 2:
        ctx.recorder.record.status = "skipped"
        pytest.skip("not applicable: the stream delivers fewer than two event types "
                    f"({delivered}), so there is nothing to narrow")


@when("the suite replaces the stream requesting only the first of them")
def narrow(ctx):
    # SSF §8.1.1.4: the PUT carries every Receiver-supplied property, here with one event type.
    narrowed = [ctx.stream["events_delivered"][0]]
    ctx.kept.narrowed = narrowed
    body = {"stream_id": ctx.stream_id, "delivery": ctx.stream["delivery"],
            "events_requested": narrowed}
    if "description" in ctx.stream:
        body["description"] = ctx.stream["description"]
    ctx.call(ctx.driver.replace_stream, body)


@then("events_delivered shrank to within the narrowed events_requested")
def narrowed(ctx):
    replaced = ctx.response
    # 202 "accepted, but not processed" (SSF §8.1.1.4): read the stream back to see the result.
    read_back = ctx.call(ctx.driver.read_stream, ctx.stream_id) if replaced.status == 202 else None
    ctx.verify(life.check_events_delivered_narrowed(replaced, ctx.kept.narrowed, read_back))


@when("the suite fetches the configuration of an issuer path the transmitter does not have")
def unknown_issuer(ctx):
    ctx.call(ctx.driver.fetch_unknown_issuer_metadata)


@then("that configuration request was answered with a client error")
def unknown_issuer_error(ctx):
    ctx.verify(m.check_unknown_issuer_metadata_error(ctx.response))


@when("the suite asks to remove the stream's own subject from the stream")
def remove_stream_subject(ctx):
    # Any answer: the subject "MAY NOT be removed" (SSF §8.1.4.1); what counts is what follows.
    ctx.call(ctx.driver.remove_subject, ctx.stream_id,
             {"format": "opaque", "id": ctx.stream_id})


@then(parsers.parse('the verification with state "{state}" still arrives'))
def still_arrives(ctx, state):
    real = ctx.kept.states[state]
    received = receive(ctx, verification_with(real))
    ctx.verify(sub.check_stream_subject_still_delivered(received.claims if received else None,
                                                        real))
