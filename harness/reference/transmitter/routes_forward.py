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
    # Path, query and headers go on as the bytes that came in: decoding and re-encoding them
    # would fail on (or alter) the octets a hostile or merely unusual client sends.
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    try:
        url = httpx.URL(base.rstrip("/") + raw_path.decode("ascii")).copy_with(query=query)
    except (UnicodeDecodeError, httpx.InvalidURL, ValueError):
        raise ApiError(400, "invalid_request", "the request target is not an ASCII URL") from None
    headers = [(k, v) for k, v in request.headers.raw if k.decode("latin-1").lower() not in _HOP]
    try:
        upstream = await tx.http.request(request.method, url, content=body, headers=headers)
    except (httpx.HTTPError, httpx.InvalidURL):
        raise ApiError(502, "bad_gateway", "the internal receiver is unreachable") from None
    response = Response(upstream.content, status_code=upstream.status_code)
    response.raw_headers = [*((k, v) for k, v in response.raw_headers
                              if k.lower() == b"content-length"),
                            *((k, v) for k, v in upstream.headers.raw
                              if k.decode("latin-1").lower() not in _HOP)]
    return response
