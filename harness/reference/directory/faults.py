"""Fault switches of the reference trust directory (see harness/reference/faults.py).

Each name is a real, minimal defect the directory shows when the name is in `config.faults`;
a directory-role conformance check must be able to catch it (features/directory; the kills are
declared in harness/selftest/kills_directory.yaml). They are in the global registry
(harness.reference.faults.registry) with role "directory".

Not a fault: a 429 without Retry-After. RFC 6585 §4 says a 429 "MAY include a Retry-After
header" and the seed pages say nothing more, so a directory that omits it is conformant (the
reference sends it anyway).
"""
from harness.reference.faults import Fault

_ROLE = "directory"

_DEFECTS = {
    # The assertion (SSA)
    "ssa-wrong-media-type": "the assertion is served as text/plain instead of application/jwt",
    "ssa-unsigned": "the assertion is an unsecured JWT (alg none, empty signature)",
    "ssa-bad-signature": "the assertion is signed with a key that is not in the directory JWKS"
                         " (same kid)",
    "ssa-too-long": "the assertion carries padding that makes it longer than 4,000 characters",
    "ssa-no-iss": "the assertion omits iss",
    "ssa-expired": "the assertion's exp lies before its iat: it is expired when issued",
    "ssa-wrong-software-id": "software_id names another id than the requested software statement",
    "ssa-software-status-ignored": "assertions are issued for Inactive and Suspended software",
    "ssa-org-status-ignored": "assertions are issued for Pending and Withdrawn organisations",
    # Headers
    "interaction-id-not-echoed": "a valid x-fapi-interaction-id is replaced by a new one",
    "interaction-id-missing": "responses carry no x-fapi-interaction-id",
    "auth-date-not-validated": "a malformed x-fapi-auth-date is accepted",
    # Create validation
    "create-accepts-long-id": "an OrganisationId longer than 40 characters is not refused with 400",
    "create-accepts-markup": "text members holding < or > are accepted (^[^<>]*$ not enforced)",
    "create-accepts-bad-uri": "URI members failing their patterns are accepted",
    "create-accepts-unknown-enum": "Mode, TokenEndpointAuthMethod, IdTokenSignedResponseAlgorithm"
                                   " and role Status accept values outside their lists",
    "create-errors-unnamed": "400 bodies say only 'invalid request', naming no field",
    "statement-create-returns-200": "creation answers 200 instead of 201",
    "create-no-operation-warnings": "the 201 body omits OperationWarnings",
    "create-body-wrong-types": "the 201 body reports Locked and RtsClientCreated as strings"
                               " ('false') instead of booleans",
    # Access
    "auth-not-required": "requests without a bearer token are served",
    "cross-organisation-allowed": "a token may act for any organisation (no 403)",
    "rate-limit-ignored": "the configured rate limit is never enforced (no 429)",
}

FAULTS: dict[str, Fault] = {name: Fault(name, _ROLE, text) for name, text in _DEFECTS.items()}
