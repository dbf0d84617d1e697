"""Poll and acknowledge (GET/POST /ssf_streams/{stream_id}/events), the test call
(POST /ssf_streams/{id}/test) and the emulator-only admin calls of the dialects contract.

The ack answer is not documented; the emulator answers 204 No Content. The test answer
`{success, response_code, ssf_stream_event_id}`: for a push stream, whether the receiver took the
SET and its HTTP status as a string (null when no answer came); for a poll stream the SET is
queued for polling, answered as success with "200".
"""
from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.reference.dialects.emulator_core import admin_routes
from harness.reference.dialects.kolide.guards import (
    json_body, require_admin, require_api, require_poll_token, stream_or_404,
)
from harness.reference.dialects.kolide.routes_streams import representation
from harness.reference.dialects.kolide.service import KolideEmulator
from harness.reference.dialects.kolide.validation import ValidationFailed, parse_legacy
from harness.reference.transmitter.httputil import ApiError, empty_response, json_response
from harness.ssf.events import VERIFICATION, event_by_action

MAX_ACK = 1000


def _poll_stream(request: Request):
    emu = require_api(request)
    stream = stream_or_404(emu, request.path_params["key"])
    if stream.delivery_type != "poll":
        raise ApiError(400, "not_a_poll_stream", "this stream delivers by push; only poll "
                       "streams are polled")
    require_poll_token(request, emu, stream)
    return emu, stream


async def poll(request: Request) -> Response:
    emu, stream = _poll_stream(request)
    return json_response({"sets": emu.events.queued(stream)})


async def ack(request: Request) -> Response:
    emu, stream = _poll_stream(request)
    jtis = (await json_body(request)).get("ack")
    if not isinstance(jtis, list) or len(jtis) > MAX_ACK \
            or not all(isinstance(j, str) for j in jtis):
        raise ValidationFailed("ack", f"must be an array of at most {MAX_ACK} jti strings")
    if not emu.fault("kolide-ack-ignored"):
        emu.events.ack(stream, jtis)
    return empty_response(204)


def _email(body: dict) -> str:
    email = body.get("email")
    if email is None:
        raise ValidationFailed("email", "can't be blank (test events require an email address)")
    if not isinstance(email, str) or "@" not in email or len(email) > 320:
        raise ValidationFailed("email", "must be an email address")
    return email


async def test_stream(request: Request) -> Response:
    """The document: "You can send a test event to verify delivery. Test events require an
    email address." The test event is the SSF verification event."""
    emu = require_api(request)
    stream = stream_or_404(emu, request.path_params["key"])
    email = _email(await json_body(request))
    sent = await emu.emit(stream, VERIFICATION.uri, {}, email)
    if emu.fault("kolide-test-answer-unshaped"):
        return json_response({"success": sent.delivered})
    code = sent.response_code if stream.delivery_type == "push" else "200"
    return json_response({"success": sent.delivered, "response_code": code,
                          "ssf_stream_event_id": sent.event_id})


def admin_calls(emu: KolideEmulator) -> list[Route]:
    """The contract's /_emulator calls (harness.reference.dialects.emulator_core.admin_routes,
    shared by every emulator): emit an action's event about the subject on every enabled stream
    that requested it; change a stream's status (Kolide's on/off toggle: enabled, or off for
    paused and disabled)."""
    async def emit(action: str, email: str, body: dict) -> list[str]:
        etype = event_by_action(action)
        payload = {**etype.example, "event_timestamp": int(time.time())}
        return [emu.emit_soon(s, etype.uri, payload, email) for s in emu.streams.all()
                if s.enabled and (etype.uri in s.events
                                  or emu.fault("kolide-other-events-delivered"))]

    async def set_status(key: str, status: str) -> bool:
        stream = emu.streams.get(key)
        if stream is not None:
            emu.streams.update(stream, {"enabled": status == "enabled"})
        return stream is not None

    return admin_routes(emu.settings.admin_token, emit, set_status,
                        lambda status, code, text: ApiError(status, code, text).response())


async def create_legacy_stream(request: Request) -> Response:
    """Admin: a poll stream as made before poll bearer tokens existed (none assigned, so polls
    and acks need no X-Kolide-Poll-Bearer-Token). Body: the legacy create body; delivery_type
    defaults to poll."""
    emu = require_admin(request)
    body = await json_body(request)
    inner = body.get("ssf_stream")
    if not isinstance(inner, dict):
        raise ValidationFailed("ssf_stream", "must be a JSON object")
    values = parse_legacy({"delivery_type": "poll", **inner})
    values.pop("url_field")
    if values["delivery_type"] != "poll":
        raise ValidationFailed("delivery_type", "a legacy stream without a poll token is a "
                               "poll stream")
    stream, _ = emu.create_stream(values, legacy=True)
    return json_response(representation(emu, stream), status=201)
