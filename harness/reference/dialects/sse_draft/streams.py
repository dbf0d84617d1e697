"""Stream management of the legacy SSE draft: create/read/update/delete at the configuration
endpoint, status, add/remove subject, verification, RFC 8936 poll; Google's `v1beta/stream`,
`stream:update` and `stream:verify` for the google-risc flavour.

Legacy semantics: one stream per receiver, so a call without `stream_id` means the most recent
stream. The create/update body is `{delivery: {method | delivery_method: <RISC URN>,
endpoint_url | url, authorization_header?}, events_requested?, aud?, format?}`; ABM's answer
spells `delivery.method`/`endpoint_url`, Google's `delivery.delivery_method`/`url`.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.hardening import InputError, bearer_matches, http_url
from harness.reference.dialects.emulator_core import BodyError, Stream, read_json
from harness.reference.dialects.sse_draft import legacy
from harness.ssf.constants import STATUS_VALUES


class SseError(Exception):
    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def error(status: int, code: str, description: str) -> JSONResponse:
    return JSONResponse({"error": code, "error_description": description}, status_code=status)


def _sse(request: Request):
    return request.app.state.sse


async def _body(request: Request, allow_empty: bool = False) -> dict:
    if not bearer_matches(request.headers.get("authorization"), _sse(request).settings.api_token):
        raise SseError(401, "access_denied", "missing or wrong bearer token")
    try:
        return await read_json(request, allow_empty=allow_empty)
    except BodyError as exc:
        raise SseError(400, "invalid_request", str(exc)) from None


def _stream(request: Request, stream_id: object = None) -> Stream:
    sse = _sse(request)
    stream_id = stream_id or request.query_params.get("stream_id")
    if stream_id is None:
        streams = sse.core.streams()
        if streams:
            return streams[-1]
    elif isinstance(stream_id, str) and (found := sse.core.stream(stream_id)):
        return found
    raise SseError(404, "not_found", "no such stream")


def _push_url(value: object, sse) -> str:
    try:
        url = http_url(value, "delivery.endpoint_url")
    except InputError as exc:
        raise SseError(400, "invalid_request", str(exc)) from None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if parts.scheme != "https" and not (local and sse.settings.allow_loopback_addresses):
        raise SseError(400, "invalid_request", "the push endpoint must be an https URL")
    return url


def _config(body: dict, sse, stream_id: str, old: dict | None) -> dict:
    """The stream configuration from a create/update body (an update keeps what it omits)."""
    old = old or {}
    delivery = body.get("delivery", None if not old else {})
    if not isinstance(delivery, dict):
        raise SseError(400, "invalid_request", "delivery must be an object")
    urn = delivery.get("method", delivery.get("delivery_method"))
    method = legacy.method_of(urn, sse.faults) if urn is not None else \
        old.get("_delivery", {}).get("method")
    if method is None:
        raise SseError(400, "invalid_request", "delivery method must be one of "
                                               f"{sorted(legacy.urns(sse.faults).values())}")
    url = delivery.get("endpoint_url", delivery.get("url"))
    if method == "push":
        url = _push_url(url if url is not None else old.get("_delivery", {}).get("url"), sse)
    else:  # the transmitter's poll endpoint for this stream
        url = f"{sse.root}/poll/{stream_id}"
    requested = body.get("events_requested", old.get("events_requested",
                                                    legacy.EVENTS[sse.flavour]))
    if not isinstance(requested, list) or not all(isinstance(e, str) for e in requested):
        raise SseError(400, "invalid_request", "events_requested must be an array of strings")
    aud = body.get("aud", old.get("aud", sse.audience))
    if not (isinstance(aud, str) or isinstance(aud, list) and aud and
            all(isinstance(a, str) for a in aud)):
        raise SseError(400, "invalid_request", "aud must be a string or an array of strings")
    delivered = [e for e in legacy.EVENTS[sse.flavour] if e in requested]
    urn = legacy.urns(sse.faults)[method]
    shown = {"delivery_method": urn, "url": url} if sse.flavour == "google-risc" else \
        {"method": urn, "endpoint_url": url}
    config = {"stream_id": stream_id, "iss": sse.issuer, "aud": aud, "delivery": shown,
              "events_supported": legacy.EVENTS[sse.flavour], "events_requested": requested,
              "events_delivered": delivered,
              "_delivery": {"method": method, "url": url, "events": delivered,
                            "authorization": delivery.get("authorization_header",
                                                          old.get("_delivery", {}).get(
                                                              "authorization"))}}
    if isinstance(body.get("format", old.get("format")), str):   # ABM sends a subject format
        config["format"] = body.get("format", old.get("format"))
    return config


async def create(request: Request) -> Response:
    sse = _sse(request)
    body = await _body(request)
    stream_id = sse.core.new_jti()
    stream = sse.core.save_stream(stream_id, _config(body, sse, stream_id, None), "enabled")
    if sse.settings.options.get("verify_on_create"):  # Keycloak verifies on its own
        sse.verify(stream, None)
    return JSONResponse(stream.public(), status_code=201)


async def read(request: Request) -> Response:
    await _body(request, allow_empty=True)
    return JSONResponse(_stream(request).public())


async def update(request: Request) -> Response:
    sse = _sse(request)
    body = await _body(request)
    stream = _stream(request, body.get("stream_id"))
    config = _config(body, sse, stream.stream_id, stream.config)
    return JSONResponse(sse.core.save_stream(stream.stream_id, config, stream.status).public())


async def google_read(request: Request) -> Response:
    """`GET /v1beta/stream`: the project's one stream, as Google answers it: no stream_id
    (there is nothing to choose between)."""
    await _body(request, allow_empty=True)
    streams = _sse(request).core.streams()
    if not streams:
        raise SseError(404, "not_found", "no stream: POST /v1beta/stream:update makes it")
    return JSONResponse({k: v for k, v in streams[-1].public().items() if k != "stream_id"})


async def google_update(request: Request) -> Response:
    """`POST /v1beta/stream:update`: one stream per project, made by its first update."""
    sse = _sse(request)
    body = await _body(request)
    streams = sse.core.streams()
    stream_id = streams[-1].stream_id if streams else sse.core.new_jti()
    config = _config(body, sse, stream_id, streams[-1].config if streams else None)
    sse.core.save_stream(stream_id, config, streams[-1].status if streams else "enabled")
    return JSONResponse({})


async def delete(request: Request) -> Response:
    await _body(request, allow_empty=True)
    _sse(request).core.delete_stream(_stream(request).stream_id)
    return Response(status_code=204)


async def status(request: Request) -> Response:
    sse = _sse(request)
    body = await _body(request, allow_empty=True)
    stream = _stream(request, body.get("stream_id"))
    if request.method == "POST":
        if body.get("status") not in STATUS_VALUES:
            raise SseError(400, "invalid_request", f"status must be one of {STATUS_VALUES}")
        await sse.core.set_status(stream.stream_id, body["status"])
        stream = sse.core.stream(stream.stream_id)
    return JSONResponse({"stream_id": stream.stream_id, "status": stream.status})


async def subject(request: Request) -> Response:
    sse = _sse(request)
    body = await _body(request)
    stream = _stream(request, body.get("stream_id"))
    value = body.get("subject")
    if not isinstance(value, dict) or not value:
        raise SseError(400, "invalid_request", "subject must be a non-empty object")
    if request.url.path.endswith("/add-subject"):
        sse.core.add_subject(stream.stream_id, value)
        return Response(status_code=200)
    if not sse.core.remove_subject(stream.stream_id, value):
        raise SseError(404, "not_found", "the subject is not in the stream")
    return Response(status_code=204)


async def verify(request: Request) -> Response:
    sse = _sse(request)
    body = await _body(request, allow_empty=True)
    state = body.get("state")
    if state is not None and not isinstance(state, str):
        raise SseError(400, "invalid_request", "state must be a string")
    sse.verify(_stream(request, body.get("stream_id")), state)
    return Response(status_code=204)


async def poll(request: Request) -> Response:
    sse = _sse(request)
    body = await _body(request, allow_empty=True)
    stream = _stream(request, request.path_params["stream_id"])
    max_events, immediately = body.get("maxEvents"), body.get("returnImmediately", False)
    acks, errs = body.get("ack", []), body.get("setErrs", {})
    if (max_events is not None and (type(max_events) is not int or max_events < 0)) or \
            type(immediately) is not bool or not isinstance(acks, list) or \
            not all(isinstance(a, str) for a in acks) or not isinstance(errs, dict) or \
            stream.method != "poll":
        raise SseError(400, "invalid_request", "not an RFC 8936 poll request for a poll stream")
    sets, more = await sse.core.poll(stream.stream_id, max_events, immediately, acks, errs,
                                     sse.poll_wait)
    return JSONResponse({"sets": sets, "moreAvailable": more})
