"""Event triggers (test hook, catalog §16): POST {issuer}/actions/{action} for every CAEP and
RISC action of harness.ssf.events.

Body: {"subject": <subject identifier>} or {"email": "..."}, optional "stream_id", "event"
(merged over the registry example payload), "txn" and "event_timestamp". Without stream_id the
event goes to every stream whose events_delivered holds the type and whose subjects match.
The registry examples already carry what the CAEP interop profile requires (reason_admin).
"""
from __future__ import annotations

import time
import uuid

from starlette.requests import Request
from starlette.responses import Response

from harness.reference.transmitter.access import transmitter
from harness.reference.transmitter.auth import require_admin
from harness.reference.transmitter.httputil import (
    ApiError, bad_request, get_number, get_object, get_str, json_response, not_found,
    read_json_object,
)
from harness.reference.transmitter.subjects import SubjectError, stream_wants, validate_subject
from harness.ssf.events import EventType, event_by_action

# Events whose definition mentions event_timestamp: every CAEP event (CAEP §2) and RISC
# credential-compromise; other RISC events keep the payload {} their definition gives.
_TIMESTAMPED_RISC = ("credential-compromise",)


def _subject(body: dict, etype: EventType) -> dict:
    if "subject" in body and "email" in body:
        raise bad_request("give either 'subject' or 'email', not both")
    if "subject" in body:
        subject = body["subject"]
    elif "email" in body:
        subject = {"format": "email", "email": get_str(body, "email", required=True)}
    else:
        raise bad_request("'subject' (or the 'email' shorthand) is required")
    try:
        validate_subject(subject)
    except SubjectError as exc:
        raise bad_request(str(exc)) from None
    if etype.subject_formats and subject["format"] not in etype.subject_formats:
        raise bad_request(f"{etype.action} needs a subject of format {list(etype.subject_formats)}")
    return subject


def _payload(body: dict, etype: EventType, config) -> dict:
    payload = {**etype.example, **(get_object(body, "event") or {})}
    timestamp = get_number(body, "event_timestamp")
    if timestamp is not None:
        payload["event_timestamp"] = timestamp
    elif config.varies("no-event-timestamp"):
        pass  # CAEP §2: event_timestamp is OPTIONAL; this transmitter never sends it unasked
    elif etype.spec == "CAEP" or etype.action in _TIMESTAMPED_RISC:
        payload.setdefault("event_timestamp", int(time.time()))
    return payload


def _stream_wants(tx, stream, subject: dict) -> bool:
    added, removed = tx.streams.subjects(stream.stream_id)
    if tx.config.fault("subject-removal-by-format") and any(  # a removal matches on format
            s.get("format") == subject.get("format") for s in removed):
        return False
    return stream_wants(stream.default_subjects, added, removed, subject)


async def trigger(request: Request) -> Response:
    tx = transmitter(request)
    require_admin(request, tx.config)
    etype = event_by_action(request.path_params["action"])
    if etype is None:
        raise ApiError(404, "unknown_action", "no such event action")
    body = await read_json_object(request, tx.config.max_body_bytes)
    subject = _subject(body, etype)
    payload = _payload(body, etype, tx.config)
    txn = get_str(body, "txn") or uuid.uuid4().hex
    # An empty stream_id (an unfilled "{stream_id}" template placeholder) means "no target".
    stream_id = get_str(body, "stream_id", nonempty=False) or None
    if stream_id is not None:
        target = tx.streams.get(stream_id)
        if target is None:
            raise not_found("no stream with this stream_id")
        candidates = [target]
    else:
        candidates = tx.streams.list()
    deliveries, skipped = [], []
    for stream in candidates:
        reason = None
        if etype.uri not in stream.events_delivered:
            reason = "event type not in events_delivered"
        elif not tx.config.fault("subjects-ignored") and not _stream_wants(tx, stream, subject):
            reason = "subject is not on the stream"
        if reason:
            skipped.append({"stream_id": stream.stream_id, "reason": reason})
            continue
        rec = await tx.emit_async(stream, etype.uri, payload, subject, txn=txn)
        await tx.deliver_inline(stream, rec)
        deliveries.append({"stream_id": stream.stream_id, "jti": rec.jti, "status": rec.state})
    result = {"event": etype.uri, "deliveries": deliveries}
    if stream_id is not None:
        result["skipped"] = skipped
    return json_response(result, 202)
