"""The legacy SSE-draft dialect emulators: a transmitter as Apple Business Manager-era IdPs and
Google RISC serve it (`create_app`, options in app.py) and an ABM-style receiver that only
speaks the legacy shape (`create_receiver_app`, receiver.py).

Exports the emulator contract (harness.reference.dialects): `create_app(settings)` and
`FAULTS`; plus `PLANNED_FAULTS` (honoured, not yet registered: see faults.py).
"""
from harness.reference.dialects.sse_draft.app import create_app
from harness.reference.dialects.sse_draft.faults import FAULTS, PLANNED_FAULTS
from harness.reference.dialects.sse_draft.receiver import create_receiver_app

__all__ = ["create_app", "create_receiver_app", "FAULTS", "PLANNED_FAULTS"]
