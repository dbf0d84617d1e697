"""Steps: the Software Statement Assertion of the trust directory
(features/directory/assertion.feature)."""
import time

from pytest_bdd import given, parsers, then, when

from harness.checks import directory as d
from harness.checks import directory_ssa as s
from harness.suite.directory_driver import INTERACTION_HEADER


@given("the suite has created a software statement")
def statement(dctx):
    resp = dctx.call(dctx.driver.create)
    dctx.require(d.check_statement_created(resp))
    dctx.statement_id = resp.json()["SoftwareStatementId"]


@given(parsers.parse("the software statement is made {status} in the directory"))
def statement_status(dctx, status):
    dctx.driver.set_statement_status(dctx.statement_id, status)


@given(parsers.parse("the suite's organisation is made {status} in the directory"))
def organisation_status(dctx, status):
    dctx.driver.set_organisation_status(status)
    dctx.cleanups.append(lambda: dctx.driver.set_organisation_status("Active"))


@when("the suite fetches the SSA of that software statement")
def fetch(dctx):
    dctx.call(dctx.driver.assertion, dctx.statement_id)


@when("the suite fetches the SSA with a fresh x-fapi-interaction-id")
def fetch_with_interaction_id(dctx):
    dctx.kept.interaction_id = dctx.driver.fresh_interaction_id()
    dctx.call(dctx.driver.assertion, dctx.statement_id,
              headers={INTERACTION_HEADER: dctx.kept.interaction_id})


@when("the suite fetches the SSA without credentials")
def fetch_anonymous(dctx):
    dctx.call(dctx.driver.assertion, dctx.statement_id, token=None)


def _token(dctx) -> str:
    return dctx.response.text.strip()


@then("the SSA is served as application/jwt")
def served(dctx):
    dctx.require(s.check_assertion_served(dctx.response))


@then("the SSA is signed with a key of the directory's JWKS")
def signed(dctx):
    dctx.verify(s.check_assertion_signature(_token(dctx), dctx.driver.jwks(),
                                            dctx.response.evidence))


@then("the SSA is at most 4,000 characters long")
def size(dctx):
    dctx.verify(s.check_assertion_size(_token(dctx), dctx.response.evidence))


@then("the SSA's claims follow the documented claim set")
def claims(dctx):
    dctx.verify(s.check_assertion_claims_schema(_token(dctx), dctx.response.evidence))


@then("the SSA describes the software statement asked for")
def describes(dctx):
    dctx.verify(s.check_assertion_describes_statement(
        _token(dctx), dctx.driver.access.organisation_id, dctx.statement_id,
        dctx.response.evidence))


@then("the SSA is not already expired")
def unexpired(dctx):
    dctx.verify(s.check_assertion_unexpired(_token(dctx), time.time(),
                                            evidence=dctx.response.evidence))


@then(parsers.parse("no SSA is issued because {why} for requirement {requirement}"))
def withheld(dctx, why, requirement):
    dctx.verify(s.check_assertion_withheld(dctx.response, why, requirement=requirement))
