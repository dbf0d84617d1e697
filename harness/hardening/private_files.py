"""Secrets at rest: directories 0700 and files 0600 from the moment they exist.

A file is created with its final mode by `os.open(..., mode)` (never written first and chmod'ed
after, which leaves a window in which another user can open it); the umask can only narrow it.
Files and directories left wider by older versions are narrowed when found.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE, FILE_MODE = 0o700, 0o600


def _narrow(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        path.chmod(current & mode)


def private_dir(path: str | Path) -> Path:
    """Create `path` (and missing parents, those with the usual mode) as a 0700 directory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:
        _narrow(path, DIR_MODE)
    return path


def private_file(path: str | Path) -> Path:
    """Make sure `path` exists as a 0600 file (created so, or narrowed), e.g. before SQLite opens
    it: SQLite gives its -wal and -shm files the database file's mode."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    _narrow(path, FILE_MODE)
    return path


def write_private(path: str | Path, data: str | bytes) -> Path:
    """Replace `path` with `data` in a file that is 0600 from its creation (write to a fresh
    temporary file beside it, then rename, so a reader never sees half of it)."""
    path = Path(path)
    raw = data.encode() if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
