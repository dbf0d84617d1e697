"""Small helpers to look into a raw (not yet validated) profile document without tripping."""
from __future__ import annotations

from typing import Any, Iterator

from harness.profiles.errors import PathPart

Path_ = tuple[PathPart, ...]


def obj(node: Any, *keys: str) -> dict:
    """The mapping at `keys`, or {} when anything on the way is missing or not a mapping."""
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def nodes(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every (path, value) in the document, depth first, the root included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from nodes(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from nodes(value, path + (index,))


def is_embedded(document: Any, path: Path_) -> bool:
    """Does `path` belong to an embedded target? Top-level fields do when every target is."""
    targets = ("transmitter", "receiver", "directory")
    roles = [r for r in targets if isinstance(obj(document).get(r), dict)]
    if path and path[0] in targets:
        return obj(document, str(path[0])).get("embedded") is True
    return bool(roles) and all(obj(document, r).get("embedded") is True for r in roles)


def default_base_url(target: dict, role: str) -> str | None:
    """Where a target's path-only URLs point when `base_url` is not given."""
    if target.get("base_url"):
        return target["base_url"]
    if role == "transmitter":
        return target.get("issuer") or target.get("metadata_url")
    return obj(target, "delivery").get("endpoint_url")
