"""Passing and failing examples of the trust-directory checks (harness/checks/directory.py and
directory_ssa.py); the branches are in tests/checks/test_directory_checks.py."""
import time

from harness.checks import directory as d
from harness.checks import directory_ssa as s
from harness.jose import SigningKey, sign_set
from tests.checks.helpers import resp

KEY = SigningKey.generate("RS256", kid="dir-1")
ROGUE = SigningKey.generate("RS256", kid="dir-1")
JWKS = {"keys": [KEY.public_jwk()]}
UUID = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
STATEMENT = {"SoftwareStatementId": "25556d5a-b9dd-4e27-aa1a-cce732fe74de",
             "OperationWarnings": [], "Locked": False, "Mode": "Test"}
NOW = time.time()
CLAIMS = {"iss": "https://dir.example", "iat": int(NOW), "exp": int(NOW) + 600,
          "software_id": "s-1", "org_id": "org-1", "software_mode": "Test",
          "org_status": "Active"}


def ssa(key=KEY, **over) -> str:
    claims = {k: v for k, v in {**CLAIMS, **over}.items() if v is not None}
    return sign_set(claims, key, header={"typ": "JWT"})


CASES = {
    "check_statement_created": (
        lambda: d.check_statement_created(resp(201, STATEMENT)),
        lambda: d.check_statement_created(resp(200, STATEMENT))),
    "check_created_statement_schema": (
        lambda: d.check_created_statement_schema(resp(201, STATEMENT)),
        lambda: d.check_created_statement_schema(resp(201, {**STATEMENT, "Locked": "false"}))),
    "check_operation_warnings_reported": (
        lambda: d.check_operation_warnings_reported(resp(201, STATEMENT)),
        lambda: d.check_operation_warnings_reported(resp(201, {"SoftwareStatementId": "x"}))),
    "check_invalid_request_refused": (
        lambda: d.check_invalid_request_refused(resp(400, {"errors": ["Mode: bad"]}),
                                                "Mode Sandbox", requirement="DIR-CREATE-04"),
        lambda: d.check_invalid_request_refused(resp(201, STATEMENT), "Mode Sandbox",
                                                requirement="DIR-CREATE-04")),
    "check_validation_errors_name_field": (
        lambda: d.check_validation_errors_name_field(
            resp(400, {"errors": ["ClientName: too long"]}), "ClientName"),
        lambda: d.check_validation_errors_name_field(
            resp(400, {"errors": ["invalid request"]}), "ClientName")),
    "check_credentials_required": (
        lambda: d.check_credentials_required(resp(401, {"errors": []})),
        lambda: d.check_credentials_required(resp(201, STATEMENT))),
    "check_other_organisation_forbidden": (
        lambda: d.check_other_organisation_forbidden(resp(403, {"errors": []})),
        lambda: d.check_other_organisation_forbidden(resp(201, STATEMENT))),
    "check_throttled": (
        lambda: d.check_throttled([resp(201, STATEMENT), resp(429, {"errors": []})], 1),
        lambda: d.check_throttled([resp(201, STATEMENT), resp(201, STATEMENT)], 1)),
    "check_interaction_id_present": (
        lambda: d.check_interaction_id_present(resp(201, STATEMENT, headers={
            "x-fapi-interaction-id": UUID})),
        lambda: d.check_interaction_id_present(resp(201, STATEMENT))),
    "check_interaction_id_echoed": (
        lambda: d.check_interaction_id_echoed(resp(201, STATEMENT, headers={
            "x-fapi-interaction-id": UUID}), UUID),
        lambda: d.check_interaction_id_echoed(resp(201, STATEMENT, headers={
            "x-fapi-interaction-id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}), UUID)),
    "check_assertion_served": (
        lambda: s.check_assertion_served(resp(200, ssa(), "application/jwt")),
        lambda: s.check_assertion_served(resp(200, ssa(), "text/plain"))),
    "check_assertion_signature": (
        lambda: s.check_assertion_signature(ssa(), JWKS),
        lambda: s.check_assertion_signature(ssa(ROGUE), JWKS)),
    "check_assertion_size": (
        lambda: s.check_assertion_size(ssa()),
        lambda: s.check_assertion_size(ssa(software_padding="x" * 4000))),
    "check_assertion_claims_schema": (
        lambda: s.check_assertion_claims_schema(ssa()),
        lambda: s.check_assertion_claims_schema(ssa(iss=None))),
    "check_assertion_describes_statement": (
        lambda: s.check_assertion_describes_statement(ssa(), "org-1", "s-1"),
        lambda: s.check_assertion_describes_statement(ssa(), "org-1", "s-2")),
    "check_assertion_unexpired": (
        lambda: s.check_assertion_unexpired(ssa(), NOW),
        lambda: s.check_assertion_unexpired(ssa(exp=int(NOW) - 60), NOW)),
    "check_assertion_withheld": (
        lambda: s.check_assertion_withheld(resp(403, {"errors": []}), "the software is Inactive",
                                           requirement="SSA-07"),
        lambda: s.check_assertion_withheld(resp(200, ssa(), "application/jwt"),
                                           "the software is Inactive", requirement="SSA-07")),
}
