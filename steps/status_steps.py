"""Steps: stream status (features/transmitter/status.feature)."""
from pytest_bdd import given, parsers, then, when

from harness.checks import status as st
from harness.ssf.events import STREAM_UPDATED
from steps.receiving import (
    delivery_of, held_states_polled, polled_verification_states, pushed_since, verification_with,
    wait_push,
)


def _set(ctx, status):
    # The mark is taken before the change: deliveries it causes count as "after" it.
    ctx.kept.marks[status] = ctx.session.collector.mark()
    update = ctx.call(ctx.driver.set_status, ctx.stream_id, status)
    read_back = ctx.call(ctx.driver.read_status, ctx.stream_id)
    ctx.kept.status_update = (update, read_back, status)
    return update, read_back


@given(parsers.parse("the suite has set the stream status to {status}"))
def given_status(ctx, status):
    update, read_back = _set(ctx, status)
    ctx.require(st.check_status_updated(update, read_back, status))


@when(parsers.parse("the suite sets the stream status to {status:w}"))
def when_status(ctx, status):
    _set(ctx, status)


@when(parsers.parse('the suite sets the stream status to the invalid value "{value}"'))
def invalid_status(ctx, value):
    ctx.call(ctx.driver.set_status, ctx.stream_id, value)


@when("the suite reads the stream status")
def read_status(ctx):
    ctx.call(ctx.driver.read_status, ctx.stream_id)


@when(parsers.re(r"the transmitter itself (?P<change>pauses|re-enables) the stream"))
def admin_change(ctx, change):
    status = "paused" if change == "pauses" else "enabled"
    ctx.call(ctx.driver.admin_set_status, ctx.stream_id, status)


@then("the status response names the stream and a valid status")
def status_read(ctx):
    ctx.verify(st.check_status_read(ctx.response, ctx.stream_id))


@then(parsers.parse("the stream status is now {status:w}"))
def status_now(ctx, status):
    update, read_back, _ = ctx.kept.status_update
    ctx.verify(st.check_status_updated(update, read_back, status))


def _state(push) -> str | None:
    for payload in (push.claims().get("events") or {}).values():
        if isinstance(payload, dict) and payload.get("state"):
            return payload["state"]
    return None


@then("the held events are delivered in order after re-enabling")
def held_in_order(ctx):
    order = [ctx.kept.states["held-1"], ctx.kept.states["held-2"]]
    if delivery_of(ctx) == "poll":
        ctx.verify(st.check_held_events_delivered_in_order(order, held_states_polled(ctx, order)))
        return
    last = wait_push(ctx, verification_with(order[-1]), since=ctx.kept.marks["paused"])
    first = wait_push(ctx, verification_with(order[0]), since=ctx.kept.marks["paused"])
    received = sorted((p for p in (first, last) if p is not None), key=lambda p: p.seq)
    ctx.verify(st.check_held_events_delivered_in_order(order, [_state(p) for p in received]))


@then("the event from the disabled period was never delivered")
def disabled_dropped(ctx):
    dropped = ctx.kept.states["dropped"]
    if delivery_of(ctx) == "poll":  # every SET the scenario's polls have seen, unacknowledged
        states = list(polled_verification_states(ctx.polled).values())
    else:
        states = [_state(p) for p in pushed_since(ctx, ctx.kept.marks["disabled"])]
    ctx.verify(st.check_disabled_events_never_delivered(dropped, states))


@then(parsers.parse("a stream-updated SET with status {status:w} is pushed to the suite"))
def stream_updated(ctx, status):
    def is_update(claims):
        payload = (claims.get("events") or {}).get(STREAM_UPDATED.uri)
        return isinstance(payload, dict) and payload.get("status") == status
    wait_push(ctx, is_update)
    ctx.require(st.check_stream_updated_received(ctx.received, status))
