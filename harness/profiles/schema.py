"""Validate a profile document against profiles/profile.schema.json and word every error
so that it names the field (`transmitter.auth.token_env`) and says what to do about it."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from harness.profiles.errors import PathPart, Problems, did_you_mean
from harness.profiles.templates import PLACEHOLDER

PROFILES_DIR = Path(__file__).resolve().parents[2] / "profiles"
if not PROFILES_DIR.is_dir():   # an installed wheel: harness/_project/profiles (see setup.py)
    PROFILES_DIR = Path(__file__).resolve().parents[1] / "_project" / "profiles"
SCHEMA_PATH = PROFILES_DIR / "profile.schema.json"

FORMATS = FormatChecker()


def _is_http_url(text: str) -> bool:
    parts = urlsplit(text)
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and not re.search(r"\s", text))


@FORMATS.checks("http-url", raises=ValueError)
def _http_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return _is_http_url(value) and not PLACEHOLDER.search(value)
    except ValueError:     # urlsplit rejects e.g. a bad port or bracket
        return False


@FORMATS.checks("url-template", raises=ValueError)
def _url_template(value: object) -> bool:
    if not isinstance(value, str):
        return True
    sample = PLACEHOLDER.sub("x", value)
    if sample.startswith("/"):
        return not sample.startswith("//") and not re.search(r"\s", sample)
    try:
        return _is_http_url(sample)
    except ValueError:
        return False


FORMAT_WORDS = {
    "http-url": "is not an absolute http(s) URL",
    "url-template": "is not an http(s) URL or a path starting with '/'",
}


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=FORMATS)


def check_schema(document: Any, problems: Problems, skip: set[tuple[PathPart, ...]]) -> None:
    """Add one problem per schema error; `skip` holds fields already reported another way."""
    unknown_reported: set[tuple[PathPart, ...]] = set()
    for error in sorted(validator().iter_errors(document), key=_order):
        for path, message in _explain(error):
            if path in skip or any(path[:len(s)] == s for s in skip if s):
                continue
            if message.startswith("unknown field") or message.startswith("not allowed"):
                if path in unknown_reported:
                    continue
                unknown_reported.add(path)
            problems.add(path, message)


def _order(error: ValidationError) -> tuple:
    return (len(error.absolute_path), [str(p) for p in error.absolute_path],
            list(map(str, error.schema_path)))


def _explain(error: ValidationError) -> Iterable[tuple[tuple[PathPart, ...], str]]:
    path = tuple(error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    sub = error.schema if isinstance(error.schema, dict) else {}
    # A secret may have been pasted into an *_env field or a header: never echo those values.
    hide = bool(path) and (str(path[-1]).endswith("_env") or (
        len(path) >= 2 and path[-2] == "headers"))
    describe = (lambda v: "the value (not shown, it may be a secret)") if hide else _describe
    when = f" {sub['description']}" if str(sub.get("description", "")).startswith(
        ("when ", "for ")) else ""
    if kind == "required":
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield path + (name,), f"required{when}"
    elif kind == "dependentRequired":
        for name, needs in value.items():
            for need in needs:
                if isinstance(instance, dict) and name in instance and need not in instance:
                    yield path + (need,), f"required when {_last(path)}{name} is set"
    elif kind == "additionalProperties":
        known = list(sub.get("properties", {}))
        for name in instance:
            if name not in known:
                if when:
                    yield path + (name,), f"not allowed{when}"
                else:
                    yield path + (name,), "unknown field" + did_you_mean(name, known)
    elif kind == "anyOf" and all(set(b) == {"required"} for b in value):
        names = [b["required"][0] for b in value]
        yield path, "at least one of " + ", ".join(f'"{n}"' for n in names) + " is required"
    elif kind == "type":
        yield path, f"expected {_words(value)}, got {describe(instance)}"
    elif kind == "enum":
        options = ", ".join(json.dumps(v) for v in value)
        yield path, (f"{describe(instance)} is not one of {options}"
                     + did_you_mean(str(instance), [str(v) for v in value]))
    elif kind == "const":
        yield path, f"must be {json.dumps(value)}, got {describe(instance)}"
    elif kind in ("exclusiveMinimum", "minimum"):
        op = ">" if kind == "exclusiveMinimum" else ">="
        yield path, f"must be {op} {value}, got {describe(instance)}"
    elif kind in ("pattern", "format"):
        hint = (sub.get("errorMessage") or FORMAT_WORDS.get(value)
                or f"does not match the pattern {value}")
        yield path, f"{describe(instance)} {hint}"
    elif kind in ("minItems", "minLength"):
        yield path, "must not be empty"
    elif kind == "uniqueItems":
        yield path, "lists the same item more than once"
    else:
        yield path, f"fails the schema's {kind!r} rule" if hide else error.message


def _last(path: tuple[PathPart, ...]) -> str:
    return f"{path[-1]}." if path and isinstance(path[-1], str) else ""


def _words(types: str | list[str]) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join("a list" if t == "array" else "a mapping" if t == "object" else t
                       for t in names)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    # Explicit YAML tags (!!set, !!binary) make values JSON has no word for.
    return f"a YAML {type(value).__name__} value"
