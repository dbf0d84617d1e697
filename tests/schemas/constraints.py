"""Enumerate every constraint written in the schemas, as the locations errors report.

A constraint is a validation keyword inside a schema that is applied (not merely tested, as
inside `if`, `not` or the branches of `anyOf`). `required` counts once per member. The corpus
must make each of them fail at least once (see test_coverage.py).
"""
from __future__ import annotations

from harness.schemas.errors import to_pointer

CONSTRAINTS = {
    "type", "enum", "const", "pattern", "format", "minLength", "maxLength", "minItems",
    "maxItems", "minProperties", "maxProperties", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "uniqueItems", "contains", "not", "anyOf", "oneOf", "dependentRequired",
}
# Keywords whose values are subschemas that apply to (part of) the instance.
_APPLIED_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_APPLIED_ONE = ("additionalProperties", "items", "propertyNames", "then", "else",
                "unevaluatedProperties")
_APPLIED_LISTS = ("allOf", "prefixItems")


def constraints_of(uri: str, document: dict) -> set[str]:
    found: set[str] = set()

    def visit(node, pointer: list) -> None:
        if not isinstance(node, dict):
            return
        for keyword in CONSTRAINTS & node.keys():
            found.add(f"{uri}#{to_pointer(pointer + [keyword])}")
        for member in node.get("required", []):
            found.add(f"{uri}#{to_pointer(pointer + ['required'])}@{member}")
        if node.get("additionalProperties") is False:
            found.add(f"{uri}#{to_pointer(pointer + ['additionalProperties'])}")
        for keyword in _APPLIED_MAPS:
            for name, sub in (node.get(keyword) or {}).items():
                visit(sub, pointer + [keyword, name])
        for keyword in _APPLIED_ONE:
            visit(node.get(keyword), pointer + [keyword])
        for keyword in _APPLIED_LISTS:
            for index, sub in enumerate(node.get(keyword) or []):
                visit(sub, pointer + [keyword, index])

    visit(document, [])
    return found


def location_of(error) -> str:
    """The constraint location an error reports, in the form constraints_of() uses."""
    if error.keyword in ("required",):
        member = error.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        return f"{error.schema_path}@{member}"
    return error.schema_path
