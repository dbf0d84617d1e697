"""Steps: verification (features/transmitter/verification.feature) and the verification
requests other areas use to make the transmitter send something."""
import secrets

import pytest

from pytest_bdd import given, parsers, then, when

from harness.checks import verification as v
from harness.ssf.events import VERIFICATION
from steps.receiving import poll_for, pushed_since, verification_with, wait_push


def _request(ctx, state, pace=True):
    ctx.state = state
    # Pushes before this mark came before the suite asked (SSF-VERIFY-05 tells them apart).
    ctx.kept.verify_marks.append(ctx.session.collector.mark())
    ctx.kept.sent_states.extend([state] if state is not None else [])
    ctx.call(ctx.driver.verify, ctx.stream_id, state, pace=pace)
    ctx.kept.verify_responses.append(ctx.response)


@when("the suite requests verification with a fresh state")
def verify_fresh(ctx):
    _request(ctx, "suite-" + secrets.token_hex(8))


@when(parsers.parse('the suite requests verification with the state "{state}"'))
def verify_state(ctx, state):
    _request(ctx, f"{state}-{ctx.push_key}")
    ctx.kept.states[state] = ctx.state


@when("the suite requests verification without a state")
def verify_without_state(ctx):
    _request(ctx, None)


@given(parsers.parse("the suite has requested verification {count:d} times"))
def verify_n(ctx, count):
    for _ in range(count):
        _request(ctx, "suite-" + secrets.token_hex(8))
    ctx.kept.requested = count


@when("the suite requests verification twice, min_verification_interval apart")
def verify_twice(ctx):
    # The driver spaces verification requests by the stream's min_verification_interval.
    _request(ctx, "first-" + secrets.token_hex(4))
    _request(ctx, "second-" + secrets.token_hex(4))


@then("the verification request was accepted with 204")
def accepted(ctx):
    ctx.require(v.check_verification_request_204(ctx.kept.verify_responses[0]))


@then("a verification SET is pushed to the suite within the deadline")
def pushed(ctx):
    # The SET echoing our state; failing that, any verification SET on this scenario's stream
    # (whether it echoes the state is the next check's verdict). A transmitter "MAY send a
    # Verification Event at any time" (SSF §8.1.4), so one of its own is not the answer while
    # the answer may still come.
    if ctx.state is None or wait_push(ctx, verification_with(ctx.state)) is None:
        wait_push(ctx, verification_with(None))
    ctx.require(v.check_verification_event_arrived(ctx.received.claims if ctx.received
                                                   else None))


@when("a verification SET can be polled within the deadline")
@then("a verification SET can be polled within the deadline")
def polled(ctx):
    # As for push: the SET echoing our state first, else any verification SET.
    found = poll_for(ctx, verification_with(ctx.state)) if ctx.state is not None else None
    found = found or poll_for(ctx, verification_with(None))
    ctx.require(v.check_verification_event_arrived(found.claims if found else None))


@then(parsers.parse('the verification with state "{state}" arrives'))
def arrives(ctx, state):
    real = ctx.kept.states[state]
    push = wait_push(ctx, verification_with(real))
    ctx.verify(v.check_verification_event_arrived(push.claims() if push else None))
    if push is not None:
        ctx.received_sets.append(push.decoded())


@then("the verification SET echoes the state")
def echoes(ctx):
    ctx.verify(v.check_verification_state_echoed(ctx.received.claims, ctx.state))


@then("the received SET's sub_id is the stream")
def sub_id_stream(ctx):
    ctx.verify(v.check_sub_id_is_stream(ctx.received.claims, ctx.stream_id))


@then("neither verification request was answered 429")
def no_429(ctx):
    ctx.verify(v.check_no_429_within_interval(ctx.kept.verify_responses))


@given("the stream declares a min_verification_interval")
def declares_min_interval(ctx):
    value = ctx.stream.get("min_verification_interval")
    if not isinstance(value, int) or value <= 0:
        ctx.recorder.record.status = "skipped"
        pytest.skip("not applicable: the stream declares no min_verification_interval "
                    f"(got {value!r})")


@then("no verification SET the transmitter sent on its own carries a state")
def unsolicited_stateless(ctx):
    first_request = ctx.kept.verify_marks[0]
    pushes = [p for p in pushed_since(ctx) if VERIFICATION.uri in p.event_uris()]
    ctx.verify(v.check_unsolicited_verification_stateless(
        [p.claims() for p in pushes if p.seq <= first_request],
        [p.claims() for p in pushes if p.seq > first_request], ctx.kept.sent_states))
