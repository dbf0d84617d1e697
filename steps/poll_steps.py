"""Steps: poll delivery (features/transmitter/poll.feature, verification over poll)."""
import threading
import time

from pytest_bdd import parsers, then, when

from harness.checks import poll as pc
from harness.checks.base import json_body
from steps.receiving import timeout

# How long "at once" may take for returnImmediately: a plain round trip, with generous room.
IMMEDIATE_FRACTION = 0.25


def _sets(ctx) -> dict:
    body = json_body(ctx.response)
    return (body.get("sets") or {}) if isinstance(body, dict) else {}


@when(parsers.parse("the suite polls with maxEvents {n:d} once all {want:d} SETs are available"))
def poll_max(ctx, n, want):
    ctx.kept.seen = ctx.driver.poll_until(ctx.stream, want, timeout(ctx, "poll_wait"))
    ctx.call(ctx.driver.poll, ctx.stream, max_events=n, return_immediately=True)
    ctx.polled = dict(_sets(ctx))


@when("the suite acknowledges the polled SETs with returnImmediately")
def ack_polled(ctx):
    ctx.acked = set(ctx.polled)
    ctx.call(ctx.driver.poll, ctx.stream, max_events=10, return_immediately=True,
             ack=sorted(ctx.acked))


@when("the suite sends an acknowledge-only poll for the polled SETs")
def ack_only(ctx):
    ctx.acked = set(ctx.polled)
    ctx.call(ctx.driver.poll, ctx.stream, max_events=0, return_immediately=True,
             ack=sorted(ctx.acked))


@when("the suite polls again acknowledging only the first SET")
def ack_first(ctx):
    # Everything seen unacknowledged so far is still owed, whether or not the last poll had it.
    owed = set(ctx.polled) | set(ctx.kept.seen or {})
    first = sorted(owed)[0]
    ctx.acked = {first}
    ctx.kept.unacked = owed - {first}
    ctx.call(ctx.driver.poll, ctx.stream, max_events=10, return_immediately=True,
             ack=[first])


@when("the suite polls again reporting the SET in setErrs")
def set_errs(ctx):
    jti = sorted(set(ctx.polled) | set(ctx.kept.seen or {}))[0]
    ctx.call(ctx.driver.poll, ctx.stream, max_events=0, return_immediately=True,
             set_errs={jti: {"err": "invalid_request",
                             "description": "reported by the conformance suite"}})


@when("the suite polls with returnImmediately and nothing is waiting")
def poll_immediately(ctx):
    ctx.call(ctx.driver.poll, ctx.stream, max_events=10, return_immediately=True)


@when(parsers.parse("the suite polls with the body {body}"))
def poll_body(ctx, body):
    ctx.call(ctx.driver.poll, ctx.stream, raw=body)


@when("the suite polls without credentials")
def poll_no_auth(ctx):
    ctx.call(ctx.driver.poll, ctx.stream, token=None)


@when(parsers.parse('the suite polls with the bearer token "{token}"'))
def poll_bad_token(ctx, token):
    ctx.call(ctx.driver.poll, ctx.stream, token=token)


@when("the suite starts a long poll and requests verification while it waits")
def long_poll(ctx):
    wait = timeout(ctx, "poll_wait")
    started = threading.Event()
    result: dict = {}

    def run():
        started.set()
        t0 = time.monotonic()
        result["resp"] = ctx.driver.poll(ctx.stream, max_events=10,
                                         return_immediately=False, timeout=wait + 5)
        result["elapsed"] = time.monotonic() - t0

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    started.wait(wait)
    ctx.call(ctx.driver.verify, ctx.stream_id, "long-poll-" + ctx.push_key)
    worker.join(wait + 10)
    from steps.context import as_response
    if "resp" not in result:
        raise RuntimeError("the long poll did not return within its own deadline")
    ctx.response = as_response(result["resp"])
    ctx.kept.elapsed = result["elapsed"]


@then("the poll response is well-formed")
def well_formed(ctx):
    ctx.verify(pc.check_poll_response_shape(ctx.response))


@then(parsers.parse("the poll returned no more than {n:d} SETs"))
def no_more_than(ctx, n):
    ctx.verify(pc.check_max_events_respected(ctx.response, n))


@then("the poll response says more SETs are available")
def more_available(ctx):
    ctx.verify(pc.check_more_available(ctx.response, True))


@then("the poll answered at once")
def at_once(ctx):
    limit = timeout(ctx, "poll_wait") * IMMEDIATE_FRACTION
    ctx.verify(pc.check_return_immediately(ctx.last_elapsed, limit, ctx.response))


@then("the long poll returned the SET before its wait ran out")
def long_poll_returned(ctx):
    immediate = timeout(ctx, "poll_wait") * IMMEDIATE_FRACTION
    ctx.verify(pc.check_long_poll_returns_event(ctx.response, None, ctx.kept.elapsed,
                                                timeout(ctx, "poll_wait"), immediate))


@then("the acknowledged SETs are not returned again")
def acked_not_returned(ctx):
    resp = ctx.call(ctx.driver.poll, ctx.stream, max_events=50, return_immediately=True)
    ctx.verify(pc.check_acked_not_returned(resp, ctx.acked))


@then("the unacknowledged SET was returned again")
def unacked_again(ctx):
    ctx.verify(pc.check_unacked_redelivered(ctx.response, ctx.kept.unacked))


@then("the poll with setErrs was accepted")
def set_errs_ok(ctx):
    ctx.verify(pc.check_set_errs_accepted(ctx.response))


@then("the poll was refused with a WWW-Authenticate challenge")
def www_auth(ctx):
    ctx.verify(pc.check_poll_www_authenticate(ctx.response))

