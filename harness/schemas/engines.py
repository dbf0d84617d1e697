"""Two validation engines behind one interface, both fed the same offline schemas.

* `python`: jsonschema (Draft202012Validator + FORMAT_CHECKER) over the `referencing` registry.
* `rust`: jsonschema-rs, about 100x faster, used when it is installed. Its format checks are
  jsonschema's own checkers, so both engines judge formats alike; the corpus tests run every
  sample through every available engine and demand identical errors.

Each engine reports `RawError`s; errors.py turns them into `SchemaError`s.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from jsonschema import Draft202012Validator
from jsonschema import validators as jsonschema_validators
from jsonschema.exceptions import ValidationError

try:  # optional: a much faster validator
    import jsonschema_rs
except ImportError:  # pragma: no cover - depends on the environment
    jsonschema_rs = None

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


@dataclass
class RawError:
    instance_path: tuple
    schema_path: tuple  # from the root schema; "$ref" hops explicit only if refs_explicit
    refs_explicit: bool
    keyword: str  # e.g. "required", "pattern"; "false" for a false schema
    instance: object
    target: object = None  # python engine: the failing subschema (for the path search)
    missing: tuple = ()  # required / dependentRequired: the missing member
    extras: tuple = ()  # additionalProperties false: the unexpected members
    member_name: object = None  # propertyNames: the offending member name


def available_engines() -> list[str]:
    return ["python"] + (["rust"] if jsonschema_rs is not None else [])


def default_engine() -> str:
    wanted = os.environ.get("SSF_SCHEMA_ENGINE", "auto")
    if wanted == "auto":
        return "rust" if jsonschema_rs is not None else "python"
    if wanted not in available_engines():
        raise RuntimeError(f"SSF_SCHEMA_ENGINE={wanted!r} is not available "
                           f"(available: {available_engines()})")
    return wanted


@lru_cache(maxsize=512)
def _ecma_regex(pattern: str) -> re.Pattern:
    """Compile a JSON Schema (ECMA-262) pattern for Python's `re`.

    The one difference that matters for our patterns: Python's `$` also matches just before a
    trailing newline, ECMA's only at the very end, so "+12065550100\\n" would pass `^...$`.
    """
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"(?![\s\S])")
        else:
            out.append(char)
    return re.compile("".join(out))


def _pattern(validator, patrn, instance, schema):
    if validator.is_type(instance, "string") and not _ecma_regex(patrn).search(instance):
        yield ValidationError(f"does not match {patrn!r}")


# jsonschema with ECMA end-of-input semantics for `pattern` (see _ecma_regex).
_PythonValidator = jsonschema_validators.extend(Draft202012Validator, {"pattern": _pattern})


class PythonEngine:
    name = "python"

    def __init__(self, registry):
        self.registry = registry

    def compile(self, schema: dict):
        return _PythonValidator(schema, registry=self.registry, format_checker=FORMAT_CHECKER)

    def is_valid(self, validator, instance) -> bool:
        return validator.is_valid(instance)

    def errors(self, validator, instance):
        for error in validator.iter_errors(instance):
            keyword = error.validator if isinstance(error.validator, str) else "false"
            path = tuple(error.absolute_schema_path)
            raw = RawError(tuple(error.absolute_path), path, False, keyword, error.instance,
                           target=error.schema)
            if keyword in ("required", "dependentRequired"):
                # One error per missing member; its message starts with the member's repr.
                wanted = (error.validator_value if keyword == "required"
                          else [n for deps in error.validator_value.values() for n in deps])
                raw.missing = tuple(n for n in wanted if isinstance(error.instance, dict)
                                    and n not in error.instance
                                    and error.message.startswith(repr(n)))[:1]
            elif keyword == "additionalProperties" and error.validator_value is False:
                known = error.schema.get("properties") or {}
                raw.extras = tuple(n for n in error.instance if n not in known)
            if "propertyNames" in path and isinstance(error.instance, str):
                raw.member_name = error.instance
            yield raw


def _format_checkers() -> dict:
    # jsonschema's checkers, so a format verdict never depends on the engine.
    return {name: (lambda value, _name=name: FORMAT_CHECKER.conforms(value, _name))
            for name in FORMAT_CHECKER.checkers}


class RustEngine:
    name = "rust"

    def __init__(self, documents: dict[str, dict], uri_for):
        self.registry = jsonschema_rs.Registry(
            [(uri_for(name), doc) for name, doc in documents.items()])
        self.formats = _format_checkers()

    def compile(self, schema: dict):
        return jsonschema_rs.Draft202012Validator(
            schema, registry=self.registry, validate_formats=True, formats=self.formats)

    def is_valid(self, validator, instance) -> bool:
        return validator.is_valid(instance)

    def errors(self, validator, instance):
        for error in validator.iter_errors(instance):
            path = tuple(error.evaluation_path)
            kind = error.kind
            name = type(kind).__name__
            keyword = "false" if name == "FalseSchema" else str(path[-1]) if path else kind.name
            raw = RawError(tuple(error.instance_path), path, True, keyword, error.instance)
            if name == "Required":
                raw.missing = (kind.property,)
            elif name == "AdditionalProperties":
                raw.extras = tuple(kind.unexpected)
            elif name == "PropertyNames":
                # The outer error's path is the target's own; the inner error has the real one.
                raw.member_name = kind.error.instance
                raw.schema_path = tuple(kind.error.evaluation_path)
                raw.keyword = str(raw.schema_path[-1]) if raw.schema_path else "false"
            yield raw
