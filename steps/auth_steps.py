"""Steps: management API authorization (features/transmitter/auth.feature)."""
from pytest_bdd import given, parsers, then, when

from harness.checks import errors as e

UNKNOWN = "ssf-suite-unknown-stream"


@when(parsers.parse("the suite calls the {endpoint} endpoint without credentials"))
def call_without_credentials(ctx, endpoint):
    operation = {"configuration": "list", "status": "status_read"}.get(endpoint, "verify")
    ctx.call(ctx.driver.call_raw, operation, token=None,
             stream_id=None if operation == "list" else UNKNOWN)


@when("the suite lists streams with its access token in the query string")
def list_with_query_token(ctx):
    ctx.call(ctx.driver.call_raw, "list", token=None, query={"access_token": ctx.driver.token})


@when("the suite lists streams with the read-only token")
def list_read_only(ctx):
    ctx.call(ctx.driver.read_stream, token=ctx.session.creds.read_only)


@when("the suite creates a push stream with the read-only token")
def create_read_only(ctx):
    body = ctx.driver.push_body(ctx.push_key, list(ctx.driver.metadata.get("events_supported")
                                                   or []))
    resp = ctx.call(ctx.driver.create_stream, body, token=ctx.session.creds.read_only)
    if resp.status == 201:
        ctx.created.append(resp.json().get("stream_id"))


@given("the suite obtains an access token with the client-credentials grant")
def oauth_token(ctx):
    resp = ctx.call(ctx.driver.client_credentials_token, "ssf.read ssf.manage")
    ctx.kept.token_response = resp
    ctx.kept.oauth_token = resp.json().get("access_token") if resp.status == 200 else None


@when("the suite lists streams with that access token")
def list_with_oauth(ctx):
    ctx.call(ctx.driver.read_stream, token=ctx.kept.oauth_token or "missing-token")


@then(parsers.parse("the response status is 401 for requirement {requirement}"))
def status_401(ctx, requirement):
    ctx.verify(e.check_unauthenticated_401(ctx.response, requirement=requirement))


@then(parsers.parse("the {operation} call with the invalid token is refused for requirement "
                    "{requirement}"))
def invalid_token_refused(ctx, operation, requirement):
    # An update may be judged on its body before its token: 400 is accepted there.
    ctx.verify(e.check_unauthenticated_401(ctx.response, tolerate_400=operation == "update",
                                           requirement=requirement))


@then("the 401 response carries a Bearer challenge")
def bearer_challenge(ctx):
    ctx.verify(e.check_www_authenticate_bearer(ctx.response))


@then(parsers.parse('the 401 challenge says error="invalid_token" for requirement {requirement}'))
def invalid_token_challenge(ctx, requirement):
    ctx.verify(e.check_invalid_token_challenge(ctx.response, requirement=requirement))


@then("the query-string token was not accepted")
def query_refused(ctx):
    ctx.verify(e.check_query_token_refused(ctx.response))


@then(parsers.parse("the token may read streams for requirement {requirement}"))
def may_read(ctx, requirement):
    ctx.verify(e.check_read_scope_can_read(ctx.response, requirement=requirement))


@then("the read-only token may not manage streams")
def may_not_manage(ctx):
    ctx.verify(e.check_insufficient_scope_403(ctx.response))


def _as_second(ctx, fn, *args):
    return ctx.call(fn, *args, token=ctx.session.creds.second)


@then("the second receiver cannot read the stream")
def second_read(ctx):
    ctx.verify(e.check_foreign_stream_refused(_as_second(ctx, ctx.driver.read_stream,
                                                          ctx.stream_id)))


@then("the second receiver cannot update the stream")
def second_update(ctx):
    body = {"stream_id": ctx.stream_id, "description": "hijacked"}
    ctx.verify(e.check_foreign_stream_refused(_as_second(ctx, ctx.driver.update_stream, body)))


@then("the second receiver cannot delete the stream")
def second_delete(ctx):
    ctx.verify(e.check_foreign_stream_refused(_as_second(ctx, ctx.driver.delete_stream,
                                                          ctx.stream_id)))


@then("the second receiver cannot read the stream's status")
def second_status(ctx):
    ctx.verify(e.check_foreign_stream_refused(_as_second(ctx, ctx.driver.read_status,
                                                          ctx.stream_id)))


@then("the second receiver's stream list does not include the stream")
def second_list(ctx):
    from harness.checks import streams as s
    resp = _as_second(ctx, ctx.driver.read_stream)
    ctx.verify(s.check_list_excludes(resp, ctx.stream_id))
