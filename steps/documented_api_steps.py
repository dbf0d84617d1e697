"""Steps: a vendor dialect's management API judged by its own product document
(features/transmitter/dialects/). The adapter (harness/suite/dialects) knows the dialect; these
steps only ask it for the documented forms and values."""
from pytest_bdd import given, parsers, then, when

from harness.checks import documented_api as d
from harness.jose import SETDecodeError, decode_set
from harness.ssf.events import BY_ACTION
from steps import stream_setup as setup
from steps.receiving import pushed_since


def _json(resp):
    return resp.json(default=None) if resp is not None else None


@when(parsers.parse('the suite creates a poll stream with the dialect\'s "{form}" create body'))
def create_in_form(ctx, form):
    body = ctx.driver.poll_body(setup.events(ctx))
    resp = ctx.call(ctx.driver.create_stream_in_form, form, body)
    created = _json(resp)
    if isinstance(created, dict) and isinstance(created.get("stream_id"), str):
        ctx.created.append(created["stream_id"])
        ctx.stream = created
    ctx.kept.created = resp


@then(parsers.parse("the stream was created as the document describes for requirement "
                    "{requirement}"))
def created_as_documented(ctx, requirement):
    api, resp = ctx.driver.api, ctx.kept.created
    ctx.require(d.check_created_as_documented(resp, api.CREATED_STATUSES, api.STREAM_ID_MEMBER,
                                              requirement=requirement))
    ctx.verify(d.check_documented_members(_json(resp), api.STREAM_MEMBERS,
                                          requirement=api.MEMBERS_REQUIREMENT))


@then("the poll credential was in the create answer and in no later read, list or update")
def credential_once(ctx):
    later = {"read": _json(ctx.call(ctx.driver.read_stream, ctx.stream_id)),
             "list": _json(ctx.call(ctx.driver.read_stream)),
             "update": _json(ctx.call(ctx.driver.update_stream,
                                      {"stream_id": ctx.stream_id,
                                       "description": "renamed by the suite"}))}
    ctx.verify(d.check_poll_credential_once(_json(ctx.kept.created), later))


@when("the suite polls the stream with and without its poll credential")
def poll_with_and_without(ctx):
    ctx.kept.answered_with = ctx.call(ctx.driver.poll, ctx.stream, return_immediately=True)
    ctx.kept.answered_without = ctx.call(ctx.driver.call_raw, "poll", token=ctx.driver.token,
                                    body=ctx.stream)


def _refused_only_without(ctx, what: str, requirement: str) -> None:
    """Differential: the refusal without `what` only counts when the same call with it was
    answered (otherwise the target refuses everything, and that is the finding)."""
    ctx.require(d.check_answered_with(ctx.kept.answered_with, what, requirement=requirement))
    ctx.verify(d.check_refused_without(ctx.kept.answered_without, what,
                                       requirement=requirement))


@then(parsers.parse("the poll without the credential was refused for requirement {requirement}"))
def poll_without_refused(ctx, requirement):
    _refused_only_without(ctx, "the poll credential", requirement)


@when(parsers.parse('the suite creates a push stream to "{url}"'))
def create_push_to(ctx, url):
    body = ctx.driver.api.push_body(url, setup.events(ctx))
    ctx.kept.refused = setup.create(ctx, body, record_as_stream=False)


@then("that create was rejected with a validation error")
def rejected_with_validation_error(ctx):
    ctx.verify(d.check_validation_error(ctx.kept.refused, "push URL"))


@when("the suite lists the streams with and without the dialect's required headers")
def list_with_and_without_headers(ctx):
    ctx.kept.answered_with = ctx.call(ctx.driver.read_stream)
    ctx.kept.answered_without = ctx.call(ctx.driver.call_raw, "list", token=ctx.driver.token,
                                    bare=True)


@then(parsers.parse("the list without them was refused for requirement {requirement}"))
def list_without_refused(ctx, requirement):
    _refused_only_without(ctx, "the required headers", requirement)


