"""Fault switches: deliberate defects in the reference implementations.

Each role keeps its own registry (`harness/reference/<role>/faults.py`, a dict name -> Fault);
this module aggregates them. A run selects faults with the environment variable
SSF_REFERENCE_FAULTS (comma-separated names) or the profile's `reference.faults` list.
The self-test (issue 6) runs the suite once per fault and expects named scenarios to fail.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

ENV_VAR = "SSF_REFERENCE_FAULTS"


@dataclass(frozen=True)
class Fault:
    name: str
    role: str          # "transmitter" | "receiver" | "directory": whose fault run catches it
    description: str   # the defect, in one line


class UnknownFault(ValueError):
    pass


def registry() -> dict[str, Fault]:
    from harness.reference.directory.faults import FAULTS as DIR
    from harness.reference.receiver.faults import FAULTS as RX
    from harness.reference.transmitter.faults import FAULTS as TX
    from harness.reference.dialects import faults as dialect_faults
    EMU = dialect_faults()
    groups = (TX, RX, DIR, EMU)
    clash = {n for i, a in enumerate(groups) for b in groups[i + 1:] for n in set(a) & set(b)}
    if clash:  # a name must say which reference it breaks
        raise ValueError(f"fault names used by two references: {sorted(clash)}")
    return {**TX, **RX, **DIR, **EMU}


def parse_faults(spec: str | list[str] | None, role: str | None = None) -> frozenset[str]:
    """Validate fault names; unknown names are an error, never silently ignored."""
    if spec is None:
        spec = os.environ.get(ENV_VAR, "")
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    known = registry()
    unknown = sorted(n for n in names if n not in known)
    if unknown:
        raise UnknownFault(f"unknown fault(s) {unknown}; known: {sorted(known)}")
    return frozenset(n for n in names if role is None or known[n].role == role)
