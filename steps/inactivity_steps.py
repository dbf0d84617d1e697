"""Steps: the stream inactivity timeout (features/transmitter/inactivity.feature; issue 15).

The suite is active at a third of the timeout for one and a half timeouts, then idle for the
timeout plus the quiet window; each wait is a deadline wait the run's shutdown interrupts."""
import time

import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import inactivity as ina
from harness.jose import SETDecodeError, decode_set
from harness.ssf.events import STREAM_UPDATED
from harness.suite.watching import idle
from steps.receiving import delivery_of, pushed_since, receive, timeout

# The longest timeout the suite waits out; a stream advertising more skips the scenario.
MAX_INACTIVITY_TIMEOUT = 300


def _is_update(claims: dict) -> bool:
    return STREAM_UPDATED.uri in (claims.get("events") or {})


@given("the stream advertises a short inactivity_timeout")
def short_timeout(ctx):
    value = ctx.stream.get("inactivity_timeout")
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0 \
            or value > MAX_INACTIVITY_TIMEOUT:
        ctx.recorder.record.status = "skipped"
        pytest.skip("not applicable: the stream advertises no inactivity_timeout of at most "
                    f"{MAX_INACTIVITY_TIMEOUT} s (got {value!r})")
    ctx.kept.inactivity_timeout = value


def _polled_updates(tokens: dict[str, str]) -> list[dict]:
    out = []
    for token in tokens.values():
        try:
            claims = decode_set(token).claims
        except SETDecodeError:
            continue
        if _is_update(claims):
            out.append(claims)
    return out


@when(parsers.parse("the suite keeps the stream active by {activity} for longer than the "
                    "timeout"))
def keep_active(ctx, activity):
    limit = ctx.kept.inactivity_timeout
    mark = ctx.session.collector.mark()
    updates: list[dict] = []
    started = time.monotonic()
    while time.monotonic() - started < 1.5 * limit:
        if delivery_of(ctx) == "poll":  # a poll is activity (SSF §8.1.1); nothing is acked
            resp = ctx.driver.poll(ctx.stream, max_events=50, return_immediately=True)
            if resp.status == 200:
                updates += _polled_updates((resp.json() or {}).get("sets") or {})
        else:  # a management call referencing the stream is activity
            ctx.driver.read_stream(ctx.stream_id)
        idle(ctx.driver, limit / 3, "activity cadence, a third of inactivity_timeout")
    updates += [p.claims() for p in pushed_since(ctx, mark) if _is_update(p.claims())]
    ctx.kept.active_updates = updates
    ctx.kept.active_for = time.monotonic() - started


@then(parsers.parse("the stream stayed enabled while it was active, for requirement "
                    "{requirement}"))
def stayed_enabled(ctx, requirement):
    ctx.verify(ina.check_activity_keeps_stream_enabled(
        ctx.kept.active_updates, ctx.kept.inactivity_timeout, ctx.kept.active_for,
        requirement=requirement))


@when("the suite leaves the stream idle for longer than the timeout")
def leave_idle(ctx):
    limit = ctx.kept.inactivity_timeout
    ctx.kept.idle_mark = ctx.session.collector.mark()
    if delivery_of(ctx) == "poll":  # polling is activity: stay away, then look
        idle(ctx.driver, limit + timeout(ctx, "quiet_window"), "idle past inactivity_timeout")


@then("a pause or disable for inactivity was announced with stream-updated")
def announced(ctx):
    limit = ctx.kept.inactivity_timeout
    if delivery_of(ctx) == "push":  # the push endpoint is watched without touching the stream
        found = ctx.session.collector.wait_for(
            lambda p: p.path_key == ctx.push_key and _is_update(p.claims()),
            limit + timeout(ctx, "quiet_window") + timeout(ctx, "push_delivery"),
            since=ctx.kept.idle_mark)
        update = found.claims() if found is not None else None
    else:
        received = receive(ctx, _is_update)
        update = received.claims if received is not None else None
    status = ctx.call(ctx.driver.read_status, ctx.stream_id) if ctx.driver.metadata.get(
        "status_endpoint") else ctx.call(ctx.driver.read_stream, ctx.stream_id)
    ctx.verify(ina.check_inactivity_announced(update, status))
