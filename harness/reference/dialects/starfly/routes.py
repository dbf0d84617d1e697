"""starfly's stream API: the documented `POST /v1/signals/stream`, and the emulator additions a
suite needs that the document does not describe (marked EMULATOR ADDITION below).

Documented rules (../shared/seeds/starfly-signals-stream-api.txt): the flat body with `iss`,
`aud`, `events_requested` and `delivery_method` (push|poll) required, `events_delivered`
optional; `endpoint_url` HTTPS for push, localhost and 127.0.0.1 exempted; the answer
{stream_id, iss, aud, events_supported, status}; errors {error, error_description}.
The document names no credential but mTLS ("when TLS is enabled"), so the additions are
protected the same way: by the TLS listener, not by a bearer.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from harness.hardening import InputError, http_url
from harness.reference.dialects.emulator_core import BodyError, Stream, read_json
from harness.reference.dialects.starfly.errors import StarflyError, error
from harness.ssf.events import BY_ACTION, CAEP_EVENTS

EVENTS_SUPPORTED = [e.uri for e in CAEP_EVENTS]
LOCAL_HOSTS = ("localhost", "127.0.0.1")   # the document's HTTPS exemption, exactly these
DELIVERY_METHODS = ("push", "poll")
POLL_WAIT_SECONDS = 5.0   # longest a poll without returnImmediately is held open


def _emulator(request: Request):
    return request.app.state.starfly


def _invalid(description: str) -> StarflyError:
    return StarflyError(400, "invalid_request", description)


def _string(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise _invalid(f"{name} is required and must be a non-empty string")
    return value


def _strings(body: dict, name: str, required: bool) -> list[str] | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(f"{name} {'is required and ' if required else ''}must be an array of "
                       "strings")
    return value


def _endpoint(value: object, faults: frozenset[str]) -> str:
    try:
        url = http_url(value, "endpoint_url")
    except InputError as exc:
        raise _invalid(str(exc)) from None
    parts = urlsplit(url)
    if parts.scheme == "https":
        return url
    local = (parts.hostname or "").lower() in LOCAL_HOSTS
    if local and "starfly-localhost-refused" not in faults:
        return url
    if not local and "starfly-http-endpoint-accepted" in faults:
        return url
    raise _invalid("endpoint_url must use HTTPS (only localhost and 127.0.0.1 are exempted)")


def _answer(stream: Stream) -> dict:
    return {key: stream.config[key] for key in ("stream_id", "iss", "aud", "events_supported")} \
        | {"status": stream.status}


async def create_stream(request: Request) -> Response:
    emu = _emulator(request)
    if not emu.configured:
        if emu.fault("starfly-not-configured-500"):
            return PlainTextResponse("Internal Server Error", status_code=500)
        # 503: the transmitter cannot serve the request until it is configured (RFC 9110
        # §15.6.4, a condition of the server, not of the request), and server_error is the
        # documented code for a failure on the server's side. The document gives the body
        # ({error, error_description}) and the codes, not the status.
        return error(503, "server_error", "signal transmitter not configured")
    try:
        body = await read_json(request)
    except BodyError as exc:
        raise _invalid(str(exc)) from None
    if emu.fault("starfly-missing-iss-accepted") and body.get("iss") is None:
        body = {**body, "iss": "starfly"}
    iss, aud = _string(body, "iss"), _string(body, "aud")
    requested = _strings(body, "events_requested", required=True)
    delivered = _strings(body, "events_delivered", required=False)
    method = body.get("delivery_method")
    if method not in DELIVERY_METHODS:
        raise _invalid("delivery_method is required and must be push or poll")
    url = body.get("endpoint_url")
    if method == "push" and url is None:
        raise _invalid("endpoint_url is required for push delivery")
    if url is not None:
        url = _endpoint(url, emu.faults)
    stream_id = emu.core.new_jti()
    events = [e for e in (delivered if delivered is not None else requested)
              if e in EVENTS_SUPPORTED]
    config = {"stream_id": stream_id, "iss": iss, "aud": aud,
              "events_supported": EVENTS_SUPPORTED, "events_requested": requested,
              "delivery_method": method, "endpoint_url": url,
              "_delivery": {"method": method, "url": url, "events": events}}
    status = "active" if emu.fault("starfly-status-unknown-value") else "enabled"
    stream = emu.core.save_stream(stream_id, config, status)
    # "Stream created": 201 Created, the status for a request that made a new resource.
    return JSONResponse(_answer(stream), status_code=201)


def _stream_or_404(request: Request) -> Stream:
    stream = _emulator(request).core.stream(request.path_params["stream_id"])
    if stream is None:
        raise StarflyError(404, "not_found", "no such stream")
    return stream


async def read_stream(request: Request) -> Response:
    """EMULATOR ADDITION: the stream as the create answer showed it."""
    return JSONResponse(_answer(_stream_or_404(request)))


def _poll_body(body: dict) -> tuple[int | None, bool, list[str], dict]:
    max_events = body.get("maxEvents")
    if max_events is not None and (not isinstance(max_events, int) or isinstance(
            max_events, bool) or max_events < 0):
        raise _invalid("maxEvents must be a non-negative integer")
    immediately = body.get("returnImmediately", False)
    acks = body.get("ack", [])
    errs = body.get("setErrs", {})
    if not isinstance(immediately, bool) or not isinstance(acks, list) or \
            not all(isinstance(a, str) for a in acks) or not isinstance(errs, dict):
        raise _invalid("returnImmediately must be a boolean, ack an array of strings and "
                       "setErrs an object")
    return max_events, immediately, acks, errs


async def poll(request: Request) -> Response:
    """EMULATOR ADDITION: RFC 8936 poll of a poll stream (the document has no poll URL)."""
    stream = _stream_or_404(request)
    if stream.method != "poll":
        raise _invalid("this stream delivers by push")
    try:
        body = await read_json(request, allow_empty=True)
    except BodyError as exc:
        raise _invalid(str(exc)) from None
    max_events, immediately, acks, errs = _poll_body(body)
    sets, more = await _emulator(request).core.poll(stream.stream_id, max_events, immediately,
                                                    acks, errs, POLL_WAIT_SECONDS)
    return JSONResponse({"sets": sets, "moreAvailable": more})


async def jwks(request: Request) -> Response:
    """EMULATOR ADDITION: the keys receivers verify starfly's SETs with."""
    return JSONResponse(_emulator(request).core.keys.jwks())


def set_claims(stream: Stream, event_uri: str, email: str, jti: str) -> dict:
    """An SSF 1.0 SET (the document says nothing of its SETs: top-level sub_id, one event)."""
    now = int(time.time())
    payload = dict(BY_ACTION[event_uri.rsplit("/", 1)[-1]].example)
    payload.setdefault("event_timestamp", now)
    return {"iss": stream.config["iss"], "aud": stream.config["aud"], "iat": now, "jti": jti,
            "sub_id": {"format": "email", "email": email}, "events": {event_uri: payload}}
