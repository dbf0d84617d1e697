"""Test hook: queue an arbitrary compact SET on a stream (admin only).

`POST {issuer}/admin/streams/{stream_id}/sets` with `{"token": "<any string>", "jti": "..."}`
puts the token, byte for byte, into the stream's outbox as if this transmitter had generated it:
a poll stream returns it to the next poll, a push stream pushes it. The conformance suite uses it
to offer forged (hostile) SETs to a polling receiver under test and then reads what the receiver
acknowledged or reported in `setErrs` from `GET {issuer}/events` (state acked | rejected).

`jti` defaults to the token's own `jti` claim; it is required when the token cannot be decoded
(a malformed token still needs a key in the poll response). `control: true` queues it like a
stream control event (delivered whatever the stream status).
"""
from __future__ import annotations

import time
import uuid

from starlette.requests import Request
from starlette.responses import Response

from harness.hardening import StrictJSONError, check
from harness.jose import SETDecodeError, decode_set
from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.auth import require_admin
from harness.reference.transmitter.httputil import (
    bad_request, get_bool, get_str, json_response, not_found, read_json_object,
)
from harness.reference.transmitter.sets_store import SetRecord

INJECTED_EVENT = "urn:ssf-conformance:injected"


def _describe(token: str) -> tuple[str | None, str, dict]:
    """(jti, event URI, subject) as far as the token can be read; hostile tokens may not be."""
    try:
        claims = check(decode_set(token).claims)  # strict: the history shows what we keep
    except (SETDecodeError, RecursionError, StrictJSONError):
        return None, INJECTED_EVENT, {}
    jti = claims.get("jti") if isinstance(claims.get("jti"), str) else None
    events = claims.get("events")
    uri = next(iter(events), INJECTED_EVENT) if isinstance(events, dict) and events else \
        INJECTED_EVENT
    subject = claims.get("sub_id") if isinstance(claims.get("sub_id"), dict) else {}
    return jti, str(uri), subject


async def inject_set(request: Request) -> Response:
    tx = transmitter(request)
    require_admin(request, tx.config)
    stream = tx.streams.get(request.path_params["stream_id"])
    if stream is None:
        raise not_found()
    body = await read_json_object(request, tx.config.max_body_bytes)
    token = get_str(body, "token", required=True)
    claimed_jti, event_uri, subject = _describe(token)
    jti = get_str(body, "jti") or claimed_jti
    if jti is None:
        raise bad_request("'jti' is required when the token has no readable jti claim")
    control = get_bool(body, "control", False)
    now = time.time()
    rec = SetRecord(id=uuid.uuid4().hex, jti=jti, stream_id=stream.stream_id,
                    seq=tx.sets.next_seq(), priority=0 if control else 1, event_uri=event_uri,
                    subject=subject, token=token, state="queued", created_at=now,
                    updated_at=now)
    tx.sets.insert(rec)
    tx.publish([rec.id])
    tx.wake(stream)  # a waiting long poll or push worker picks it up now
    return json_response({"id": rec.id, "jti": jti, "stream_id": stream.stream_id,
                          "status": rec.state}, 202)
