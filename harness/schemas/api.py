"""Validate documents and SETs against the named schemas; every error, not just the first."""
from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping

from harness.schemas.errors import SchemaError, convert
from harness.schemas.registry import SchemaStore, default_store, uri_for
from harness.ssf.events import event_by_uri

# Which header / claims schemas a SET is held to. "interop" adds the CAEP Interoperability
# Profile's MUSTs (RS256, exactly one event, reason_admin in its two use cases).
SET_PROFILES: dict[str, tuple[str, str]] = {
    "ssf": ("set/header", "set/claims"),
    "interop": ("interop/set-header", "interop/set-claims"),
}
RECOMMENDED_SET_SCHEMAS = ("set/header-recommended", "set/claims-recommended")


def schema_names(store: SchemaStore | None = None) -> list[str]:
    return (store or default_store()).names()


def validate(name: str, instance, store: SchemaStore | None = None,
             prefix: str = "") -> list[SchemaError]:
    """All errors of `instance` against schema `name` (empty list: valid).

    Raises `UnknownSchemaError` for a name not in `schema_names()`.
    """
    store = store or default_store()
    validator = store.validator(name)
    errors: dict[tuple, SchemaError] = {}
    for raw in store.engine.errors(validator, instance):
        for error in convert(store.registry, uri_for(name), raw, prefix, store.notes_cache,
                             instance):
            # The same failure reached along two paths (e.g. a member required by two schemas)
            # is one error; keep the one naming requirements, whatever the engine's order.
            key = (error.pointer, error.keyword, error.message)
            kept = errors.get(key)
            if kept is None or _rank(error) < _rank(kept):
                errors[key] = error
    return sorted(errors.values(), key=lambda e: (e.pointer, e.schema_path))


def _rank(error: SchemaError) -> tuple:
    return (not error.requirements, error.schema_path)


def is_valid(name: str, instance, store: SchemaStore | None = None) -> bool:
    store = store or default_store()
    return store.engine.is_valid(store.validator(name), instance)


def event_schema_name(uri: str) -> str | None:
    """The payload schema of an event type URI (None for event types we do not know)."""
    event = event_by_uri(uri)
    return event.schema_name if event else None


class SETFormatError(ValueError):
    """The token is not a compact JWS whose header and payload are JSON objects."""


_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def _b64url_json(segment: str, what: str) -> dict:
    # Only parsing: signatures are harness.jose's job. The alphabet check comes first because
    # base64's decoder silently drops characters outside it.
    if not _B64URL.match(segment):
        raise SETFormatError(f"the {what} is not base64url")
    try:
        value = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SETFormatError(f"the {what} is not base64url-encoded JSON") from exc
    if not isinstance(value, dict):
        raise SETFormatError(f"the {what} is not a JSON object")
    return value


def split_set(token_or_decoded) -> tuple[dict, dict]:
    """(header, claims) of a compact token, a decoded SET (`.header`/`.claims`), or a mapping.

    Only splits and parses; it never verifies a signature (use harness.jose.verify_set for that).
    """
    if isinstance(token_or_decoded, Mapping):
        return token_or_decoded.get("header"), token_or_decoded.get("claims")
    if hasattr(token_or_decoded, "header") and hasattr(token_or_decoded, "claims"):
        return token_or_decoded.header, token_or_decoded.claims
    token = token_or_decoded
    if isinstance(token, bytes):
        token = token.decode("ascii", errors="replace")
    if not isinstance(token, str):
        raise SETFormatError("a SET is a compact JWS string")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise SETFormatError(f"a compact JWS has 3 dot-separated parts, not {len(parts)}")
    return _b64url_json(parts[0], "JOSE header"), _b64url_json(parts[1], "claims set")


def _validate_parts(names: tuple[str, str], token_or_decoded,
                    store: SchemaStore | None) -> list[SchemaError]:
    try:
        header, claims = split_set(token_or_decoded)
    except SETFormatError as exc:
        return [SchemaError("", str(exc), "jws", "", ("JOSE-03", "PUSH-04"))]
    header_name, claims_name = names
    return (validate(header_name, header, store, prefix="/header")
            + validate(claims_name, claims, store, prefix="/claims"))


def validate_set(token_or_decoded, profile: str = "ssf",
                 store: SchemaStore | None = None) -> list[SchemaError]:
    """MUST-level errors of a SET: JOSE header, claims, and each event payload chosen by its URI.

    Pointers start with `/header` or `/claims`. `profile` is "ssf" (bare SSF 1.0) or "interop"
    (CAEP Interoperability Profile on top).
    """
    if profile not in SET_PROFILES:
        raise ValueError(f"unknown SET profile {profile!r}; expected one of {sorted(SET_PROFILES)}")
    return _validate_parts(SET_PROFILES[profile], token_or_decoded, store)


def validate_set_recommended(token_or_decoded,
                             store: SchemaStore | None = None) -> list[SchemaError]:
    """SHOULD-level findings of a SET (level "SHOULD"); run after `validate_set`."""
    return _validate_parts(RECOMMENDED_SET_SCHEMAS, token_or_decoded, store)