@then("the list holds the stream in data with pagination")
def list_wrapped(ctx):
    ctx.verify(d.check_list_wrapped(_json(ctx.call(ctx.driver.read_stream)), ctx.stream_id))


@when("the suite deletes the stream and creates it again")
def delete_and_recreate(ctx):
    first = dict(ctx.stream)
    ctx.call(ctx.driver.delete_stream, first["stream_id"])
    resp = setup.create(ctx, ctx.driver.poll_body(setup.events(ctx)))
    ctx.kept.first, ctx.kept.second = first, _json(resp)


@then("the new stream has a new stream_id and a new poll credential")
def fresh_identity(ctx):
    second = ctx.kept.second
    ctx.verify(d.check_fresh_identity(ctx.kept.first,
                                      second if isinstance(second, dict) else {}))


@when("the suite asks for a test event on the stream")
def test_event(ctx):
    ctx.kept.test = ctx.call(ctx.driver.verify, ctx.stream_id, None)


@then("the test answer is the documented one")
def test_answer(ctx):
    ctx.verify(d.check_test_answer(_json(ctx.kept.test)))


@then("the received SET carries a top-level sub_id")
def top_level_sub_id(ctx):
    ctx.verify(d.check_top_level_sub_id(ctx.received.claims if ctx.received else {}))


@when("the suite acknowledges that SET and polls again")
def ack_and_poll(ctx):
    jti = ctx.received.claims.get("jti") if ctx.received else None
    ctx.kept.acked = jti
    ctx.call(ctx.driver.poll, ctx.stream, ack=[jti] if jti else None)
    ctx.kept.again = ctx.call(ctx.driver.poll, ctx.stream, return_immediately=True)


@then("the acknowledged SET is not returned")
def acked_not_returned(ctx):
    again = _json(ctx.kept.again) or {}
    ctx.verify(d.check_acknowledged_not_returned(ctx.kept.acked, again.get("sets") or {}))


@given("a poll stream the transmitter made before it handed out poll credentials")
def stream_before_poll_credentials(ctx):
    created = _json(ctx.call(ctx.driver.stream_made_before_poll_credentials))
    if isinstance(created, dict) and isinstance(created.get("stream_id"), str):
        ctx.created.append(created["stream_id"])
        ctx.stream = ctx.driver.api.normalise(created)


@when("the suite polls that stream without a poll credential")
def poll_without_credential(ctx):
    ctx.kept.answered_with = ctx.call(ctx.driver.call_raw, "poll", token=ctx.driver.token,
                                      body=ctx.stream)


@then(parsers.parse("the poll without a credential was answered for requirement {requirement}"))
def poll_without_credential_answered(ctx, requirement):
    ctx.verify(d.check_answered_with(ctx.kept.answered_with, "no poll credential on a stream "
                                     "made before poll credentials", requirement=requirement))


@when(parsers.parse("the suite creates a stream requesting {action} as well"))
def create_with_other_event(ctx, action):
    body = ctx.driver.poll_body(setup.events(ctx) + [BY_ACTION[action].uri])
    ctx.kept.created = setup.create(ctx, body, record_as_stream=False)


@then(parsers.parse("{action} was refused or left out of the stream's events"))
def other_event_left_out(ctx, action):
    resp = ctx.kept.created
    ctx.verify(d.check_undocumented_event_left_out(
        resp, ctx.driver.api.normalise(_json(resp)), BY_ACTION[action].uri))


@then("every SET the stream delivered is of an event type in its events_delivered")
def delivered_within(ctx):
    if ctx.kept.delivery == "push":
        received = [p.claims() for p in pushed_since(ctx)]
    else:
        received = [s.claims for s in map(_decoded, ctx.polled.values()) if s is not None]
    ctx.verify(d.check_delivered_within(received, (ctx.stream or {}).get("events_delivered")
                                        or []))


def _decoded(token):
    try:
        return decode_set(token)
    except SETDecodeError:
        return None
