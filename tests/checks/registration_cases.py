"""Passing and failing examples of the registration checks (harness/checks/registration.py and
receiver_registration.py); the branches are in tests/checks/test_registration_checks.py."""
import json

from harness.checks import receiver_registration as rr
from harness.checks import registration as r
from tests.checks.directory_cases import ssa
from tests.checks.helpers import resp

INFO = {"client_id": "c-1", "client_secret": "s", "client_secret_expires_at": 0,
        "software_id": "s-1"}
REFUSED = {"error": "invalid_software_statement", "error_description": "bad signature"}
BODY = json.dumps({"software_statement": ssa()}).encode()

CASES = {
    "check_registration_created": (
        lambda: r.check_registration_created(resp(201, INFO)),
        lambda: r.check_registration_created(resp(200, INFO))),
    "check_client_information": (
        lambda: r.check_client_information(INFO),
        lambda: r.check_client_information({"client_id": "c-1", "client_secret": "s"})),
    "check_statement_metadata_prevails": (
        lambda: r.check_statement_metadata_prevails(INFO, {"software_id": "s-1"}, "override"),
        lambda: r.check_statement_metadata_prevails({**INFO, "software_id": "override"},
                                                    {"software_id": "s-1"}, "override")),
    "check_software_statement_refused": (
        lambda: r.check_software_statement_refused(resp(400, REFUSED), "tampered"),
        lambda: r.check_software_statement_refused(resp(201, INFO), "tampered")),
    "check_registration_error_body": (
        lambda: r.check_registration_error_body(resp(400, REFUSED)),
        lambda: r.check_registration_error_body(resp(400, "refused", "text/plain"))),
    "check_registration_error_code": (
        lambda: r.check_registration_error_code(resp(400, REFUSED), "tampered"),
        lambda: r.check_registration_error_code(
            resp(400, {"error": "invalid_client_metadata"}), "tampered")),
    "check_registered_credentials_obtain_token": (
        lambda: r.check_registered_credentials_obtain_token(resp(200, {"access_token": "t"})),
        lambda: r.check_registered_credentials_obtain_token(
            resp(401, {"error": "invalid_client"}))),
    "check_registered_client_manages_streams": (
        lambda: r.check_registered_client_manages_streams(resp(201, {"stream_id": "s"})),
        lambda: r.check_registered_client_manages_streams(
            resp(403, {"error": "insufficient_scope"}))),
    "check_client_configuration_readable": (
        lambda: r.check_client_configuration_readable(resp(200, INFO), "c-1"),
        lambda: r.check_client_configuration_readable(resp(401, {"error": "invalid_token"}),
                                                      "c-1")),
    "check_registration_request": (
        lambda: rr.check_registration_request("POST", "application/json", BODY),
        lambda: rr.check_registration_request("POST", "application/x-www-form-urlencoded",
                                              b"software_statement=x")),
    "check_stream_created_by_registered_client": (
        lambda: rr.check_stream_created_by_registered_client("dcr-1", ["dcr-1"], True),
        lambda: rr.check_stream_created_by_registered_client("receiver-under-test", ["dcr-1"],
                                                             True)),
}
