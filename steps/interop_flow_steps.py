"""Steps: the CAEP interop profile's stream flow, its run-level subject formats and its OAuth
token (features/transmitter/interop.feature, auth.feature; issue 15)."""
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import interop as iop
from harness.checks import subject_ids as sid
from harness.jose import SETDecodeError, decode_set
from harness.ssf.events import BY_ACTION
from steps import stream_setup as setup


@when(parsers.parse("the suite creates a {delivery} stream for the interop flow"))
def create_interop(ctx, delivery):
    body = (ctx.driver.push_body(ctx.push_key, setup.events(ctx)) if delivery == "push"
            else ctx.driver.poll_body(setup.events(ctx)))
    setup.create(ctx, body)
    ctx.kept.delivery = delivery


@then(parsers.parse("the interop call {operation} succeeded for requirement {requirement}"))
def call_succeeded(ctx, operation, requirement):
    verdict = iop.check_interop_call_succeeds(ctx.response, operation, requirement=requirement)
    # Without the stream the rest of the flow has nothing to work on.
    ctx.require(verdict) if operation == "create" else ctx.verify(verdict)


@then("the stream delivers by push or poll, as the interop profile requires")
def interop_delivery(ctx):
    ctx.verify(iop.check_interop_delivery_method(ctx.stream))


@given("the run has received CAEP events")
def run_caep_events(ctx):
    decoded = []
    for token in list(ctx.session.seen_jtis.values()):  # every SET of this run, by jti
        try:
            decoded.append(decode_set(token))
        except SETDecodeError:
            continue
    formats = sid.caep_event_subject_formats(decoded)
    if not formats:
        ctx.recorder.record.status = "skipped"
        pytest.skip("not applicable: no CAEP event was received earlier in this run (run the "
                    "event scenarios with it)")
    ctx.kept.caep_formats = formats


@then("the CAEP events of the run used email or iss_sub at least once")
def formats_seen(ctx):
    ctx.verify(sid.check_interop_subject_formats_seen(ctx.kept.caep_formats))


@then("the token response gives a bearer token that expires within an hour")
def token_response(ctx):
    ctx.verify(iop.check_token_response(ctx.kept.token_response))


@given(parsers.parse("a push stream for the {action} use case is created for the suite"))
def use_case_stream(ctx, action):
    """Unlike a stream for any event type, one the profile declares for a use case must be
    offered: a stream whose events_delivered lacks it fails the use case, it is not skipped."""
    uri = BY_ACTION[action].uri
    setup.create_required(ctx, ctx.driver.push_body(ctx.push_key, [uri]))
    ctx.kept.delivery = "push"
    delivered = ctx.stream.get("events_delivered") or []
    ctx.kept.use_case_delivered = delivered
    if uri not in delivered:
        ctx.require(iop.check_interop_use_case_supported(action, delivered, uri, None))


@then(parsers.parse("the transmitter supports the {action} use case"))
def use_case_supported(ctx, action):
    ctx.verify(iop.check_interop_use_case_supported(
        action, ctx.kept.use_case_delivered, BY_ACTION[action].uri,
        ctx.received.claims if ctx.received is not None else None))
