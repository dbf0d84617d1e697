"""The starfly dialect emulator (../shared/seeds/starfly-signals-stream-api.txt).

Exports the emulator contract (harness.reference.dialects): `create_app(settings)` and
`FAULTS`; plus `PLANNED_FAULTS` (honoured, not yet registered: see faults.py) and
`server_ssl_options(settings)`, the keyword arguments a RunningServer needs for starfly's mTLS.
"""
from harness.reference.dialects.starfly.app import create_app, server_ssl_options
from harness.reference.dialects.starfly.faults import FAULTS, PLANNED_FAULTS

__all__ = ["create_app", "server_ssl_options", "FAULTS", "PLANNED_FAULTS"]
