"""What the dialect emulators share: SQLite state (streams, subjects, SETs, signing keys),
SET signing with the reference's KeyStore, RFC 8935 push and RFC 8936 poll delivery, strict JSON
bodies, and the `/_emulator` admin calls of the contract (harness.reference.dialects).

A dialect decides its paths, bodies, errors and SET shapes; this core only keeps and moves SETs.
"""
from harness.reference.dialects.emulator_core.admin import admin_routes
from harness.reference.dialects.emulator_core.bodies import BodyError, read_json
from harness.reference.dialects.emulator_core.core import EmulatorCore, Stream

__all__ = ["admin_routes", "BodyError", "read_json", "EmulatorCore", "Stream"]
