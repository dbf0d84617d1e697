"""Gherkin tags of a scenario, parsed once: `@id:`, `@req:`, `@requires:`, `@role:`, `@area:`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScenarioTags:
    id: str | None
    requirements: tuple[str, ...]
    requires: tuple[str, ...]
    role: str | None
    area: str | None
    other: tuple[str, ...]


def parse_tags(tags: set[str] | list[str]) -> ScenarioTags:
    ids, reqs, requires, other = [], [], [], []
    role = area = None
    for tag in sorted(tags):
        kind, _, value = tag.partition(":")
        if kind == "id" and value:
            ids.append(value)
        elif kind == "req" and value:
            reqs.append(value)
        elif kind == "requires" and value:
            requires.append(value)
        elif kind == "role" and value:
            role = value
        elif kind == "area" and value:
            area = value
        else:
            other.append(tag)
    return ScenarioTags(ids[0] if len(ids) == 1 else None, tuple(reqs), tuple(requires), role,
                        area, tuple(other))


# pytest marks that tags become (registered so --strict-markers stays useful).
MARKERS = {
    "id": "conformance_id",
    "req": "requirement",
    "requires": "requires",
    "role": "role",
    "area": "area",
}


# A tag on an Examples block (`@requires:poll` above `Examples: poll`) gates just those rows;
# pytest-bdd applies it as a mark named after the whole tag.
ROW_REQUIRES_PREFIX = "requires:"


def row_requires(item) -> tuple[str, ...]:
    """The capability tags of an Examples row (its block's `@requires:` tags)."""
    return tuple(dict.fromkeys(m.name[len(ROW_REQUIRES_PREFIX):] for m in item.iter_markers()
                               if m.name.startswith(ROW_REQUIRES_PREFIX)))

