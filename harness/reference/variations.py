"""Legal variations: conformant behaviour of the reference that differs from its defaults.

The mirror of the fault switches (harness/reference/faults.py). A fault is a defect the suite
must catch; a variation is a choice the specs leave open, which the suite must *not* fail. Each
role keeps its own registry (`harness/reference/<role>/variations.py`, a dict name ->
Variation); this module aggregates them. A variation may
  * override fields of the reference's configuration (`config`: TransmitterConfig /
    ReceiverConfig keyword arguments),
  * switch on behaviour the app reads from `config.variations` (by name), and
  * declare what a profile for such an implementation says (`profile`: deep-merged into the
    embedded reference profile), so capability gating is part of what is tested.
`ssf-conformance selftest --variations` runs the suite once per variation; every one must be
green (passed or skipped with a reason).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Variation:
    name: str
    role: str                      # "transmitter" | "receiver"
    description: str               # the behaviour, in one line
    citation: str                  # the spec sentence that allows it: "SSF 1.0 §x: '...'"
    config: Mapping[str, Any] = field(default_factory=dict)
    profile: Mapping[str, Any] = field(default_factory=dict)


class UnknownVariation(ValueError):
    pass


def registry() -> dict[str, Variation]:
    from harness.reference.receiver.variations import VARIATIONS as RX
    from harness.reference.transmitter.variations import VARIATIONS as TX
    clash = set(TX) & set(RX)
    if clash:
        raise ValueError(f"variation names used by both roles: {sorted(clash)}")
    return {**TX, **RX}


def parse_variations(names: list[str] | tuple[str, ...], role: str | None = None
                     ) -> tuple[Variation, ...]:
    """Validate variation names; unknown names are an error, never silently ignored."""
    known = registry()
    unknown = sorted(n for n in names if n not in known)
    if unknown:
        raise UnknownVariation(f"unknown variation(s) {unknown}; known: {sorted(known)}")
    return tuple(known[n] for n in names if role is None or known[n].role == role)


def config_for(variations: tuple[Variation, ...]) -> dict[str, Any]:
    """Keyword arguments for the role's config dataclass: overrides plus the switch names."""
    out: dict[str, Any] = {}
    for variation in variations:
        out.update(variation.config)
    out["variations"] = frozenset(v.name for v in variations)
    return out


def merge_profile(document: dict, patch: Mapping[str, Any]) -> dict:
    """Deep-merge a variation's profile patch into a profile document (lists are replaced;
    a value of None removes the key)."""
    out = copy.deepcopy(document)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge_profile(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out
