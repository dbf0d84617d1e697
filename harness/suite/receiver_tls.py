"""A transmitter endpoint the receiver under test must refuse to call: it presents a certificate
from a CA made for the purpose and trusted by nobody (CAEP interop profile 2.1, INTEROP-TLS-02).
It listens beside the persona (same host, as the receiver reaches the persona) and records every
request that arrives, which only happens after a receiver completed the TLS handshake."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from harness.suite.watching import UntrustedPushEndpoint


def start_untrusted_transmitter_endpoint(session, startup: float) -> UntrustedPushEndpoint:
    """An untrusted endpoint on the persona's listening host, named by the persona's public
    host name (so a receiver that validates the name, but not the chain, still gets there)."""
    listener = session.persona_endpoint
    public_host = urlsplit(session.persona.public).hostname or "127.0.0.1"
    directory = session.run_dir / "untrusted-tls" / f"rx-{secrets.token_hex(4)}"
    host = "127.0.0.1" if listener.host in ("", "0.0.0.0", "::") else listener.host
    return UntrustedPushEndpoint.start(directory, host, public_host, startup)
