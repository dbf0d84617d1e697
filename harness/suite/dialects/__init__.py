"""Management-API adapters by dialect (profile `target.dialect`), behind one seam
(harness/suite/dialects/base.py). Steps and checks never name a dialect: the driver picks the
adapter here once per scenario."""
from __future__ import annotations

import importlib

from harness.suite.dialects.base import ManagementApi, MissingEndpoint, RAW_OPERATIONS

# dialect -> "module:class"; a dialect listed in the profile schema but not here has no adapter
ADAPTERS = {"ssf": "harness.suite.dialects.ssf:SsfApi",
            "kolide": "harness.suite.dialects.kolide:KolideApi",
            "starfly": "harness.suite.dialects.starfly:StarflyApi",
            "sse-draft": "harness.suite.dialects.sse_draft:SseDraftApi"}
# dialects the suite's transmitter persona serves to a receiver under test (receiver role), and
# the SET shape its SETs (its own and the forger's) take for each (harness.ssf.legacy_sse)
PERSONA_SET_SHAPES = {"ssf": "ssf", "sse-draft": "sse-draft"}
PERSONA_DIALECTS = tuple(PERSONA_SET_SHAPES)

__all__ = ["ADAPTERS", "PERSONA_SET_SHAPES", "DialectUnavailable", "ManagementApi",
           "MissingEndpoint",
           "RAW_OPERATIONS", "adapter_class", "recognised", "unavailable_reason"]


class DialectUnavailable(LookupError):
    pass


def unavailable_reason(dialect: str, role: str = "transmitter") -> str | None:
    """Why a run of `role` cannot speak this dialect (None when it can): the one wording."""
    known = sorted(ADAPTERS) if role == "transmitter" else list(PERSONA_DIALECTS)
    if dialect in known:
        return None
    what = ("management-API adapter" if role == "transmitter"
            else "transmitter persona to serve it to a receiver")
    return (f"dialect {dialect!r} has no {what} in this suite version "
            f"(available: {', '.join(known)})")


def recognised(current: str, metadata: dict, answer) -> tuple[str, str] | None:
    """(dialect, title) of another dialect whose signature the target shows, or None."""
    for name in ADAPTERS:
        if name != current:
            cls = adapter_class(name)
            if cls.recognises(metadata or {}, answer):
                return name, cls.TITLE
    return None


def adapter_class(dialect: str) -> type[ManagementApi]:
    reason = unavailable_reason(dialect)
    if reason:
        raise DialectUnavailable(reason)
    module, name = ADAPTERS[dialect].split(":")
    return getattr(importlib.import_module(module), name)
