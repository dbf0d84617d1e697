"""Discovery, JWKS and stream management (/ssf_streams) as the Kolide document shows them."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from harness.reference.dialects.kolide.guards import (
    emulator, json_body, require_api, stream_or_404,
)
from harness.reference.dialects.kolide.service import KolideEmulator
from harness.reference.dialects.kolide.store import Stream
from harness.reference.dialects.kolide.validation import (
    EVENTS_SUPPORTED, ValidationFailed, legacy_body, parse_legacy, parse_standard, parse_update,
    push_url_problem,
)
from harness.reference.transmitter.httputil import ApiError, empty_response, json_response
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import VERIFICATION

JWKS_PATH = "/ssf/jwks.json"
STREAMS_PATH = "/ssf_streams"


def representation(emu: KolideEmulator, stream: Stream, poll_token: str | None = None) -> dict:
    """The document's response shape (member order as its examples). `poll_bearer_token` only
    when given: the create response of a poll stream ("provided only once"). `spec_version` is
    added so a client can read back the "Spec Version" it chose."""
    body: dict = {"id": str(stream.id), "iss": emu.issuer, "stream_id": stream.stream_id,
                  "name": stream.name, "aud": stream.url, "delivery_type": stream.delivery_type,
                  "enabled": stream.enabled}
    if emu.fault("kolide-poll-token-repeated") and stream.delivery_type == "poll":
        poll_token = stream.poll_token
    if poll_token is not None:
        body["poll_bearer_token"] = poll_token
    delivery: dict = {"method": PUSH if stream.delivery_type == "push" else POLL}
    if stream.url:
        delivery["endpoint_url"] = stream.url
    body.update({"events_supported": list(EVENTS_SUPPORTED), "events_requested": stream.events,
                 "spec_version": stream.spec_version, "created_at": stream.created_at,
                 "updated_at": stream.updated_at, "delivery": delivery})
    return body


def _check_push_url(emu: KolideEmulator, values: dict, field: str) -> None:
    if values["delivery_type"] != "push" or emu.fault("kolide-private-push-accepted"):
        return
    if not values.get("url"):
        raise ValidationFailed(field, "is required for push streams")
    problem = push_url_problem(values["url"], emu.allow_loopback_push)
    if problem:
        raise ValidationFailed(field, problem)


def _take_undocumented_events(emu: KolideEmulator, body: dict, member: str) -> list[str]:
    """Fault kolide-other-events-taken: the event types besides the documented ones, removed
    from `body` (so the validation passes) to be taken as well; none without the fault."""
    requested = body.get(member)
    if not emu.fault("kolide-other-events-taken") or not isinstance(requested, list):
        return []
    known = (*EVENTS_SUPPORTED, VERIFICATION.uri)
    body[member] = [e for e in requested if e in known] or None
    return [e for e in requested if isinstance(e, str) and e not in known]


async def discovery(request: Request) -> Response:
    emu = emulator(request)
    return json_response({
        "issuer": emu.issuer, "jwks_uri": emu.issuer + JWKS_PATH,
        "delivery_methods_supported": [PUSH, POLL], "events_supported": list(EVENTS_SUPPORTED),
        "configuration_endpoint": emu.issuer + STREAMS_PATH,
        "verification_endpoint": emu.issuer + STREAMS_PATH + "/{stream_id}/test"})


async def jwks(request: Request) -> Response:
    return json_response(emulator(request).keys.jwks())


async def create_stream(request: Request) -> Response:
    emu = require_api(request)
    body = await json_body(request)
    inner = legacy_body(body)
    if inner is not None and emu.fault("kolide-legacy-body-refused"):
        raise ValidationFailed("ssf_stream", "is not a supported request body")
    undocumented = _take_undocumented_events(emu, inner if inner is not None else body,
                                             "event_subscriptions" if inner is not None
                                             else "events_requested")
    values = parse_legacy(inner) if inner is not None else parse_standard(body)
    values["events"] = values["events"] + undocumented
    _check_push_url(emu, values, values.pop("url_field"))
    stream, token = emu.create_stream(values)
    shown = token if stream.delivery_type == "poll" else None
    return json_response(representation(emu, stream, shown), status=201)


async def list_streams(request: Request) -> Response:
    emu = require_api(request)
    data = [representation(emu, s) for s in emu.streams.all()]
    if emu.fault("kolide-list-unwrapped"):
        return json_response(data)
    return json_response({"data": data, "pagination": {
        "next": "", "next_cursor": "", "current_cursor": "", "count": len(data)}})


async def read_stream(request: Request) -> Response:
    emu = require_api(request)
    return json_response(representation(emu, stream_or_404(emu, request.path_params["key"])))


async def update_stream(request: Request) -> Response:
    """PATCH with the legacy body; a standard (unwrapped) body is refused, as Rails'
    `params.require(:ssf_stream)` does (400 naming the missing member)."""
    emu = require_api(request)
    stream = stream_or_404(emu, request.path_params["key"])
    body = await json_body(request)
    inner = legacy_body(body)
    if inner is None:
        raise ApiError(400, "parameter_missing", "param is missing or the value is empty: "
                       "ssf_stream")
    changes = parse_update(inner)
    merged = {"url": stream.url, "delivery_type": stream.delivery_type, **changes}
    if "url" in changes or merged["delivery_type"] != stream.delivery_type:
        _check_push_url(emu, merged, "aud")
    return json_response(representation(emu, emu.streams.update(stream, changes)))


async def delete_stream(request: Request) -> Response:
    """The console's Delete (the document's way to rotate a lost poll token)."""
    emu = require_api(request)
    emu.streams.delete(stream_or_404(emu, request.path_params["key"]))
    return empty_response(204)

