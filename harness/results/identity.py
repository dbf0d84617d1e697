"""Which suite produced a run: package version and, from a git checkout, the commit (with
`+dirty` when the working tree had changes), so a statement names exactly what was run."""
from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from harness import __version__

_ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def suite_commit() -> str | None:
    """The checkout's commit, or None outside a git checkout (an installed wheel)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(_ROOT), *args], capture_output=True,
                              text=True, timeout=5, check=True).stdout.strip()
    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "") if commit else None


def suite_identity() -> dict:
    return {"name": "ssf-conformance", "version": __version__, "commit": suite_commit()}


def version_text() -> str:
    commit = suite_commit()
    return f"ssf-conformance {__version__}" + (f" (commit {commit})" if commit else "")
