"""Walk a Profile: collect its secrets, or render it as a redacted, JSON-ready dict.

The walk is generic over the dataclasses, so a new secret field is covered without being listed.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Iterator

from harness.profiles.secrets import Secret
from harness.profiles.templates import Headers

REDACTED = "<redacted>"


def collect_secrets(node: Any) -> Iterator[Secret]:
    if isinstance(node, Secret):
        yield node
    elif isinstance(node, Headers):
        yield from node.env
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from collect_secrets(getattr(node, f.name))
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from collect_secrets(item)


def public_dict(profile: Any) -> dict:
    values = sorted({s.value for s in collect_secrets(profile) if s.value}, key=len, reverse=True)
    data = _public(profile)
    data["embedded"] = profile.embedded
    for role in ("transmitter", "receiver", "directory"):
        target = getattr(profile, role, None)
        if target is not None:
            data[role]["supported"] = target.capabilities.supported_tags()
    return _scrub(data, values)


def _public(node: Any) -> Any:
    if isinstance(node, Headers):
        return node.public()
    if dataclasses.is_dataclass(node):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if not f.metadata.get("public", True) or value is None or value == ():
                continue
            if isinstance(value, Secret):
                # Only the variable's name, exactly as the profile file spells the field.
                out[f"{f.name}_env"] = value.env
            else:
                out[f.name] = _public(value)
        return out
    if isinstance(node, Path):
        return str(node)
    if isinstance(node, (list, tuple)):
        return [_public(v) for v in node]
    if isinstance(node, dict):
        return {str(k): _public(v) for k, v in node.items()}
    return node


def _scrub(node: Any, secrets: list[str]) -> Any:
    """Defence in depth: no secret value survives anywhere in the output, even by accident."""
    if not secrets:
        return node
    # One pass, longest value first, so a replacement is never scanned again.
    pattern = re.compile("|".join(map(re.escape, secrets)))
    return _replace(node, pattern)


def _replace(node: Any, pattern: re.Pattern) -> Any:
    if isinstance(node, str):
        return pattern.sub(REDACTED, node)
    if isinstance(node, dict):
        return {_replace(k, pattern): _replace(v, pattern) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v, pattern) for v in node]
    return node
