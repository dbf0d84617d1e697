"""Comparing audiences: `aud` is "a string or an array of strings" (RFC 7519 §4.1.3, SSF §4.1.8
and the stream configuration's `aud`), so `"x"` and `["x"]` name the same audience."""
from __future__ import annotations


def audience_set(value: object) -> frozenset[str] | None:
    """The audience as a set of strings, or None when the value is not a string or an array of
    strings (a malformed `aud` equals nothing)."""
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return frozenset(value)
    return None


def same_audience(a: object, b: object) -> bool:
    """True when both values name the same set of audience strings."""
    sa, sb = audience_set(a), audience_set(b)
    if sa is None or sb is None:
        return a == b
    return sa == sb
