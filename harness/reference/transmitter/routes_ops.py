"""Status (SSF §8.1.2), subjects (§8.1.3), verification (§8.1.4) and the admin status change."""
from __future__ import annotations

import math
import time
import uuid

from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import Response

from harness.reference.transmitter.access import (
    find_stream, principal, required_stream_id, transmitter,
)
from harness.reference.transmitter.auth import MANAGE, READ, require_admin
from harness.reference.transmitter.httputil import (
    ApiError, bad_request, empty_response, get_bool, get_str, json_response, not_found,
    read_json_object,
)
from harness.reference.transmitter.stream_config import enforced_min_verification
from harness.reference.transmitter.subjects import (
    SubjectError, stream_subject, subject_key, validate_subject,
)
from harness.ssf.constants import STATUS_VALUES
from harness.ssf.events import VERIFICATION


def _silenced(request: Request) -> set[str]:
    """Faults reenabled-stream-silent and stream-subject-removable: streams whose verification
    requests are answered 204 but emit nothing."""
    state = request.app.state
    if not hasattr(state, "silenced_streams"):
        state.silenced_streams = set()
    return state.silenced_streams


def _status_body(stream_id: str, status: str, reason: str | None) -> dict:
    return {"stream_id": stream_id, "status": status, **({"reason": reason} if reason else {})}


def _parse_status(tx, body: dict) -> tuple[str, str | None]:
    status = get_str(body, "status", required=True)
    if status not in STATUS_VALUES and not tx.config.fault("status-invalid-accepted"):
        raise bad_request(f"'status' must be one of {list(STATUS_VALUES)}")
    return status, get_str(body, "reason", nonempty=False)


class StatusEndpoint(HTTPEndpoint):
    async def get(self, request: Request) -> Response:
        tx = transmitter(request)
        who = principal(request, READ)
        stream_id = required_stream_id(request)
        try:
            stream = find_stream(tx, who, stream_id)
        except ApiError as exc:
            if exc.status == 404 and tx.config.fault("unknown-stream-returns-200"):
                return json_response({})
            raise
        body = _status_body(stream.stream_id, stream.status, stream.reason)
        if tx.config.fault("status-read-no-stream-id"):
            del body["stream_id"]
        return json_response(body)

    async def post(self, request: Request) -> Response:
        tx = transmitter(request)
        if tx.config.varies("status-read-only"):  # updating the status is optional
            raise ApiError(405, "method_not_allowed", "the stream status can only be read",
                           headers={"Allow": "GET"})
        who = principal(request, MANAGE)
        body = await read_json_object(request, tx.config.max_body_bytes)
        stream = find_stream(tx, who, body.get("stream_id"))
        status, reason = _parse_status(tx, body)
        if status == "disabled" and tx.config.fault("reenabled-stream-silent"):
            _silenced(request).add(stream.stream_id)
        if not tx.config.fault("status-update-ignored"):
            tx.change_status(stream, status, reason, by_transmitter=False)
        if tx.config.varies("status-update-202"):  # SSF §8.1.2.2 table: 202 "accepted, but
            return empty_response(202)              # not processed"; a GET shows the result
        return json_response(_status_body(stream.stream_id, status, reason))


def _subject_request(tx, who, body: dict):
    stream = find_stream(tx, who, body.get("stream_id"))
    if "subject" not in body:
        raise bad_request("'subject' is required")
    try:
        subject = validate_subject(body["subject"])
    except SubjectError as exc:
        raise bad_request(str(exc)) from None
    return stream, subject


async def add_subject(request: Request) -> Response:
    tx = transmitter(request)
    who = principal(request, MANAGE)
    body = await read_json_object(request, tx.config.max_body_bytes)
    stream, subject = _subject_request(tx, who, body)
    verified = get_bool(body, "verified", True)  # absent: assume verified (SSF §8.1.3.2)
    tx.streams.add_subject(stream.stream_id, subject, verified)
    return empty_response(204 if tx.config.fault("add-subject-returns-204") else 200)


async def remove_subject(request: Request) -> Response:
    tx = transmitter(request)
    who = principal(request, MANAGE)
    body = await read_json_object(request, tx.config.max_body_bytes)
    stream, subject = _subject_request(tx, who, body)
    # The stream's own subject is implicitly added and cannot be removed: ignore silently.
    if subject_key(subject) != subject_key(stream_subject(stream.stream_id)):
        tx.streams.remove_subject(stream.stream_id, subject)
    elif tx.config.fault("stream-subject-removable"):
        _silenced(request).add(stream.stream_id)  # its verification events stop
    return empty_response(200 if tx.config.fault("remove-subject-returns-200") else 204)


async def verify(request: Request) -> Response:
    tx = transmitter(request)
    cfg = tx.config
    who = principal(request, MANAGE)
    body = await read_json_object(request, cfg.max_body_bytes)
    stream = find_stream(tx, who, body.get("stream_id"))
    state = get_str(body, "state", nonempty=False)
    now = time.time()
    interval = enforced_min_verification(cfg)
    if interval and stream.last_verification is not None:
        remaining = stream.last_verification + interval - now
        if remaining > 0:
            raise ApiError(429, "too_many_requests", "verification requested more often than"
                           " min_verification_interval allows",
                           headers={"Retry-After": str(max(1, math.ceil(remaining)))})
    tx.streams.set_last_verification(stream.stream_id, now)
    payload = {} if state is None or cfg.fault("verification-no-state") else {"state": state}
    subject = stream_subject(stream.stream_id)
    if cfg.fault("verification-wrong-sub-id"):
        subject = {"format": "opaque", "id": "not-" + stream.stream_id}
    if stream.stream_id not in _silenced(request):
        # Not a control event: held while paused, dropped while disabled (catalog N8).
        rec = tx.emit(stream, VERIFICATION.uri, payload, subject, txn=uuid.uuid4().hex)
        await tx.deliver_inline(stream, rec)
    return empty_response(202 if cfg.fault("verification-returns-202") else 204)


async def admin_status(request: Request) -> Response:
    """Transmitter-initiated status change (test hook): sends stream-updated to the stream."""
    tx = transmitter(request)
    require_admin(request, tx.config)
    body = await read_json_object(request, tx.config.max_body_bytes)
    stream = tx.streams.get(request.path_params["stream_id"])
    if stream is None:
        raise not_found()
    status, reason = _parse_status(tx, body)
    announce = not (status == "enabled" and tx.config.fault("stream-updated-not-sent-on-enable"))
    tx.change_status(stream, status, reason, by_transmitter=announce)
    return json_response(_status_body(stream.stream_id, status, reason))
