"""The requirement catalog as Python objects, loaded from the committed `requirements.json`."""
from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterator, Literal

from harness.catalog.levels import LEVELS
from harness.catalog.paths import REQUIREMENTS_JSON

Role = Literal["transmitter", "receiver", "both", "directory"]
Severity = Literal["failed", "warning", "info"]
# "directory": the trust directory's rows (project-local, harness/catalog/extra_requirements.yaml).
ROLES = ("transmitter", "receiver", "both", "directory")


@dataclass(frozen=True)
class Requirement:
    id: str                    # stable catalog ID, e.g. "SSF-STREAM-19"
    spec: str                  # SSF | CAEP | RISC | INTEROP | 8417 | 8935 | 8936 | 9493 | 7515 | 7519
    #                            (project-local rows: DIRECTORY | 7591 | 7592 | 8414 | 6749)
    section: str | None        # primary section number, e.g. "8.1.1.1" (None for "derived" rows)
    anchor: str | None         # "#creating-a-stream" / "#section-2.4"
    level_text: str            # as written in the catalog, e.g. "MUST†", "MAY / SHOULD", "def"
    level: str                 # MUST | SHOULD | MAY | INFO (see harness.catalog.levels)
    role: str                  # transmitter | receiver | both | directory
    statement: str             # the requirement, one line, the catalog's own words
    check: str                 # the catalog's black-box check
    link: str                  # absolute URL of the spec section
    oidf_locator: str | None   # OIDF suite label, e.g. "OIDSSF-8.1.1.1", "RFC8935-2.4"
    source: str                # the Source cell as written (may cite several sections)
    area: str                  # catalog heading, e.g. "1. Transmitter configuration metadata …"
    source_unchecked: bool = False  # "(*)" rows: the source text is not in shared/specs

    def applies_to(self, role: str) -> bool:
        """True when the requirement binds `role` (a "both" requirement binds either side of
        the SSF protocol, never the trust directory)."""
        return self.role == role or (self.role == "both" and role != "directory")


class Catalog:
    """Requirements in catalog order, looked up by ID."""

    def __init__(self, requirements: list[Requirement]):
        self._items = tuple(requirements)
        self._by_id = {r.id: r for r in self._items}
        if len(self._by_id) != len(self._items):
            raise ValueError("duplicate requirement ids in catalog")

    def get(self, requirement_id: str) -> Requirement:
        try:
            return self._by_id[requirement_id]
        except KeyError:
            close = difflib.get_close_matches(requirement_id, self._by_id, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"unknown requirement id {requirement_id!r} (the catalog has "
                           f"{len(self._items)} ids, see harness/catalog/requirements.json)"
                           f"{hint}") from None

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._by_id

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self._items)

    def by_role(self, role: str, include_both: bool = True) -> tuple[Requirement, ...]:
        """Requirements binding `role` ("transmitter" | "receiver" | "both", or T/R/B).

        With include_both (the default) a transmitter/receiver query also returns "both" rows.
        """
        role = {"T": "transmitter", "R": "receiver", "B": "both", "D": "directory"}.get(role, role)
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if include_both:
            return tuple(r for r in self._items if r.applies_to(role))
        return tuple(r for r in self._items if r.role == role)


def catalog_from_data(data: dict) -> Catalog:
    names = {f.name for f in fields(Requirement)}
    return Catalog([Requirement(**{k: v for k, v in item.items() if k in names})
                    for item in data["requirements"]])


@functools.cache
def _load(path: Path) -> Catalog:
    return catalog_from_data(json.loads(path.read_text(encoding="utf-8")))


def load_catalog(path: Path | None = None) -> Catalog:
    """The committed catalog (cached per path); never reads ../shared."""
    return _load(Path(path) if path else REQUIREMENTS_JSON)


def severity_for(level: str, strict: bool = False) -> Severity:
    """How a failed check at `level` is reported: MUST → failed; SHOULD → warning (failed when
    strict); MAY and INFO → info."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    if level == "MUST" or (level == "SHOULD" and strict):
        return "failed"
    return "warning" if level == "SHOULD" else "info"
