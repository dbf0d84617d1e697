"""Problems found in a target profile, and the one error that carries all of them.

Every problem names the field by its dotted path (`transmitter.auth.token_env`,
`capabilities.events[2]`) so a newcomer can find the line to fix without reading the schema.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a candidate is close to `word`, else ''."""
    close = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


@dataclass(frozen=True)
class Problem:
    path: tuple[PathPart, ...]
    message: str

    @property
    def field(self) -> str:
        return format_path(self.path)

    def __str__(self) -> str:
        if not self.path:
            return f"profile: {self.message}"
        return f'profile field "{self.field}": {self.message}'


class Problems:
    """Collects problems in order, dropping exact repeats (two schema branches can agree)."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: Sequence[PathPart], message: str) -> None:
        problem = Problem(tuple(path), message)
        if problem not in self._items:
            self._items.append(problem)

    def fields(self) -> set[tuple[PathPart, ...]]:
        return {p.path for p in self._items}

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class ProfileError(ValueError):
    """A profile could not be loaded; `problems` lists every problem found, not only the first."""

    def __init__(self, source: Path | str, problems: Iterable[Problem]) -> None:
        self.source = str(source)
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{self.source}: {count} problem{'s' if count != 1 else ''} in target profile"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
