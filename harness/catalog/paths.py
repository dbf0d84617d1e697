"""Where the room's data lives and where the shared reference material is found.

The suite never needs `../shared` at run time: the catalog is committed as `requirements.json`.
Only the build script (and the staleness test) read the shared markdown and spec sources.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOM_DIR = Path(__file__).resolve().parent
REPO_ROOT = ROOM_DIR.parents[1]
REQUIREMENTS_JSON = ROOM_DIR / "requirements.json"
OIDF_MODULES_YAML = ROOM_DIR / "oidf_modules.yaml"
FEATURES_DIR = REPO_ROOT / "features"
COVERAGE_MD = REPO_ROOT / "docs" / "coverage.md"
OIDF_MAPPING_MD = REPO_ROOT / "docs" / "oidf-mapping.md"

CATALOG_MD_NAME = "requirements-catalog.md"


def find_shared_dir() -> Path | None:
    """The shared reference folder: $SSF_SHARED_DIR, <repo>/../shared, or /work/shared."""
    candidates = [os.environ.get("SSF_SHARED_DIR"), REPO_ROOT.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / CATALOG_MD_NAME).is_file():
            return Path(candidate)
    return None
