"""Input validation with the schemas under schemas/directory: one rule in one place.

The directory and the conformance suite read the same schema files, so what the directory
refuses is exactly what the suite expects to be refused. Each schema error becomes one
`"<field>: <message>"` line of the 400 body's `errors` (messages never repeat the value).
"""
from __future__ import annotations

from typing import Callable

from starlette.requests import Request

from harness.reference.directory.config import DirectoryConfig
from harness.reference.directory.httputil import bad_request
from harness.schemas import SchemaError, is_valid, validate

CREATE_REQUEST = "directory/create-software-statement-request"
CREATE_PATH = "directory/create-path"
ASSERTION_PATH = "directory/assertion-path"
REQUEST_HEADERS = "directory/request-headers"
INTERACTION_ID = "directory/interaction-id"
VALIDATED_HEADERS = ("x-fapi-auth-date",)
_MARKUP_RULE = "^[^<>]*$"

# Fault switches that make the directory skip some of the schema's rules.
_SKIPPED_BY_FAULT: dict[str, Callable[[SchemaError], bool]] = {
    "create-accepts-long-id": lambda e: e.pointer == "/OrganisationId" and e.keyword == "maxLength",
    "create-accepts-markup": lambda e: e.keyword == "pattern" and _MARKUP_RULE in e.message,
    "create-accepts-bad-uri": lambda e: e.keyword == "pattern" and _MARKUP_RULE not in e.message,
    "create-accepts-unknown-enum": lambda e: e.keyword == "enum",
    "auth-date-not-validated": lambda e: e.pointer == "/x-fapi-auth-date",
}


def _field(pointer: str) -> str:
    return pointer.lstrip("/").replace("~1", "/").replace("~0", "~") or "body"


def error_lines(schema: str, instance, config: DirectoryConfig) -> list[str]:
    errors = [e for e in validate(schema, instance)
              if not any(config.fault(name) and skip(e)
                         for name, skip in _SKIPPED_BY_FAULT.items())]
    return [f"{_field(e.pointer)}: {e.message}" for e in errors]


def refuse_if_invalid(schema: str, instance, config: DirectoryConfig) -> None:
    lines = error_lines(schema, instance, config)
    if lines:
        if config.fault("create-errors-unnamed"):
            lines = ["invalid request"]
        raise bad_request(*lines)


def check_headers(request: Request, config: DirectoryConfig) -> None:
    """x-fapi-auth-date must match its documented pattern when sent (both seed pages)."""
    headers = {}
    for name in VALIDATED_HEADERS:
        values = request.headers.getlist(name)
        if len(values) > 1:
            raise bad_request(f"{name}: must be sent once")
        if values:
            headers[name] = values[0]
    refuse_if_invalid(REQUEST_HEADERS, headers, config)


def is_interaction_id(value: str | None) -> bool:
    return value is not None and is_valid(INTERACTION_ID, value)
