"""Where the project's files are, and the embedded default profile."""
from __future__ import annotations

from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]
# An installed wheel carries the run-time data in the package (setup.py copies it there).
_INSTALLED = Path(__file__).resolve().parents[1] / "_project"
PROJECT_ROOT = _INSTALLED if (_INSTALLED / "features").is_dir() and not (
    _CHECKOUT / "features").is_dir() else _CHECKOUT
INSTALLED = PROJECT_ROOT == _INSTALLED


def default_profile_path() -> Path:
    return PROJECT_ROOT / "profiles" / "reference.yaml"
