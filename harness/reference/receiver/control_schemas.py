"""JSON Schemas of the control endpoints' request bodies (validated with jsonschema)."""
from __future__ import annotations

from jsonschema import Draft202012Validator

from harness.reference.receiver.errors import ApiError
from harness.ssf.constants import STATUS_VALUES

_STR = {"type": "string", "minLength": 1}
_SUBJECT = {"type": "object", "required": ["format"], "properties": {"format": _STR}}

SCHEMAS = {
    "create_stream": {
        "type": "object", "additionalProperties": False,
        "properties": {"delivery": {"enum": ["push", "poll"]},
                       "events_requested": {"type": "array", "items": _STR, "minItems": 1},
                       "description": {"type": "string"},
                       "start_poller": {"type": "boolean"}},
    },
    "verify": {"type": "object", "additionalProperties": False,
               "properties": {"stream_id": _STR, "state": _STR}},
    "patch": {"type": "object", "minProperties": 1,
              "properties": {"stream_id": _STR, "events_requested": {"type": "array",
                                                                      "items": _STR}}},
    "replace": {"type": "object", "additionalProperties": False,
                "properties": {"stream_id": _STR, "description": {"type": "string"},
                               "events_requested": {"type": "array", "items": _STR}}},
    "status": {"type": "object", "additionalProperties": False, "required": ["status"],
               "properties": {"stream_id": _STR, "status": {"enum": list(STATUS_VALUES)},
                              "reason": {"type": "string"}}},
    "subject": {"type": "object", "additionalProperties": False, "required": ["subject"],
                "properties": {"stream_id": _STR, "subject": _SUBJECT,
                               "verified": {"type": "boolean"}}},
    "poll": {"type": "object", "additionalProperties": False,
             "properties": {"endpoint_url": _STR,
                            "max_events": {"type": "integer", "minimum": 0},
                            "return_immediately": {"type": "boolean"}}},
    "poller": {"type": "object", "additionalProperties": False, "required": ["enabled"],
               "properties": {"enabled": {"type": "boolean"}, "endpoint_url": _STR}},
    "user": {
        "type": "object", "additionalProperties": False,
        "anyOf": [{"required": ["email"]}, {"required": ["phone_number"]},
                  {"required": ["opaque_id"]}, {"required": ["iss", "sub"]}],
        "properties": {
            "email": _STR, "phone_number": {"type": "string", "pattern": r"^\+[1-9]\d{1,14}$"},
            "iss": _STR, "sub": _STR, "opaque_id": _STR,
            "account_state": {"enum": ["enabled", "disabled"]},
            "sessions": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["id"],
                "properties": {"id": _STR, "device_id": _STR}}},
            "credentials": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["type"],
                "properties": {"type": _STR}}},
        },
    },
}

_VALIDATORS = {name: Draft202012Validator(schema) for name, schema in SCHEMAS.items()}


def check(name: str, body: dict) -> dict:
    """Raise a 400 naming the first problem (by path) when `body` breaks schema `name`."""
    errors = sorted(_VALIDATORS[name].iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "body"
        raise ApiError(400, "invalid_request", f"{where}: {first.message}"[:300])
    return body
