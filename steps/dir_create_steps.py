"""Steps: creating software statements at the trust directory (features/directory/create.feature)
and its access rules and headers (access.feature, headers.feature)."""
from pytest_bdd import parsers, then, when

from harness.checks import directory as d
from harness.suite.directory_driver import (
    AUTH_DATE_HEADER, INTERACTION_HEADER, broken_body, literal,
)


@when("the suite creates a software statement for its organisation")
def create(dctx):
    dctx.call(dctx.driver.create)


@when(parsers.parse("the suite creates a software statement with {member} set to {value}"))
def create_broken(dctx, member, value):
    dctx.call(dctx.driver.create, broken_body(member, value))


@when(parsers.parse("the suite creates a software statement in the organisation {organisation}"))
def create_in(dctx, organisation):
    dctx.call(dctx.driver.create, organisation_id=literal(organisation))


@when(parsers.parse("the suite creates a software statement sending the header {name} as "
                    "{value}"))
def create_with_header(dctx, name, value):
    dctx.call(dctx.driver.create, headers={name: literal(value)})


@when("the suite creates a software statement without credentials")
def create_anonymous(dctx):
    dctx.call(dctx.driver.create, token=None)


@when("the suite creates a software statement in an organisation its token may not act for")
def create_elsewhere(dctx):
    dctx.call(dctx.driver.create, organisation_id=dctx.driver.access.other_organisation_id)


@when("the suite sends one request more than the directory's declared capacity")
def exceed_capacity(dctx):
    dctx.call_each(dctx.driver.throttle_probe)


@when("the suite creates a software statement with a fresh x-fapi-interaction-id")
def create_with_interaction_id(dctx):
    dctx.kept.interaction_id = dctx.driver.fresh_interaction_id()
    dctx.call(dctx.driver.create, headers={INTERACTION_HEADER: dctx.kept.interaction_id})


@when("the suite sends a malformed request with a fresh x-fapi-interaction-id")
def bad_request_with_interaction_id(dctx):
    dctx.kept.interaction_id = dctx.driver.fresh_interaction_id()
    dctx.call(dctx.driver.create, headers={INTERACTION_HEADER: dctx.kept.interaction_id,
                                           AUTH_DATE_HEADER: "yesterday"})


@then("the software statement is created")
def created(dctx):
    dctx.require(d.check_statement_created(dctx.response))


@then("the created statement follows the documented schema")
def created_schema(dctx):
    dctx.verify(d.check_created_statement_schema(dctx.response))


@then("the created statement reports its OperationWarnings")
def operation_warnings(dctx):
    dctx.verify(d.check_operation_warnings_reported(dctx.response))


@then(parsers.parse("the request breaking {constraint} is refused with 400 for requirement "
                    "{requirement}"))
def refused(dctx, constraint, requirement):
    dctx.verify(d.check_invalid_request_refused(dctx.response, constraint,
                                                requirement=requirement))


@then(parsers.parse("the validation errors name {field}"))
def errors_name(dctx, field):
    dctx.verify(d.check_validation_errors_name_field(dctx.response, field))


@then("the call is refused for want of credentials")
def unauthenticated(dctx):
    dctx.verify(d.check_credentials_required(dctx.response))


@then("the call is forbidden for that organisation")
def forbidden(dctx):
    dctx.verify(d.check_other_organisation_forbidden(dctx.response))


@then("the directory throttled the requests beyond its capacity")
def throttled(dctx):
    dctx.verify(d.check_throttled(dctx.responses, dctx.driver.access.rate_limit_requests))


@then("the response carries an x-fapi-interaction-id")
def interaction_id_present(dctx):
    dctx.verify(d.check_interaction_id_present(dctx.response))


@then("the response returns the request's x-fapi-interaction-id")
def interaction_id_echoed(dctx):
    dctx.verify(d.check_interaction_id_echoed(dctx.response, dctx.kept.interaction_id))
