"""JSON Schema registry over `schemas/`: validate a document against a named schema and get
every error with its JSON pointer, keyword and requirement IDs.

    from harness.schemas import validate, validate_set
    errors = validate("ssf/stream-status", body)        # [] when valid
    errors = validate_set(token, profile="interop")     # header + claims + event payloads

Schemas are loaded offline once and their validators compiled once (see registry.py).
"""
from harness.schemas.api import (
    RECOMMENDED_SET_SCHEMAS, SET_PROFILES, SETFormatError, event_schema_name, is_valid,
    schema_names, split_set, validate, validate_set, validate_set_recommended,
)
from harness.schemas.errors import SchemaError
from harness.schemas.registry import (
    BASE_URI, SCHEMAS_DIR, SchemaLoadError, SchemaStore, UnknownSchemaError, default_store, uri_for,
)

__all__ = [
    "BASE_URI", "RECOMMENDED_SET_SCHEMAS", "SCHEMAS_DIR", "SET_PROFILES", "SETFormatError",
    "SchemaError", "SchemaLoadError", "SchemaStore", "UnknownSchemaError", "default_store",
    "event_schema_name", "is_valid", "schema_names", "split_set", "uri_for", "validate",
    "validate_set", "validate_set_recommended",
]
