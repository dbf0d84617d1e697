"""Steps: push delivery (features/transmitter/push.feature)."""
from pytest_bdd import given, then

from harness.checks import push as p
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
                                                  ctx.notes["authorization_header"]))


@then("the push request carried no Authorization header")
def no_auth(ctx):
    ctx.verify(p.check_authorization_header_exact(_push(ctx), None))


@given("the suite's receiver will answer the next push with 503")
def answer_503(ctx):
    ctx.session.collector.fail_next(ctx.push_key, 503, count=1)


@then("the SET refused with 503 is pushed again with the same jti")
def retried(ctx):
    collector = ctx.session.collector
    first = collector.wait_for(lambda q: q.path_key == ctx.push_key and q.answered == 503,
                               timeout(ctx, "push_delivery"), since=ctx.push_mark)
    first_jti = first.jti if first else None
    retry = None
    if first is not None:
        retry = collector.wait_for(lambda q: q.path_key == ctx.push_key and q.answered == 202
                                   and q.jti == first_jti, timeout(ctx, "push_delivery"),
                                   since=first.seq)
    ctx.verify(p.check_retried_after_5xx(first_jti, [retry.jti] if retry else
                                         [q.jti for q in pushed_since(ctx, first.seq)]
                                         if first else []))
