"""The project-local catalog rows (`extra_requirements.yaml`): the trust directory, its SSAs and
registration by software statement, which the shared catalog does not cover.

They are merged after the shared rows by `python -m harness.catalog.build`, in the same JSON
shape, so the suite reads one catalog. `../shared` stays read-only; an id that clashes with a
shared row (or repeats inside the file) is a build error, never a silent override.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from harness.catalog import specs
from harness.catalog.levels import normalise_level

EXTRA_REQUIREMENTS_YAML = Path(__file__).with_name("extra_requirements.yaml")
ROLE_NAMES = {"T": "transmitter", "R": "receiver", "B": "both", "D": "directory"}
_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")
_RFC = re.compile(r"RFC (?P<num>\d{4}) §(?P<section>[0-9]+(?:\.[0-9]+)*)")
# a seed page, optionally with the heading of the part cited: seeds/x.txt "Create a Poll Stream"
# (or an anchors page: anchors/vendor-dialects.md "Apple Business/School Manager")
_SEED = re.compile(r'(?:seeds/(?P<file>[a-z0-9-]+\.txt)|anchors/(?P<anchor>[a-z0-9-]+\.md))'
                   r'(?: "[^"]+")?')
# A shared spec's section, e.g. "INTEROP draft 01 §3.3" or "CAEP §3.4.1" (rows the shared catalog
# lacks: a newer draft's use cases, or a SHOULD clause split out of a mixed MUST/SHOULD row).
_SHARED_SPEC = re.compile(r"(?P<key>SSF|CAEP|RISC|INTEROP)(?: draft \d+)? "
                          r"§(?P<section>[0-9]+(?:\.[0-9]+)*)")


class ExtensionError(ValueError):
    """A project-local row that cannot be placed, or whose id is already taken."""


def _primary(requirement_id: str, source: str) -> tuple[str, str | None, str]:
    """(spec key, section, link) of the first source the row cites."""
    first = source.split(";")[0].strip()
    rfc, seed = _RFC.fullmatch(first), _SEED.fullmatch(first)
    if rfc and rfc["num"] in specs.SPECS:
        return rfc["num"], rfc["section"], specs.link_for(rfc["num"], rfc["section"], None)
    if seed:
        name = seed["file"] or seed["anchor"]
        key = next((k for prefix, k in specs.SEED_SPECS.items() if name.startswith(prefix)),
                   None)
        if key is None:
            raise ExtensionError(f"{requirement_id}: no spec key for seed {name!r} "
                                 "(harness/catalog/specs.py SEED_SPECS)")
        return key, None, specs.SPECS[key].url + name
    shared = _SHARED_SPEC.fullmatch(first)
    if shared:  # by number: a draft's sections need not match our copy's named anchors
        key, section = shared["key"], shared["section"]
        return key, section, f"{specs.SPECS[key].url}#section-{section}"
    raise ExtensionError(f"{requirement_id}: cannot read a spec and section from {source!r}")


def _row(raw: dict, area: str) -> dict:
    rid = raw.get("id", "")
    if not _ID.fullmatch(rid):
        raise ExtensionError(f"malformed requirement id {rid!r}")
    if raw.get("role") not in ROLE_NAMES:
        raise ExtensionError(f"{rid}: unknown role {raw.get('role')!r}")
    source, level_text = str(raw["source"]), str(raw["level"])
    spec, section, link = _primary(rid, source)
    statement = " ".join(str(raw["statement"]).split())
    return {
        "id": rid, "spec": spec, "section": section,
        "anchor": f"#section-{section}" if section else None,
        "level_text": level_text, "level": normalise_level(rid, level_text),
        "role": ROLE_NAMES[raw["role"]], "statement": statement,
        "check": " ".join(str(raw["check"]).split()), "link": link,
        "oidf_locator": specs.oidf_locator(spec, section) if section else None,
        "source": source, "area": area,
        # RFC 7591/7592/8414/6749 are not copied into ../shared/specs (like the (*) rows).
        "source_unchecked": spec != "DIRECTORY",
    }


def load_extension(path: Path = EXTRA_REQUIREMENTS_YAML) -> list[dict]:
    """The project-local rows, in file order, as requirements.json entries."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = [_row(raw, area["title"]) for area in doc.get("areas", [])
            for raw in area.get("rows", [])]
    seen: set[str] = set()
    for row in rows:
        if row["id"] in seen:
            raise ExtensionError(f"{path.name}: requirement id {row['id']} appears twice")
        seen.add(row["id"])
    return rows


def merge(shared: list[dict], extension: list[dict]) -> list[dict]:
    """Shared rows first, then the project's; an id of both is refused."""
    clash = sorted({r["id"] for r in shared} & {r["id"] for r in extension})
    if clash:
        raise ExtensionError(f"project-local requirement ids clash with the shared catalog: "
                             f"{clash}")
    return shared + extension
