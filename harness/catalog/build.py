"""Build `harness/catalog/requirements.json` from the shared requirements catalog, followed by
the project-local rows of `harness/catalog/extra_requirements.yaml` (harness/catalog/extension.py).

    python -m harness.catalog.build            # (re)write the committed JSON
    python -m harness.catalog.build --check    # exit 1 if the committed JSON is stale

Reads `<shared>/requirements-catalog.md` and the spec sources in `<shared>/specs/` (to turn
section numbers into anchors and to cross-check the anchors the catalog gives).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from harness.catalog import markdown, specs
from harness.catalog.extension import ExtensionError, load_extension, merge
from harness.catalog.levels import normalise_level
from harness.catalog.paths import CATALOG_MD_NAME, REQUIREMENTS_JSON, find_shared_dir


class CatalogBuildError(ValueError):
    """The catalog and the spec sources disagree, or a row cannot be placed."""


def _resolve_anchor(row: markdown.Row, ref: markdown.SourceRef,
                    anchors: dict[str, dict[str, str]]) -> str | None:
    if specs.SPECS[ref.spec].source_file is None:  # RFCs: rfc-editor's section ids
        return f"#section-{ref.section}" if ref.section else None
    if ref.section is None:
        return ref.anchor
    derived = anchors[ref.spec].get(ref.section)
    if derived is None:
        raise CatalogBuildError(f"{row.id}: {ref.spec} has no section {ref.section}")
    if ref.anchor and ref.anchor != f"#{derived}":
        raise CatalogBuildError(f"{row.id}: catalog anchor {ref.anchor} but {ref.spec} "
                                f"§{ref.section} is #{derived}")
    return f"#{derived}"


def build_catalog_data(shared_dir: Path) -> dict:
    """The JSON-ready catalog built from the shared markdown and spec sources."""
    raw = (shared_dir / CATALOG_MD_NAME).read_bytes()
    rows = markdown.parse_rows(raw.decode("utf-8"))
    anchors = specs.load_section_anchors(shared_dir / "specs")
    requirements = []
    for row in rows:
        ref = markdown.parse_source(row.id, row.source)
        anchor = _resolve_anchor(row, ref, anchors)
        requirements.append({
            "id": row.id, "spec": ref.spec, "section": ref.section, "anchor": anchor,
            "level_text": row.level_text, "level": normalise_level(row.id, row.level_text),
            "role": row.role, "statement": row.statement, "check": row.check,
            "link": specs.link_for(ref.spec, ref.section, anchor.lstrip("#") if anchor else None),
            "oidf_locator": specs.oidf_locator(ref.spec, ref.section),
            "source": row.source, "area": row.area, "source_unchecked": row.source_unchecked,
        })
    # The project-local rows (trust directory, registration) follow the shared ones.
    requirements = merge(requirements, load_extension())
    return {
        "generated_by": "python -m harness.catalog.build",
        "source": CATALOG_MD_NAME,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "count": len(requirements),
        "requirements": requirements,
    }


def render_json(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.catalog.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, help="shared reference folder (default: found)")
    parser.add_argument("--output", type=Path, default=REQUIREMENTS_JSON)
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    args = parser.parse_args(argv)
    shared = args.shared or find_shared_dir()
    if shared is None or not (shared / CATALOG_MD_NAME).is_file():
        print(f"error: no {CATALOG_MD_NAME} found; pass --shared DIR", file=sys.stderr)
        return 2
    try:
        text = render_json(build_catalog_data(shared))
    except (markdown.CatalogFormatError, CatalogBuildError, ExtensionError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is stale; run: python -m harness.catalog.build", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {json.loads(text)['count']} requirements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
