"""Steps: push delivery (features/transmitter/push.feature)."""
from pytest_bdd import given, then

from harness.checks import push as p
from harness.checks import verification as v
from steps.receiving import as_push_request, pushed_since, timeout


def _push(ctx):
    if ctx.received_push is None:
        raise RuntimeError("no push was received (recorded by an earlier step)")
    return as_push_request(ctx.received_push)


@then("the push request was a POST")
def was_post(ctx):
    ctx.verify(p.check_push_is_post(_push(ctx)))


@then("the push request had Content-Type application/secevent+jwt")
def content_type(ctx):
    ctx.verify(p.check_push_content_type(_push(ctx)))


@then("the push request accepted application/json")
def accept(ctx):
    ctx.verify(p.check_push_accept_json(_push(ctx)))


@then("the push body was one compact JWS")
def compact(ctx):
    ctx.verify(p.check_push_body_is_one_compact_jws(_push(ctx)))


@then("the push request carried exactly the configured authorization_header")
def exact_auth(ctx):
    ctx.verify(p.check_authorization_header_exact(_push(ctx),
                                                  ctx.kept.authorization_header))


@then("the push request carried no Authorization header")
def no_auth(ctx):
    ctx.verify(p.check_authorization_header_exact(_push(ctx), None))


@given("the suite's receiver will answer the next push with 503")
def answer_503(ctx):
    ctx.session.collector.fail_next(ctx.push_key, 503, count=1)


@then("a retransmission of the SET refused with 503, if any, keeps its jti")
def retried(ctx):
    collector = ctx.session.collector
    first = collector.wait_for(lambda q: q.path_key == ctx.push_key and q.answered == 503,
                               timeout(ctx, "push_delivery"), since=ctx.push_mark)
    if first is None:  # nothing was pushed at all: the verification's own verdict
        ctx.require(v.check_verification_event_arrived(None))
    refused = first.claims()
    # Wait (up to the deadline) for the first retransmission; retrying is optional.
    collector.wait_for(lambda q: q.path_key == ctx.push_key
                       and p.is_retransmission(refused, q.claims()),
                       timeout(ctx, "push_delivery"), since=first.seq)
    ctx.verify(p.check_retry_keeps_jti(refused, [q.claims()
                                                 for q in pushed_since(ctx, first.seq)]))
