"""Admin: replay SETs a push stream gave up on.

`POST {issuer}/admin/streams/{stream_id}/replay` with an optional JSON body
`{"jtis": ["..."], "states": ["failed"]}` queues the stream's `failed` SETs (or those named, or
also `rejected` ones when `states` says so) again, byte for byte: the same jti, so a receiver that
got one after all recognises the retransmission (RFC 8935 §2: a SET may be delivered more than
once; the jti tells). They keep their place in the stream's order and get a fresh retry budget.
Answer: 202 `{"stream_id", "replayed": [jti, ...]}`.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.auth import require_admin
from harness.reference.transmitter.httputil import (
    bad_request, get_str_list, json_response, not_found, parse_json, read_body,
)

REPLAYABLE = ("failed", "rejected")


async def replay(request: Request) -> Response:
    tx = transmitter(request)
    require_admin(request, tx.config)
    stream = tx.streams.get(request.path_params["stream_id"])
    if stream is None:
        raise not_found()
    raw = await read_body(request, tx.config.max_body_bytes)
    body = parse_json(raw) if raw.strip() else {}
    if not isinstance(body, dict):
        raise bad_request("request body must be a JSON object")
    states = get_str_list(body, "states") or ["failed"]
    if not states or set(states) - set(REPLAYABLE):
        raise bad_request(f"'states' must hold only {list(REPLAYABLE)}")
    ids = tx.sets.replay(stream.stream_id, tuple(dict.fromkeys(states)),
                         get_str_list(body, "jtis"))
    tx.publish(ids)
    tx.wake(stream)
    replayed = [rec.jti for rec in map(tx.sets.get, ids) if rec is not None]
    return json_response({"stream_id": stream.stream_id, "replayed": replayed}, 202)
