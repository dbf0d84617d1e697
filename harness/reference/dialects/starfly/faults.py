"""starfly emulator fault switches: each breaks one rule of starfly's product document
(../shared/seeds/starfly-signals-stream-api.txt).

The emulator honours every fault of PLANNED_FAULTS; FAULTS registers those a scenario kills
(the kill matrix demands a kills entry per registered fault: harness/selftest/
kills_starfly.yaml).
"""
from __future__ import annotations

from harness.reference.faults import Fault


def _fault(name: str, description: str) -> Fault:
    return Fault(name, "transmitter", description)


PLANNED_FAULTS: dict[str, Fault] = {f.name: f for f in (
    _fault("starfly-undocumented-error-code",
           "400 errors carry error 'validation_error', a code the document does not list"),
    _fault("starfly-http-endpoint-accepted",
           "a push endpoint_url over plain http to a public host is accepted"),
    _fault("starfly-localhost-refused",
           "http://localhost and http://127.0.0.1 push endpoints are refused (they are exempt)"),
    _fault("starfly-missing-iss-accepted",
           "a create body without the required iss is accepted (iss defaults to 'starfly')"),
    _fault("starfly-not-configured-500",
           "'transmitter not configured' is a 500 with a text/plain body, not the JSON error"),
    _fault("starfly-mtls-not-required",
           "with TLS and a client CA, a client without a certificate is still served"),
    _fault("starfly-status-unknown-value",
           "the created stream's status is 'active', not one of enabled|paused|disabled"),
    _fault("starfly-not-found-plain-text",
           "unknown paths and methods answer Starlette's plain-text 404/405, not the JSON error"),
)}

# Registered: each is killed by a starfly scenario (harness/selftest/kills_starfly.yaml).
FAULTS: dict[str, Fault] = dict(PLANNED_FAULTS)
