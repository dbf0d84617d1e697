"""Forwarding of `{issuer}/receiver/*` and `{issuer}/security-state*` to an internal receiver
(the seed sandbox proxies push to its receiver this way). The request path is kept as-is and
appended to `forward_receiver_url`.
"""
from __future__ import annotations

import httpx
from starlette.requests import Request
from starlette.responses import Response

from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.httputil import ApiError, read_body

# RFC 9110 §7.6.1 hop-by-hop fields, plus those httpx/uvicorn recompute.
_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "content-length", "content-encoding"}


async def forward(request: Request) -> Response:
    tx = transmitter(request)
    base = tx.config.forward_receiver_url
    if not base:
        raise ApiError(404, "not_found", "no receiver is configured behind this transmitter")
    body = await read_body(request, tx.config.max_body_bytes)
    url = base.rstrip("/") + request.url.path
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _HOP]
    try:
        upstream = await tx.http.request(request.method, url, params=request.query_params,
                                         content=body, headers=headers)
    except (httpx.HTTPError, httpx.InvalidURL):
        raise ApiError(502, "bad_gateway", "the internal receiver is unreachable") from None
    out_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP}
    return Response(upstream.content, status_code=upstream.status_code, headers=out_headers)
