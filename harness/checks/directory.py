"""Checks on a trust directory's create call, its access rules and its headers
(seeds/directory-create-software-statement.txt; the same responses on the assertion page).

The seed pages give each parameter's constraints ("Possible values: ... Value must match
regular expression ...") and list the responses 201, 400 ("Validation Error messages",
`{"errors": ["string"]}`), 401, 403, 429, 500, 502 and 504, each with the
`x-fapi-interaction-id` response header. Schemas: schemas/directory.
"""
from __future__ import annotations

from harness.checks.base import (
    NOT_JSON, Outcome, Response, check, expect_status, fail, json_body, ok,
)
from harness.schemas import is_valid, validate


@check("DIR-CREATE-01")
def check_statement_created(resp: Response) -> Outcome:
    """Seed (create page), responses: "201 ... Get the software statements with the given id":
    a create answers 201 with the software statement, which has its SoftwareStatementId."""
    if resp.status != 201:
        return fail("creating a software statement did not answer 201", 201, resp.status,
                    resp.evidence)
    body = json_body(resp)
    if not isinstance(body, dict) or not isinstance(body.get("SoftwareStatementId"), str):
        return fail("the 201 body is not a software statement with a SoftwareStatementId",
                    "JSON object with SoftwareStatementId",
                    "not JSON" if body is NOT_JSON else body, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DIR-CREATE-02")
def check_created_statement_schema(resp: Response) -> Outcome:
    """Seed (create page): the 201 body's members, with their types, lists, lengths and
    patterns (schemas/directory/software-statement)."""
    body = json_body(resp)
    errors = validate("directory/software-statement", body) if body is not NOT_JSON else None
    if errors is None or errors:
        found = "not JSON" if errors is None else [f"{e.pointer or '/'}: {e.message}"
                                                   for e in errors[:5]]
        return fail("the 201 body does not follow the documented software-statement schema",
                    "schemas/directory/software-statement", found, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DIR-CREATE-03")
def check_operation_warnings_reported(resp: Response) -> Outcome:
    """Seed (create page): the 201 body documents `OperationWarnings` (its example carries
    IMAGE_UPLOAD_FAILURE_PLACEHOLDER_USED), the caller's only sign that a member was replaced."""
    body = json_body(resp)
    if not isinstance(body, dict) or not isinstance(body.get("OperationWarnings"), list):
        return fail("the 201 body reports no OperationWarnings array", "OperationWarnings: [...]",
                    sorted(body) if isinstance(body, dict) else body, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DIR-CREATE-04", "DIR-CREATE-05", per_call=True)
def check_invalid_request_refused(resp: Response, broken: str) -> Outcome:
    """Seed: each parameter's "Possible values" (lengths, `^[^<>]*$`, URI patterns, enums;
    `x-fapi-auth-date` "must match regular expression ...") and "400 Bad Request ... Validation
    Error messages": a request breaking one is refused with 400. `broken` says which."""
    return expect_status(resp, 400, f"a request with {broken} was not refused with 400")


@check("DIR-ERR-01", "DIR-ERR-02")
def check_validation_errors_name_field(resp: Response, field: str) -> Outcome:
    """Seed: the 400 body is "Validation Error messages", `{"errors": ["string"]}`
    (DIR-ERR-01, MUST); a message that names the offending member (DIR-ERR-02, SHOULD) tells
    the caller what to fix. `field` is the member the request broke (e.g. "ClientName")."""
    body = json_body(resp)
    if not is_valid("directory/errors", body):
        return fail("the 400 body is not {\"errors\": [\"...\"]}", {"errors": ["..."]},
                    "not JSON" if body is NOT_JSON else body, resp.evidence, only="DIR-ERR-01")
    if not any(field in message for message in body["errors"]):
        return fail(f"no error message names {field}", f"a message naming {field}",
                    body["errors"], resp.evidence, only="DIR-ERR-02")
    return ok(evidence=resp.evidence)


@check("DIR-AUTH-01")
def check_credentials_required(resp: Response) -> Outcome:
    """Seed (both pages), responses: "401 Unauthorized": a call without credentials is
    refused."""
    return expect_status(resp, 401, "a call without credentials was not refused with 401")


@check("DIR-AUTH-02")
def check_other_organisation_forbidden(resp: Response) -> Outcome:
    """Seed (both pages), responses: "403 Forbidden": credentials may not act for an
    organisation that is not theirs."""
    return expect_status(resp, 403, "a token acted for an organisation that is not its own")


@check("DIR-RATE-01")
def check_throttled(responses: list[Response], capacity: int) -> Outcome:
    """Seed (both pages): "429 Too many requests, maximum capacity reached. Requests are now
    throttled." `responses` are capacity + 1 requests sent within one window of the profile's
    declared capacity."""
    statuses = [r.status for r in responses]
    if 429 not in statuses:
        return fail(f"{len(responses)} requests within the window of a declared capacity of"
                    f" {capacity} were not throttled", "a 429", statuses,
                    tuple(e for r in responses for e in r.evidence))
    return ok(evidence=responses[statuses.index(429)].evidence)


@check("DIR-HDR-01")
def check_interaction_id_present(resp: Response) -> Outcome:
    """Seed (both pages): every response lists the `x-fapi-interaction-id` header, the
    request's "RFC4122 UID used as a correlation id"; without one sent, the directory's own."""
    value = resp.header("x-fapi-interaction-id")
    if value is None or not is_valid("directory/interaction-id", value):
        return fail("the response carries no RFC 4122 x-fapi-interaction-id",
                    "x-fapi-interaction-id: <UUID>", value, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DIR-HDR-02")
def check_interaction_id_echoed(resp: Response, sent: str) -> Outcome:
    """Seed (both pages): the request's x-fapi-interaction-id is "a correlation id"; it
    correlates only when the response carries the same value."""
    value = resp.header("x-fapi-interaction-id")
    if value is None or value.lower() != sent.lower():
        return fail("the response does not return the request's x-fapi-interaction-id", sent,
                    value, resp.evidence)
    return ok(evidence=resp.evidence)
