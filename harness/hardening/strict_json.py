"""Strict JSON (RFC 8259 / I-JSON RFC 7493) for everything the reference servers read.

`json.loads` accepts more than JSON: NaN and Infinity, lone surrogate escapes ("\\ud800", which no
UTF-8 text can hold), duplicate member names (the last silently wins), integers of any size and
nesting as deep as the interpreter's recursion limit. Each of those, once stored, can break a later
read or answer (a str with a lone surrogate cannot be encoded into the response). `loads` refuses
them all with a `StrictJSONError` naming the member (`where`), and `check` applies the same rules
to a value parsed elsewhere (e.g. the claims of a SET decoded by harness.jose).
"""
from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 32
# I-JSON (RFC 7493 §2.2) interoperable integers; we accept the signed 64-bit range, which SQLite
# stores without loss, and refuse anything larger.
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1
_MAX_NUMBER_TEXT = 400  # digits of one number literal; int() of longer text is slow


class StrictJSONError(ValueError):
    """Input that is not strict JSON; `where` names the member ("" for the document itself)."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where or 'body'}: {reason}")


class _Constant:
    """NaN/Infinity seen while parsing, reported with its path by the walk."""

    def __init__(self, name: str):
        self.name = name


class _DuplicateMembers(dict):
    """An object that repeated a member name (RFC 8259 §4 "SHOULD be unique"; I-JSON MUST)."""
    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen, dupes = set(), []
        for name, _ in pairs:
            if name in seen:
                dupes.append(name)
            seen.add(name)
        obj = _DuplicateMembers(obj)
        obj.duplicates = dupes
    return obj


def _parse_int(text: str) -> int:
    if len(text) > _MAX_NUMBER_TEXT:
        raise ValueError("number literal too long")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > _MAX_NUMBER_TEXT:
        raise ValueError("number literal too long")
    return float(text)


def _label(name: str) -> str:
    """A member name fit for an error message: printable ASCII, short (it is attacker text)."""
    safe = name.encode("ascii", "backslashreplace").decode("ascii")
    return safe if len(safe) <= 60 else safe[:57] + "..."


def _join(where: str, name: str) -> str:
    return f"{where}.{_label(name)}" if where else _label(name)


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def check(value: Any, *, max_depth: int = MAX_DEPTH, where: str = "") -> Any:
    """Raise StrictJSONError unless `value` is strict JSON data; returns `value`.

    Iterative on purpose: a hostile nesting must not exhaust the stack here."""
    stack: list[tuple[Any, str, int]] = [(value, where, 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, _Constant):
            raise StrictJSONError(path, f"{node.name} is not a JSON number")
        if isinstance(node, bool) or node is None:
            continue
        if isinstance(node, str):
            if not _is_unicode(node):
                raise StrictJSONError(path, "holds a lone surrogate, which is not Unicode text")
        elif isinstance(node, int):
            if not INT_MIN <= node <= INT_MAX:
                raise StrictJSONError(path, "integer outside the signed 64-bit range")
        elif isinstance(node, float):
            if not math.isfinite(node):
                raise StrictJSONError(path, "number out of range (not a finite double)")
        elif isinstance(node, dict | list):
            if depth > max_depth:
                raise StrictJSONError(path, f"nested deeper than {max_depth} levels")
            if isinstance(node, _DuplicateMembers):
                raise StrictJSONError(path, f"member '{_label(node.duplicates[0])}' appears "
                                            "more than once")
            if isinstance(node, dict):
                for name, child in node.items():
                    if not isinstance(name, str) or not _is_unicode(name):
                        raise StrictJSONError(path, "a member name holds a lone surrogate")
                    stack.append((child, _join(path, name), depth + 1))
            else:
                stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(node))
        else:
            raise StrictJSONError(path, f"{type(node).__name__} is not JSON data")
    return value


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse strict JSON text (UTF-8 only, RFC 8259 §8.1); raise StrictJSONError otherwise."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise StrictJSONError("", "not UTF-8 text") from None
    try:
        value = json.loads(raw, parse_constant=_Constant, object_pairs_hook=_pairs,
                           parse_int=_parse_int, parse_float=_parse_float)
    except RecursionError:
        raise StrictJSONError("", f"nested deeper than {max_depth} levels") from None
    except ValueError as exc:  # JSONDecodeError included; its text names a position only
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise StrictJSONError("", f"not valid JSON ({reason})") from None
    return check(value, max_depth=max_depth)


def is_strict(value: Any, *, max_depth: int = MAX_DEPTH) -> bool:
    try:
        check(value, max_depth=max_depth)
    except StrictJSONError:
        return False
    return True
