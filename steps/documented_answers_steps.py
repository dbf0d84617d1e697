"""Steps: a dialect's documented answers (features/transmitter/dialects/): the values its
document enumerates, its error object and codes, and which endpoint URLs a create takes. The
adapter (harness/suite/dialects) supplies the documented values; these steps only ask."""
import secrets

from pytest_bdd import parsers, then, when

from harness.checks import documented_api as d
from steps import stream_setup as setup

NOT_JSON = b'{"not": json'


def _json(resp):
    return resp.json(default=None) if resp is not None else None


@when("the suite creates a stream with the dialect's documented body")
def create_documented(ctx):
    ctx.notes["created"] = setup.create(
        ctx, ctx.driver.stream_body(ctx.push_key, setup.events(ctx)))


@then("each member the document enumerates takes one of its documented values")
def documented_values(ctx):
    created = _json(ctx.notes["created"])
    for member, (allowed, requirement) in ctx.driver.api.DOCUMENTED_VALUES.items():
        ctx.verify(d.check_documented_value(created, member, allowed, requirement=requirement))


@when(parsers.parse('the suite creates a stream without the member "{member}"'))
def create_without(ctx, member):
    body = ctx.driver.stream_body(ctx.push_key, setup.events(ctx))
    body.pop(member, None)
    ctx.notes["refused"] = setup.create(ctx, body, record_as_stream=False)


@then(parsers.parse('that create was refused with the documented error "{code}" for '
                    'requirement {requirement}'))
def refused_with_code(ctx, code, requirement):
    ctx.verify(d.check_documented_error(ctx.notes["refused"], ctx.driver.api.ERROR_CODES,
                                        code, requirement=requirement))


@when(parsers.parse('the suite creates push streams to "{allowed}" and to "{forbidden}"'))
def create_push_pair(ctx, allowed, forbidden):
    events = setup.events(ctx)
    ctx.notes["allowed"] = setup.create(ctx, ctx.driver.api.push_body(allowed, events),
                                        record_as_stream=False)
    ctx.notes["refused"] = setup.create(ctx, ctx.driver.api.push_body(forbidden, events),
                                        record_as_stream=False)


@then(parsers.parse("the first was created for requirement {requirement}"))
def first_created(ctx, requirement):
    # Differential: the refusal of the second only counts when the first, differing only in
    # its endpoint URL, was taken.
    ctx.verify(d.check_answered_with(ctx.notes["allowed"], "an exempted endpoint URL",
                                     requirement=requirement))


@when("the suite sends requests the API must refuse: an unknown stream, a wrong method and a "
      "body that is not JSON")
def refusable_requests(ctx):
    unknown = "suite-unknown-" + secrets.token_hex(6)
    ctx.notes["refusals"] = {
        "unknown stream": ctx.call(ctx.driver.call_raw, "read", token=ctx.driver.token,
                                   stream_id=unknown),
        "wrong method": ctx.call(ctx.driver.call_raw, "wrong_method", token=ctx.driver.token),
        "body not JSON": ctx.call(ctx.driver.call_raw, "create", token=ctx.driver.token,
                                  content=NOT_JSON)}


@then(parsers.parse("each was answered with the documented error object for requirement "
                    "{requirement}"))
def each_documented_error(ctx, requirement):
    for resp in ctx.notes["refusals"].values():
        ctx.verify(d.check_documented_error(resp, ctx.driver.api.ERROR_CODES,
                                            requirement=requirement))


@when("the suite creates a stream while the transmitter has no signing setup")
def create_unconfigured(ctx):
    body = ctx.driver.stream_body(ctx.push_key, setup.events(ctx))
    with ctx.driver.unconfigured():
        ctx.notes["refused"] = setup.create(ctx, body, record_as_stream=False)


@then(parsers.parse("that create was answered with the documented error object for "
                    "requirement {requirement}"))
def answered_documented_error(ctx, requirement):
    ctx.verify(d.check_documented_error(ctx.notes["refused"], ctx.driver.api.ERROR_CODES,
                                        requirement=requirement))
