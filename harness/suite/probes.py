"""What a differential probe of the receiver under test is about (issue 10, item 3).

A hostile SET proves something only if the receiver accepts the same SET without the defect.
So every hostile SET, and its valid twin, is built from an event type and a subject format the
receiver declares in its profile: a receiver that refuses every CAEP event by schema must not
"pass" a wrong-issuer test because the wrong-issuer SET was a CAEP event. When it declares no
event the suite can build, the probe is the verification event about its own stream (SSF
§8.1.4.1), which every receiver accepts (SSF-UPD-06).

Pure: the caller passes the declared capabilities and a fresh token for throwaway subjects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from harness.ssf.events import (
    CAEP_EVENTS, RISC_EVENTS, STREAM_UPDATED, VERIFICATION, EventType,
)
from harness.suite.forger import SUBJECT_EXAMPLES

ALL = "*"
# The events a probe prefers, in order: harmless ones first (about a throwaway subject even a
# session revocation changes nothing the other scenarios rely on).
PREFERRED = ("session-revoked", "credential-change", "session-established",
             "assurance-level-change", "token-claims-change", "device-compliance-change",
             "risk-level-change", "session-presented")
PREFERRED_FORMATS = ("email", "iss_sub", "opaque", "account", "phone_number", "uri", "did")


@dataclass(frozen=True)
class Probe:
    event: str                        # event type URI of the twin and of the hostile SET
    subject: dict                     # its sub_id, in a format the receiver declares
    second_event: str                 # a different event type it accepts (the two-events probe)
    second_payload: dict = field(default_factory=dict)

    @property
    def action(self) -> str:
        return self.event.rsplit("/", 1)[-1]


def declared_events(events: Sequence[str]) -> list[EventType]:
    """Registry events the receiver declares, in preference order (action slugs or URIs)."""
    registry = [*CAEP_EVENTS, *RISC_EVENTS]
    if ALL in events:
        declared = registry
    else:
        names = set(events)
        declared = [e for e in registry if e.action in names or e.uri in names]
    rank = {a: i for i, a in enumerate(PREFERRED)}
    usable = [e for e in declared if not e.deprecated]
    return sorted(usable, key=lambda e: rank.get(e.action, len(rank)))


def _subject(formats: Sequence[str], token: str, allowed: Sequence[str] = ()) -> dict | None:
    """A well-formed subject in a declared format (and one the event allows), throwaway where
    the format has room for it; None when no declared format fits."""
    declared = list(SUBJECT_EXAMPLES) if ALL in formats else list(formats)
    rank = {f: i for i, f in enumerate(PREFERRED_FORMATS)}
    fitting = sorted((f for f in declared if f in SUBJECT_EXAMPLES
                      and (not allowed or f in allowed)), key=lambda f: rank.get(f, len(rank)))
    if not fitting:
        return None
    fmt = fitting[0]
    if fmt == "email":
        return {"format": "email", "email": f"rx-{token}@example.com"}
    if fmt == "opaque":
        return {"format": "opaque", "id": f"rx-{token}"}
    if fmt == "iss_sub":
        return {"format": "iss_sub", "iss": "https://idp.example.com/", "sub": f"rx-{token}"}
    return dict(SUBJECT_EXAMPLES[fmt])


def verification_probe(stream_id: str) -> Probe:
    """The verification event about the receiver's own stream (no state: unsolicited)."""
    return Probe(VERIFICATION.uri, {"format": "opaque", "id": stream_id}, STREAM_UPDATED.uri,
                 {"status": "enabled"})


def choose_probe(events: Sequence[str], formats: Sequence[str], stream_id: str | None,
                 token: str) -> Probe:
    """The probe for a receiver declaring `events` and subject `formats` (profile capabilities);
    `stream_id` is its stream (for the verification fallback)."""
    candidates = []
    for event in declared_events(events):
        subject = _subject(formats, token, event.subject_formats)
        if subject is not None:
            candidates.append((event, subject))
    if not candidates:
        if stream_id is None:
            raise ValueError("the receiver declares no event the suite can build, and has no "
                             "stream to verify")
        return verification_probe(stream_id)
    (event, subject), others = candidates[0], [e for e, _ in candidates[1:]]
    second = others[0] if others else VERIFICATION
    payload = dict(second.example) if second is not VERIFICATION else {}
    return Probe(event.uri, subject, second.uri, payload)

