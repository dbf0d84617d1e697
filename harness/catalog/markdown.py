"""Read the requirement rows out of `requirements-catalog.md` (markdown tables).

A requirement row is a table row whose first cell is an ID such as `SSF-STREAM-19` (or
`JOSE-01 (*)`, where `(*)` marks a source not copied into shared/specs) and which has the six
columns ID | Source | Level | Role | Requirement | Black-box check. Other tables (field lists,
counts, quick reference) are ignored. The `## ` heading above a row is its area.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ID_CELL = re.compile(r"(?P<id>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)(?P<unchecked>\s*\(\*\))?")
_AREA = re.compile(r"^##\s+(?P<title>\d+\..*?)\s*$")
ROLE_NAMES = {"T": "transmitter", "R": "receiver", "B": "both"}


class CatalogFormatError(ValueError):
    """The catalog markdown does not have the shape this parser expects."""


@dataclass(frozen=True)
class Row:
    id: str
    source: str
    level_text: str
    role: str          # transmitter | receiver | both
    statement: str
    check: str
    area: str
    source_unchecked: bool
    line: int


def _one_line(cell: str) -> str:
    """Cells may hold `<br>` bullets; the data keeps one line of text per field."""
    return re.sub(r"\s+", " ", cell.replace("<br>", " ")).strip()


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_rows(text: str) -> list[Row]:
    """Every requirement row in catalog order; raises CatalogFormatError on malformed rows."""
    rows: list[Row] = []
    area = ""
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _AREA.match(line)
        if heading:
            area = heading.group("title")
            continue
        if not line.startswith("|"):
            continue
        cells = _cells(line)
        id_match = _ID_CELL.fullmatch(cells[0])
        if id_match is None:
            continue
        if len(cells) != 6:
            raise CatalogFormatError(
                f"line {number}: requirement {cells[0]} has {len(cells)} cells, expected 6")
        role_letter = cells[3]
        if role_letter not in ROLE_NAMES:
            raise CatalogFormatError(f"line {number}: {cells[0]} has unknown role {role_letter!r}")
        rows.append(Row(
            id=id_match.group("id"), source=_one_line(cells[1]), level_text=_one_line(cells[2]),
            role=ROLE_NAMES[role_letter], statement=_one_line(cells[4]),
            check=_one_line(cells[5]), area=area,
            source_unchecked=bool(id_match.group("unchecked")), line=number))
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            raise CatalogFormatError(f"line {row.line}: duplicate requirement id {row.id}")
        seen.add(row.id)
    return rows


_SOURCE = re.compile(r"(?:(?P<rfc>RFC )?(?P<key>SSF|CAEP|RISC|INTEROP|8417|8935|8936|9493|7515|7519))"
                     r"\s+§(?P<section>[0-9]+(?:\.[0-9]+)*)")
_ANCHOR = re.compile(r"`(#[A-Za-z0-9._-]+)`")
_ID_SPEC = {"SSF": "SSF", "CAEP": "CAEP", "RISC": "RISC", "INTEROP": "INTEROP"}


@dataclass(frozen=True)
class SourceRef:
    spec: str
    section: str | None
    anchor: str | None  # as given in the catalog, with the leading "#"


def parse_source(requirement_id: str, source: str) -> SourceRef:
    """The primary (first-cited) spec and section of a Source cell, plus a given anchor.

    "derived" rows cite no section: their spec comes from the ID prefix (SSF-STREAM-44 → SSF).
    """
    anchor_match = _ANCHOR.search(source)
    anchor = anchor_match.group(1) if anchor_match else None
    match = _SOURCE.search(source)
    if match:
        return SourceRef(match.group("key"), match.group("section"), anchor)
    prefix = requirement_id.split("-", 1)[0]
    if prefix in _ID_SPEC and "derived" in source:
        return SourceRef(_ID_SPEC[prefix], None, anchor)
    raise CatalogFormatError(f"{requirement_id}: cannot read a spec and section from {source!r}")
