"""SETs validated per second: JOSE header + claims + event payload, one thread pinned to one core.

The SETs are realistic ones for all 24 event types (SSF, CAEP, RISC) built from the event
registry's examples. Figures: the default engine (jsonschema-rs when installed) on decoded SETs
and on compact tokens (decode included), and jsonschema alone for comparison.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager

from benchmarks import Figure
from harness.jose import KeyRing, sign_set
from harness.schemas import SchemaStore, validate_set
from harness.schemas.engines import available_engines, default_engine
from harness.ssf.events import ALL_EVENTS, EventType

TARGET_PER_SECOND = 5_000
MEASURE_SECONDS = 1.0


def _subject(event: EventType) -> dict:
    if event.spec == "SSF":
        return {"format": "opaque", "id": "f67e39a0a4d34d56b3aa1bc4cff0069f"}
    if event.subject_formats:
        return {"format": "email", "email": "jane.smith@example.com"}
    return {"format": "complex",
            "user": {"format": "iss_sub", "iss": "https://idp.example.com/", "sub": "jane.smith"},
            "tenant": {"format": "opaque", "id": "123456789"}}


def realistic_sets() -> list[dict]:
    sets = []
    for number, event in enumerate(ALL_EVENTS):
        payload = dict(event.example)
        if event.spec == "CAEP":
            payload.update(event_timestamp=1615304991, initiating_entity="policy",
                           reason_admin={"en": "Policy violation: C076E82F"})
        claims = {"iss": "https://idp.example.com/", "jti": f"24c63fb56e5a2d77a6b5126{number:04d}",
                  "iat": 1615305159, "aud": "https://sp.example.com/caep", "txn": "8675309",
                  "sub_id": _subject(event), "events": {event.uri: payload}}
        sets.append({"header": {"alg": "RS256", "typ": "secevent+jwt", "kid": "bench"},
                     "claims": claims})
    return sets


@contextmanager
def _one_core():
    """Pin this process to a single CPU while measuring (where the OS allows it)."""
    if not hasattr(os, "sched_getaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _rate(items: list, check) -> float:
    done, started = 0, time.perf_counter()
    deadline = started + MEASURE_SECONDS
    while time.perf_counter() < deadline:
        for item in items:
            if check(item):
                raise AssertionError("a benchmark SET did not validate")
        done += len(items)
    return done / (time.perf_counter() - started)


def run() -> list[Figure]:
    sets = realistic_sets()
    key = KeyRing.generate().current
    tokens = [sign_set(s["claims"], key) for s in sets]
    figures = []
    with _one_core():
        others = [e for e in available_engines() if e != default_engine()]
        for engine in [default_engine()] + others:
            store = SchemaStore(engine=engine)
            decoded = _rate(sets, lambda s: validate_set(s, store=store))
            note = f"engine={engine}; target >= {TARGET_PER_SECOND:,}/s"
            figures.append(Figure(f"SETs validated/s ({engine}, decoded)", decoded, "SET/s", note))
            if engine == default_engine():
                compact = _rate(tokens, lambda t: validate_set(t, store=store))
                figures.append(Figure(f"SETs validated/s ({engine}, compact token)", compact,
                                      "SET/s", "base64url + JSON decode included"))
    return figures
