"""Legacy SSE-draft emulator fault switches (transmitter and the ABM-style receiver).

The emulators honour every fault of PLANNED_FAULTS; FAULTS registers those a scenario kills
(the kill matrix demands a kills entry per registered fault: harness/selftest/
kills_sse_draft.yaml).
"""
from __future__ import annotations

from harness.reference.faults import Fault

PLANNED_FAULTS: dict[str, Fault] = {f.name: f for f in (
    Fault("sse-subject-top-level", "transmitter",
          "SETs carry the SSF 1.0 top-level sub_id only, no subject inside the event"),
    Fault("sse-ssf-delivery-urn", "transmitter",
          "metadata and streams use urn:ietf:rfc:8935/8936 instead of the RISC delivery URNs"),
    Fault("sse-well-known-ssf-only", "transmitter",
          "metadata is served only at /.well-known/ssf-configuration, not sse-configuration"),
    Fault("sse-iss-sub-underscore", "transmitter",
          "the Google flavour writes subject_type 'iss_sub' instead of 'iss-sub'"),
    Fault("sse-receiver-skips-signature", "receiver",
          "the ABM-style receiver accepts SETs without verifying their signature"),
)}

# Registered: those a scenario kills (harness/selftest/kills_sse_draft.yaml; the google-risc
# flavour's in kills_sse_draft_google.yaml, the ABM-style receiver's in
# kills_sse_draft_receiver.yaml, each run with the profile that selects that emulator).
# Not a fault: the receiver taking an SSF 1.0-shaped SET (top-level sub_id) as well. A receiver
# may read more shapes than its dialect's; refusing is its discretion (PUSH-17), so that
# reading is left legal rather than planned as a fault.
KILLED = ("sse-subject-top-level", "sse-ssf-delivery-urn", "sse-well-known-ssf-only",
          "sse-iss-sub-underscore", "sse-receiver-skips-signature")
FAULTS: dict[str, Fault] = {name: PLANNED_FAULTS[name] for name in KILLED}


def selected(faults: frozenset[str]) -> frozenset[str]:
    """Ours among a run's faults (other emulators' names may be in the same selection)."""
    return frozenset(faults) & frozenset(PLANNED_FAULTS)
