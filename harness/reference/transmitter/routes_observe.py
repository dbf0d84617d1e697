"""Observation endpoints of the sandbox: event history, its live SSE feed, and a SET decoder."""
from __future__ import annotations

import asyncio
import json
import time

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from harness.hardening import StrictJSONError, check
from harness.jose import SETDecodeError, SETVerifyError, decode_set, verify_set
from harness.reference.transmitter.access import query_stream_id, transmitter
from harness.reference.transmitter.auth import require_admin
from harness.reference.transmitter.httputil import (
    ApiError, bad_request, is_json_media_type, json_response, parse_json, query_int, read_body,
)

MAX_HISTORY = 1000


def _limit(request: Request) -> int:
    return query_int(request, "limit", minimum=1, maximum=MAX_HISTORY, default=100)


async def history(request: Request) -> Response:
    """Newest first: jti, stream_id, event, subject, created_at, status, attempts, last_error…"""
    tx = transmitter(request)
    require_admin(request, tx.config)
    records = tx.sets.history(query_stream_id(request), _limit(request))
    return json_response({"events": [r.public() for r in records]})


async def live_feed(request: Request) -> Response:
    """Server-Sent Events of every history change. Ends on client disconnect, on shutdown (or
    `close_streams()`), and after `sse_max_seconds`, when EventSource clients reconnect."""
    tx = transmitter(request)
    require_admin(request, tx.config)
    only = query_stream_id(request)
    cfg = tx.config

    async def events():
        # Subscribe before the first line: a client that has read it misses nothing after.
        queue = tx.broadcast.subscribe()
        try:
            yield "retry: 2000\n\n"
            deadline = time.monotonic() + cfg.sse_max_seconds
            while (remaining := deadline - time.monotonic()) > 0:
                try:
                    item = await asyncio.wait_for(queue.get(),
                                                  min(cfg.sse_heartbeat_seconds, remaining))
                except asyncio.TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if item is None:
                    return
                if only is None or item["stream_id"] == only:
                    yield f"event: set\nid: {item['id']}\ndata: {json.dumps(item)}\n\n"
        finally:
            tx.broadcast.unsubscribe(queue)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def decode(request: Request) -> Response:
    """Body: a compact SET as text, or {"token": "..."} as JSON. Never requires trust."""
    tx = transmitter(request)
    raw = await read_body(request, tx.config.max_body_bytes)
    if is_json_media_type(request.headers.get("content-type")):
        body = parse_json(raw)
        token = body.get("token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise bad_request("expected {\"token\": \"<compact SET>\"}")
    else:
        try:
            token = raw.decode("ascii")
        except UnicodeDecodeError:
            raise bad_request("the token is not ASCII text") from None
    try:
        decoded = decode_set(token)
        check(decoded.header, where="header")  # strict: its members are echoed back
        check(decoded.claims, where="claims")
    except (SETDecodeError, RecursionError, StrictJSONError) as exc:
        reason = exc if not isinstance(exc, RecursionError) else "nested too deeply"
        raise ApiError(400, "invalid_token", f"not a compact JWS SET: {reason}") from None
    result = {"header": decoded.header, "claims": decoded.claims, "verified": False}
    try:
        verify_set(decoded.token, tx.keys.jwks())
        result["verified"] = True
    except SETVerifyError as exc:  # verify_set maps every jwcrypto failure to this
        result["verification_error"] = f"{exc.code}: {exc}"
    return json_response(result)
