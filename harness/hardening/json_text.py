"""Reading JSON an implementation sent, totally: what the suite's checks and the JOSE decoder
parse. Unlike `strict_json.loads` (the reference servers' input rule, I-JSON), it refuses only what
RFC 8259 itself refuses, so a check stays silent on every legal variation:

- text that is not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8), rather
  than decoding it with replacement characters and reading what is left;
- NaN, Infinity and -Infinity (not in the §6 number grammar; Python's json accepts them);
- nesting deeper than `max_depth` (legal, but no implementation needs it and it would exhaust
  the parser's recursion: a resource limit, like the body size limit in front of it);
- number literals longer than 400 characters (int() of longer text is slow);
- with `unique_members`, a member name that appears twice (RFC 7519 §4 lets a JWT parser reject
  duplicate claim names; RFC 8259 §4 only says SHOULD, so plain bodies keep the last one).

Lone surrogate escapes and integers beyond 64 bits are legal JSON text and are kept.
"""
from __future__ import annotations

import json
from typing import Any

from harness.hardening.strict_json import (
    StrictJSONError, _Constant, _DuplicateMembers, _join, _label, _pairs, _parse_float,
    _parse_int,
)

MAX_DEPTH = 100


def _walk(value: Any, max_depth: int, unique_members: bool) -> None:
    """Refuse NaN/Infinity, deep nesting and (optionally) repeated member names; iterative so a
    hostile nesting cannot exhaust the stack here either."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, _Constant):
            raise StrictJSONError(path, f"{node.name} is not a JSON number")
        if isinstance(node, dict | list):
            if depth > max_depth:
                raise StrictJSONError(path, f"nested deeper than {max_depth} levels")
            if unique_members and isinstance(node, _DuplicateMembers):
                raise StrictJSONError(path, f"member '{_label(node.duplicates[0])}' appears "
                                            "more than once")
            children = (((_join(path, k), v) for k, v in node.items()) if isinstance(node, dict)
                        else ((f"{path}[{i}]", v) for i, v in enumerate(node)))
            stack.extend((child, where, depth + 1) for where, child in children)


def _plain(value: Any) -> Any:
    """Duplicate-tracking dicts back to plain dicts (only built when a name repeated)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                if isinstance(child, _DuplicateMembers):
                    node[key] = child = dict(child)
                stack.append(child)
        elif isinstance(node, list):
            for i, child in enumerate(node):
                if isinstance(child, _DuplicateMembers):
                    node[i] = child = dict(child)
                stack.append(child)
    return dict(value) if isinstance(value, _DuplicateMembers) else value


def read_json(raw: bytes | str, *, max_depth: int = MAX_DEPTH,
              unique_members: bool = False) -> Any:
    """Parse JSON text an implementation sent; StrictJSONError (a ValueError) names why not."""
    if isinstance(raw, (bytes, bytearray, memoryview)):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StrictJSONError("", f"not UTF-8 text (byte {exc.start})") from None
        raw = raw.removeprefix("\ufeff")  # RFC 8259 §8.1: a parser MAY ignore a BOM
    try:
        value = json.loads(raw, parse_constant=_Constant, object_pairs_hook=_pairs,
                           parse_int=_parse_int, parse_float=_parse_float)
    except RecursionError:
        raise StrictJSONError("", f"nested deeper than {max_depth} levels") from None
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise StrictJSONError("", f"not valid JSON ({reason})") from None
    _walk(value, max_depth, unique_members)
    return _plain(value)
