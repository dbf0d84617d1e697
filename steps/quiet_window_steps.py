"""Steps: paused and disabled streams watched over push and poll for a quiet window
(features/transmitter/status.feature, issue 15), and the streams other quiet-window scenarios
watch."""
from pytest_bdd import given, parsers, then

from harness.checks import status as st
from harness.suite.watching import poll_quietly, quiet_pushes
from steps.receiving import (
    delivery_of, polled_verification_states, receive, timeout, verification_state,
    verification_with,
)
from steps import stream_setup as setup


@given(parsers.parse("a {delivery} stream is set up for the suite to watch"))
def watched_stream(ctx, delivery):
    body = (ctx.driver.push_body(ctx.push_key, setup.events(ctx)) if delivery == "push"
            else ctx.driver.poll_body(setup.events(ctx)))
    setup.create_required(ctx, body)
    ctx.kept.delivery = delivery


def _requested_states(ctx) -> set[str]:
    return set(ctx.kept.states.values())


@then(parsers.parse("nothing is delivered on the {status} stream during the quiet window"))
def quiet_window(ctx, status):
    window = timeout(ctx, "quiet_window")
    states = _requested_states(ctx)
    if delivery_of(ctx) == "push":
        def ours(push) -> bool:
            return push.path_key == ctx.push_key and verification_state(push.claims()) in states
        seen = quiet_pushes(ctx.session.collector, ours, window, ctx.kept.marks[status])
        delivered = {p.jti or "?": verification_state(p.claims()) for p in seen}
    else:
        polled = poll_quietly(ctx.driver, ctx.stream, window)
        ctx.polled.update(polled)
        delivered = {j: s for j, s in polled_verification_states(polled).items() if s in states}
    if status == "paused":
        ctx.verify(st.check_nothing_delivered_while_paused(sorted(delivered)))
    else:
        ctx.verify(st.check_disabled_events_never_delivered(ctx.kept.states["dropped"],
                                                            list(delivered.values())))


@then(parsers.parse('the verification with state "{state}" is delivered on the enabled stream'))
def delivered_when_enabled(ctx, state):
    real = ctx.kept.states[state]
    received = receive(ctx, verification_with(real))
    ctx.verify(st.check_delivered_while_enabled(received.claims if received else None, real))
