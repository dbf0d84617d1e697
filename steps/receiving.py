"""Helpers shared by the step modules for getting SETs from the transmitter under test, by push
(waiting on the suite's push endpoint) or by poll. Waits use the profile's deadlines."""
from __future__ import annotations

from harness.checks.push import PushRequest
from harness.jose import DecodedSET
from harness.ssf.constants import POLL
from harness.suite.set_matching import (  # noqa: F401 - the step modules' one import place
    event_about, first_matching, polled_verification_states, verification_state,
    verification_with,
)


def timeout(ctx, name: str) -> float:
    return ctx.session.profile.timeouts.scaled(name)


def delivery_deadline(ctx, name: str) -> float:
    """The wait for a SET: longer after a manual trigger, whose operator has its deadline."""
    return max(timeout(ctx, name), ctx.kept.trigger_deadline or 0)


def wait_push(ctx, claims_predicate, since: int | None = None):
    """The first push on this scenario's URL whose SET claims match, or None at the deadline."""
    collector = ctx.session.collector
    push = collector.wait_for(
        lambda p: p.path_key == ctx.push_key and claims_predicate(p.claims()),
        delivery_deadline(ctx, "push_delivery"), since=ctx.push_mark if since is None else since)
    ctx.received_push = push
    ctx.received = push.decoded() if push is not None else None
    attach_received(ctx)
    return push


def pushed_since(ctx, since: int | None = None) -> list:
    return ctx.session.collector.since(ctx.push_mark if since is None else since, ctx.push_key)


def as_push_request(push) -> PushRequest:
    return PushRequest(push.method, push.scheme, push.headers, push.body,
                       (push.exchange_id,) if push.exchange_id else ())


def poll_for(ctx, claims_predicate) -> DecodedSET | None:
    """Poll (no ack) until a SET matching the predicate is waiting, or the deadline."""
    found = ctx.driver.poll_until(ctx.stream, 1, delivery_deadline(ctx, "poll_wait"))
    ctx.polled.update(found)
    ctx.received = first_matching(found, claims_predicate)
    attach_received(ctx)
    return ctx.received


def attach_received(ctx) -> None:
    """The decoded SET (header, claims, schema errors) as evidence in the report."""
    if ctx.received is None:
        return
    try:
        import allure
        from harness.reporting.allure_evidence import attach_set
        from harness.schemas import validate_set
        attach_set(allure, ctx.received.header, ctx.received.claims,
                   validate_set(ctx.received))
    except Exception:  # noqa: BLE001 - evidence must never break a verdict
        pass


def delivery_of(ctx) -> str:
    """"push" or "poll": how this scenario's stream delivers."""
    method = ((ctx.stream or {}).get("delivery") or {}).get("method")
    return "poll" if method == POLL else "push"


def receive(ctx, claims_predicate) -> DecodedSET | None:
    """The first SET matching the predicate, by the stream's own delivery method, within the
    profile's deadline (push: the suite's endpoint; poll: polls without acknowledging)."""
    if delivery_of(ctx) == "push":
        push = wait_push(ctx, claims_predicate)
        return push.decoded() if push is not None else None
    return poll_for(ctx, claims_predicate)


def held_states_polled(ctx, order: list[str]) -> list[str]:
    """The held verification states a poll returns once the stream is enabled, in the order
    they were requested (a poll answer's `sets` is a JSON object: it has no order to judge)."""
    found = ctx.driver.poll_until(ctx.stream, len(order), timeout(ctx, "poll_wait"))
    ctx.polled.update(found)
    states = set(polled_verification_states(found).values())
    return [s for s in order if s in states]
