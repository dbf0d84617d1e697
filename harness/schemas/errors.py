"""Turn engine errors into `SchemaError`s: pointer, keyword, message, requirement IDs.

Requirement IDs come from `x-requirements` annotations. We walk the failing keyword's schema path
from the root schema, following each `$ref` through the `referencing` registry, and keep the
deepest non-empty `x-requirements` on the way: the most specific rule that failed. `x-level`,
`x-source` and `x-message` are found the same way. Messages are built here from the schema, never
from the instance: an instance may hold a bearer token or a client secret.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from referencing import Registry

from harness.schemas.engines import RawError


@dataclass(frozen=True)
class SchemaError:
    pointer: str  # RFC 6901 pointer to the offending member ("" is the whole document)
    message: str
    keyword: str  # the JSON Schema keyword that failed, e.g. "required", "pattern"
    schema_path: str  # absolute URI of the failing keyword, e.g. ".../email.json#/required"
    requirements: tuple[str, ...] = ()
    level: str = "MUST"  # "SHOULD" for findings from *-recommended schemas
    source: str | None = None  # the product document, for vendor and directory schemas

    def __str__(self) -> str:
        reqs = f" [{', '.join(self.requirements)}]" if self.requirements else ""
        return f"{self.pointer or '/'}: {self.message} ({self.keyword}){reqs}"

    def to_dict(self) -> dict:
        return {"pointer": self.pointer, "message": self.message, "keyword": self.keyword,
                "schema_path": self.schema_path, "requirements": list(self.requirements),
                "level": self.level, "source": self.source}


def escape(token) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def to_pointer(path) -> str:
    return "".join("/" + escape(part) for part in path)


_MAX_REF_HOPS = 16  # guards against a `$ref` cycle that consumes no path segment


def _follow(resolver, node, base):
    resolved = resolver.lookup(node["$ref"])
    new_base, fragment = urldefrag(urljoin(base, node["$ref"]))
    return resolved.resolver, resolved.contents, new_base, [p for p in fragment.split("/") if p]


def _walk(resolver, node, base, pointer, segments, explicit, target, hops=0):
    """The trail of (node, base, pointer) from `node` along `segments`.

    jsonschema-rs writes `$ref` hops into its paths (`explicit`); jsonschema leaves them out,
    so at a node holding `$ref` the next segment may be the node's own or the referenced
    schema's. Then we search both and keep the walk that ends at `target`, the failing subschema
    jsonschema gave us (compared by identity).
    """
    here = [(node, base, pointer)]
    if not segments:
        if explicit or node is target:
            return here
    else:
        head = segments[0]
        if explicit and head == "$ref" and isinstance(node, dict):
            rest = _walk(*_follow(resolver, node, base), segments[1:], explicit, target)
            return here + rest if rest is not None else None
        child = None
        if isinstance(node, dict) and head in node:
            child = node[head]
        elif isinstance(node, list) and isinstance(head, int) and head < len(node):
            child = node[head]
        if child is not None:
            rest = _walk(resolver, child, base, pointer + [head], segments[1:], explicit, target)
            if rest is not None:
                return here + rest
    if not explicit and isinstance(node, dict) and isinstance(node.get("$ref"), str) \
            and hops < _MAX_REF_HOPS:
        rest = _walk(*_follow(resolver, node, base), segments, explicit, target, hops + 1)
        if rest is not None:
            return here + rest
    return None


@dataclass(frozen=True)
class _Notes:
    requirements: tuple[str, ...]
    level: str
    source: str | None
    location: str
    node: object  # the subschema holding the failing keyword
    message: str | None


def _notes(registry: Registry, root_uri: str, raw: RawError) -> _Notes:
    resolver = registry.resolver(base_uri=root_uri)
    root = resolver.lookup(root_uri).contents
    has_keyword = raw.keyword != "false"
    segments = list(raw.schema_path[:-1] if has_keyword else raw.schema_path)
    trail = (_walk(resolver, root, root_uri, [], segments, raw.refs_explicit, raw.target)
             or [(root, root_uri, [])])
    requirements: tuple[str, ...] = ()
    level, source, message = "MUST", None, None
    for node, _, _ in trail:
        if isinstance(node, dict):
            requirements = tuple(node.get("x-requirements") or ()) or requirements
            level = node.get("x-level", level)
            source = node.get("x-source", source)
    node, base, pointer = trail[-1]
    if isinstance(node, dict):
        message = node.get("x-message")
    keyword = [raw.schema_path[-1]] if has_keyword and raw.schema_path else []
    return _Notes(requirements, level, source, f"{base}#{to_pointer(pointer + keyword)}", node,
                  message)


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _plural(n, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _message(keyword: str, value, instance) -> str:
    if keyword == "type":
        expected = " or ".join(value) if isinstance(value, list) else value
        return f"must be of type {expected}, not {_json_type(instance)}"
    if keyword == "enum":
        return "must be one of " + ", ".join(json.dumps(v) for v in value)
    if keyword == "const":
        return f"must be {json.dumps(value)}"
    simple = {
        "pattern": f"must match the pattern {value}",
        "format": f"must be a valid {value}",
        "minLength": f"must be at least {_plural(value, 'character')} long",
        "maxLength": f"must be at most {_plural(value, 'character')} long",
        "minItems": f"must have at least {_plural(value, 'item')}",
        "maxItems": f"must have at most {_plural(value, 'item')}",
        "minProperties": f"must have at least {_plural(value, 'member')}",
        "maxProperties": f"must have at most {_plural(value, 'member')}",
        "minimum": f"must be >= {value}",
        "maximum": f"must be <= {value}",
        "exclusiveMinimum": f"must be > {value}",
        "exclusiveMaximum": f"must be < {value}",
        "uniqueItems": "must not contain duplicate items",
        "anyOf": "does not match any of the allowed forms",
        "oneOf": "must match exactly one of the allowed forms",
        "contains": "must contain a matching item",
        "not": "has a form that is not allowed here",
        "false": "is not allowed here",
    }
    return simple.get(keyword, f"fails the {keyword!r} rule")


def _value_at(document, path):
    """The instance's own value at `path` (engines may hand back a converted copy)."""
    for part in path:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def convert(registry: Registry, root_uri: str, raw: RawError, prefix: str = "",
            cache: dict | None = None, document=None) -> list[SchemaError]:
    key = (root_uri, raw.schema_path, id(raw.target))
    notes = cache.get(key) if cache is not None else None
    if notes is None:
        notes = _notes(registry, root_uri, raw)
        if cache is not None and len(cache) < 65536:
            cache[key] = notes
    base = prefix + to_pointer(raw.instance_path)
    node = notes.node if isinstance(notes.node, dict) else {}

    def make(pointer, message, requirements=notes.requirements) -> SchemaError:
        return SchemaError(pointer, message, raw.keyword, notes.location, requirements,
                           notes.level, notes.source)

    if raw.keyword in ("required", "dependentRequired"):
        # Point at the missing member; credit the rule written on that member (if any) as
        # well as the rule that lists it as required.
        name = raw.missing[0] if raw.missing else ""
        member = (node.get("properties") or {}).get(name)
        reqs = tuple(member.get("x-requirements") or ()) if isinstance(member, dict) else ()
        merged = tuple(dict.fromkeys(reqs + notes.requirements))
        return [make(f"{base}/{escape(name)}", f"required member {name!r} is missing", merged)]
    if raw.keyword == "additionalProperties" and node.get("additionalProperties") is False:
        text = notes.message or "is not an allowed member here"
        return [make(f"{base}/{escape(name)}", text) for name in raw.extras] \
            or [make(base, "has members that are not allowed")]
    value = raw.instance if document is None else _value_at(document, raw.instance_path)
    text = notes.message or _message(raw.keyword, node.get(raw.keyword), value)
    if raw.member_name is not None:
        return [make(f"{base}/{escape(raw.member_name)}", f"member name {text}")]
    return [make(base, text)]
