"""The TLS versions the reference transmitter's listener accepts: 1.2 and 1.3 (CAEP interop
profile §2.1 "TLS version 1.2 or later"; RFC 9325 §3.1.1 "SHOULD support TLS 1.3"), set on the
server's SSL context rather than left to the platform's defaults. Two faults bend exactly that.
"""
from __future__ import annotations

import ssl
import warnings
from typing import Callable

from harness.reference.transmitter.config import TransmitterConfig


def server_tls_policy(config: TransmitterConfig) -> Callable[[ssl.SSLContext], None]:
    """A hook for the listener's SSLContext (harness.runtime.servers.RunningServer)."""
    def apply(context: ssl.SSLContext) -> None:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.maximum_version = ssl.TLSVersion.MAXIMUM_SUPPORTED
        if config.fault("tls-legacy-accepted"):
            with warnings.catch_warnings():  # the defect itself: deprecated protocol versions
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            context.set_ciphers("DEFAULT:@SECLEVEL=0")  # OpenSSL 3 needs level 0 for 1.0/1.1
        if config.fault("tls13-unsupported"):
            context.maximum_version = ssl.TLSVersion.TLSv1_2
    return apply
