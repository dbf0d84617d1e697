"""Where the project's files are, and the embedded default profile."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_profile_path() -> Path:
    return PROJECT_ROOT / "profiles" / "reference.yaml"
