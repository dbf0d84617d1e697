"""Steps: a dialect's documented answers (features/transmitter/dialects/): the values its
document enumerates, its error object and codes, and which endpoint URLs a create takes. The
adapter (harness/suite/dialects) supplies the documented values; these steps only ask."""
import secrets

from pytest_bdd import parsers, then, when

from harness.checks import documented_api as d
from harness.checks import events as ev
from harness.ssf.events import BY_ACTION
from steps.receiving import event_about, poll_for, wait_push
from steps import stream_setup as setup

NOT_JSON = b'{"not": json'


def _json(resp):
    return resp.json(default=None) if resp is not None else None


@when("the suite creates a stream with the dialect's documented body")
def create_documented(ctx):
    ctx.kept.created = setup.create(
        ctx, ctx.driver.stream_body(ctx.push_key, setup.events(ctx)))


@then("each member the document enumerates takes one of its documented values")
def documented_values(ctx):
    created = _json(ctx.kept.created)
    for member, (allowed, requirement) in ctx.driver.api.DOCUMENTED_VALUES.items():
        ctx.verify(d.check_documented_value(created, member, allowed, requirement=requirement))


@when(parsers.parse('the suite creates a stream without the member "{member}"'))
def create_without(ctx, member):
    body = ctx.driver.stream_body(ctx.push_key, setup.events(ctx))
    body.pop(member, None)
    ctx.kept.refused = setup.create(ctx, body, record_as_stream=False)


@then(parsers.parse('that create was refused with the documented error "{code}" for '
                    'requirement {requirement}'))
def refused_with_code(ctx, code, requirement):
    ctx.verify(d.check_documented_error(ctx.kept.refused, ctx.driver.api.ERROR_CODES,
                                        code, requirement=requirement))


@when(parsers.parse('the suite creates push streams to "{allowed}" and to "{forbidden}"'))
def create_push_pair(ctx, allowed, forbidden):
    events = setup.events(ctx)
    ctx.kept.allowed = setup.create(ctx, ctx.driver.api.push_body(allowed, events),
                                        record_as_stream=False)
    ctx.kept.refused = setup.create(ctx, ctx.driver.api.push_body(forbidden, events),
                                        record_as_stream=False)


@then(parsers.parse("the first was created for requirement {requirement}"))
def first_created(ctx, requirement):
    # Differential: the refusal of the second only counts when the first, differing only in
    # its endpoint URL, was taken.
    ctx.verify(d.check_answered_with(ctx.kept.allowed, "an exempted endpoint URL",
                                     requirement=requirement))


@when("the suite sends requests the API must refuse: an unknown stream, a wrong method and a "
      "body that is not JSON")
def refusable_requests(ctx):
    unknown = "suite-unknown-" + secrets.token_hex(6)
    ctx.kept.refusals = {
        "unknown stream": ctx.call(ctx.driver.call_raw, "read", token=ctx.driver.token,
                                   stream_id=unknown),
        "wrong method": ctx.call(ctx.driver.call_raw, "wrong_method", token=ctx.driver.token),
        "body not JSON": ctx.call(ctx.driver.call_raw, "create", token=ctx.driver.token,
                                  content=NOT_JSON)}


@then(parsers.parse("each was answered with the documented error object for requirement "
                    "{requirement}"))
def each_documented_error(ctx, requirement):
    for resp in ctx.kept.refusals.values():
        ctx.verify(d.check_documented_error(resp, ctx.driver.api.ERROR_CODES,
                                            requirement=requirement))


@when("the suite creates a stream while the transmitter has no signing setup")
def create_unconfigured(ctx):
    body = ctx.driver.stream_body(ctx.push_key, setup.events(ctx))
    with ctx.driver.unconfigured():
        ctx.kept.refused = setup.create(ctx, body, record_as_stream=False)


@then(parsers.parse("that create was answered with the documented error object for "
                    "requirement {requirement}"))
def answered_documented_error(ctx, requirement):
    ctx.verify(d.check_documented_error(ctx.kept.refused, ctx.driver.api.ERROR_CODES,
                                        requirement=requirement))


@when("the suite calls the transmitter with and without its TLS client certificate")
def calls_with_and_without_client_certificate(ctx):
    with_cert, without = ctx.driver.requests_with_and_without_client_certificate()
    ctx.kept.refusals = {"with": with_cert, "without": without}


@then("the call without the client certificate was refused")
def refused_without_client_certificate(ctx):
    calls = ctx.kept.refusals
    ctx.verify(d.check_client_certificate_required(calls["with"], calls["without"]))


@then("the metadata names the dialect's delivery methods")
def metadata_delivery_urns(ctx):
    ctx.verify(d.check_delivery_urns(ctx.driver.metadata.get("delivery_methods_supported"),
                                     ctx.driver.api.DELIVERY_URNS))


@then("the stream's delivery names the dialect's delivery method")
def stream_delivery_urn(ctx):
    created = _json(ctx.kept.created)
    ctx.verify(d.check_delivery_urns(created.get("delivery") if isinstance(created, dict)
                                     else None, ctx.driver.api.DELIVERY_URNS))


@then(parsers.parse('the {action} SET about "{email}" arrives by {delivery} with its subject '
                    'inside the event'))
def received_subject_inside(ctx, action, email, delivery):
    """The generic "is received" step judges the subject by SSF 1.0's sub_id; here the SET is
    found by the subject inside the event and judged by the draft's shape."""
    uri = BY_ACTION[action].uri
    email = ctx.driver.subject_email(email)
    if delivery == "push":
        wait_push(ctx, event_about(uri, email))
    else:
        poll_for(ctx, event_about(uri, email))
    ctx.require(ev.check_event_type_is(ctx.received, uri))
    ctx.verify(d.check_subject_inside_event(ctx.received.claims,
                                            {"format": "email", "email": email}))


@then(parsers.parse("the {action} SET arrives by push with its {subject_format} subject inside "
                    "the event as the dialect spells it"))
def received_subject_spelled(ctx, action, subject_format):
    """The SET is found by its event type (an issuer-subject pair names no email) and its
    subject_type judged by the dialect's spelling of the format."""
    uri = BY_ACTION[action].uri
    wait_push(ctx, event_about(uri, None))
    ctx.require(ev.check_event_type_is(ctx.received, uri))
    spelling = ctx.driver.api.SUBJECT_TYPES.get(subject_format, subject_format)
    ctx.verify(d.check_subject_type_spelled(ctx.received.claims, spelling))


@then("the metadata was served at the dialect's well-known URL")
def dialect_metadata_served(ctx):
    verdict = ctx.require(d.check_dialect_metadata_served(ctx.response))
    if verdict.passed:
        ctx.driver.metadata = ctx.response.json()
