"""How push delivery sends a SET: on the transmitter's own client, which validates the
receiver's certificate (RFC 8935 §5.3: "The client MUST perform a TLS/SSL server certificate
check"), or, under the fault push-skips-certificate-check, one that trusts any certificate.

`send_push` hands the request straight to the client's transport (the address policy's): a push
needs none of the client's request merging, cookies, auth flows or redirects, and those were a
tenth of the transmitter's CPU per SET (`make bench`). The answer is read up to
MAX_ANSWER_BYTES, like every answer the reference servers read.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from harness.hardening import async_transport, bound_response_bodies, read_bounded

if TYPE_CHECKING:
    from harness.reference.transmitter.service import Transmitter


def push_client(tx: Transmitter) -> httpx.AsyncClient:
    if not tx.config.fault("push-skips-certificate-check"):
        return tx.http
    client = getattr(tx, "insecure_push_client", None)
    if client is None:  # the defect: made once per transmitter, never validating anything
        client = bound_response_bodies(httpx.AsyncClient(
            transport=async_transport(tx.config.address_policy, verify=False),
            timeout=tx.config.push_timeout))
        tx.insecure_push_client = client
    return client


async def send_push(tx: Transmitter, method: str, url: str, body: bytes,
                    headers: dict[str, str]) -> httpx.Response:
    """One push request with exactly these headers (plus Host and Content-Length); the
    answer comes back read. httpx's exceptions, as from the client."""
    client = push_client(tx)
    request = httpx.Request(method, url, content=body, headers=headers,
                            extensions={"timeout": client.timeout.as_dict()})
    response = await client._transport.handle_async_request(request)  # noqa: SLF001
    response.request = request
    await read_bounded(response)
    return response
