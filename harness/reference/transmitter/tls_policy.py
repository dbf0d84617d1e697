"""The TLS versions the reference transmitter's listener accepts: 1.2 and 1.3 (CAEP interop
profile §2.1 "TLS version 1.2 or later"; RFC 9325 §3.1.1 "SHOULD support TLS 1.3"), set on the
server's SSL context rather than left to the platform's defaults. Two faults bend exactly that.
"""
from __future__ import annotations

import ssl
from typing import Callable

from harness.reference.transmitter.config import TransmitterConfig
from harness.runtime.tls import listener_tls_policy


def server_tls_policy(config: TransmitterConfig) -> Callable[[ssl.SSLContext], None]:
    """A hook for the listener's SSLContext (harness.runtime.servers.RunningServer)."""
    return listener_tls_policy(legacy_accepted=config.fault("tls-legacy-accepted"),
                               tls13=not config.fault("tls13-unsupported"))
