"""Emulators of vendor dialects of SSF (Kolide, starfly, the legacy SSE draft).

Each dialect has one package here (`harness/reference/dialects/<module>/`) exposing:
- `create_app(settings: EmulatorSettings)`: a Starlette ASGI app speaking the dialect as its
  product documents describe it (../shared/seeds/, ../shared/anchors/vendor-dialects.md);
- `FAULTS: dict[str, Fault]`: its fault switches (names prefixed with the dialect, role
  "transmitter" or "receiver": the `--role` of the runs that must catch it).

The suite starts an emulator for a profile whose target says `embedded: true` and
`dialect: <name>`; `ssf-conformance serve --dialect <name>` runs it as a sandbox. Every emulator
also answers the same emulator-only admin calls (admin bearer), so one profile trigger shape
drives them all:
- `POST /_emulator/actions/{action}` body `{"email": ...}` (action as in harness.ssf.events
  BY_ACTION): emit that event about the subject on every stream that takes it; 202
  `{"jti": [...]}`.
- `POST /_emulator/streams/{stream_id}/status` body `{"status": ...}`: the transmitter changes
  a stream's status on its own.
"""
from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

# dialect name (profile `dialect:`) -> module under harness.reference.dialects
MODULES = {"kolide": "kolide", "starfly": "starfly", "sse-draft": "sse_draft"}
ADMIN_PREFIX = "/_emulator"


@dataclass(frozen=True)
class EmulatorSettings:
    public_base_url: str            # the origin clients reach it at, e.g. http://127.0.0.1:8090
    db_path: Path                   # its SQLite file
    api_token: str = field(repr=False)     # the bearer receivers (the suite) present
    admin_token: str = field(repr=False)   # the bearer of the /_emulator calls
    faults: frozenset[str] = frozenset()
    allow_loopback_addresses: bool = True  # pushes to this machine (the suite) are allowed
    ca_file: str | None = None      # CAs trusted for outbound HTTPS (pushes)
    client_ca_file: str | None = None  # when set and served over TLS: client certs required (mTLS)
    options: dict = field(default_factory=dict)  # dialect-specific switches (documented there)


def module(dialect: str):
    """The emulator package of a dialect; KeyError names the known dialects."""
    if dialect not in MODULES:
        raise KeyError(f"no emulator for dialect {dialect!r}; known: {sorted(MODULES)}")
    return importlib.import_module(f"{__name__}.{MODULES[dialect]}")


def create_app(dialect: str, settings: EmulatorSettings):
    return module(dialect).create_app(settings)


def faults() -> dict:
    """Every dialect emulator's fault switches, for harness.reference.faults.registry()."""
    found: dict = {}
    for name in MODULES:
        if importlib.util.find_spec(f"{__name__}.{MODULES[name]}") is None:
            continue   # an emulator not written yet contributes none
        found.update(getattr(module(name), "FAULTS", {}))
    return found
