"""The TLS versions the reference receiver's listener (its push endpoint) accepts: 1.2 and 1.3.
RFC 8935 §5.3: the delivery endpoint "MUST support at least TLS version 1.2" and the
recommendations of RFC 7525 (as updated by RFC 8996: no TLS 1.0 or 1.1) "MUST be followed".
One fault bends exactly that."""
from __future__ import annotations

import ssl
from typing import Callable

from harness.reference.receiver.config import ReceiverConfig
from harness.runtime.tls import listener_tls_policy


def server_tls_policy(config: ReceiverConfig) -> Callable[[ssl.SSLContext], None]:
    """A hook for the listener's SSLContext (harness.runtime.servers.RunningServer)."""
    return listener_tls_policy(legacy_accepted=config.has_fault("push-tls-legacy-accepted"))
