"""The HTTP client push delivery uses: the transmitter's own, which validates the receiver's
certificate (RFC 8935 §5.3: "The client MUST perform a TLS/SSL server certificate check"), or,
under the fault push-skips-certificate-check, one that trusts any certificate."""
from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from harness.hardening import async_transport, bound_response_bodies

if TYPE_CHECKING:
    from harness.reference.transmitter.service import Transmitter


def push_client(tx: Transmitter) -> httpx.AsyncClient:
    if not tx.config.fault("push-skips-certificate-check"):
        return tx.http
    client = tx.insecure_push_client
    if client is None:  # the defect: made once per transmitter, never validating anything
        client = bound_response_bodies(httpx.AsyncClient(
            transport=async_transport(tx.config.address_policy, verify=False),
            timeout=tx.config.push_timeout))
        tx.insecure_push_client = client
    return client
