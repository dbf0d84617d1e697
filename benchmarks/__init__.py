"""Benchmarks: `python -m benchmarks [NAME...]` runs every `bench_*.py` module (or the named ones).

Each module exposes `run() -> list[Figure]`. Figures print as a table; ratios against a raw
limit are measured in the same run (e.g. push SETs/s against raw RS256 sign+verify/s).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    note: str = ""
