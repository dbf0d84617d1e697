"""Control endpoints: how an operator or the conformance suite drives this receiver's stream at
the transmitter (create, verify, update, status, subjects, delete), its polling, and its IdP.
Protected by `control_token` when one is configured."""
from __future__ import annotations

import secrets
import sqlite3

import httpx

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.reference.receiver.control_schemas import check
from harness.reference.receiver.errors import ApiError, read_json_object, require_control
from harness.reference.receiver.idp import UserExists
from harness.reference.receiver.polling_wire import PollResponseError
from harness.reference.receiver.transmitter_client import (
    DiscoveryError, IssuerMismatchError, TransmitterError, TransmitterUnavailable,
)
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import DELIVERABLE_EVENTS


async def _body(request: Request, schema: str, empty_ok: bool = True) -> tuple[object, dict]:
    rt = request.app.state.receiver
    require_control(request)
    body = await read_json_object(request, rt.config.max_body_bytes, empty_ok)
    return rt, check(schema, body) if schema else body


async def _transmitter(call, *args):
    """Run a TransmitterClient call off the loop; map its failures to 502/503 JSON errors."""
    try:
        return await run_in_threadpool(call, *args)
    except TransmitterUnavailable as exc:
        raise ApiError(503, exc.code, str(exc)) from None
    except (IssuerMismatchError, DiscoveryError) as exc:
        raise ApiError(502, exc.code, str(exc)) from None
    except TransmitterError as exc:
        raise ApiError(502, exc.code, str(exc), extra={"transmitter_status": exc.status}) from None


def _redacted(config: dict) -> dict:
    """A stream configuration safe to store and show: the push credential is masked."""
    delivery = config.get("delivery")
    if isinstance(delivery, dict) and "authorization_header" in delivery:
        return {**config, "delivery": {**delivery, "authorization_header": "[redacted]"}}
    return config


def _current_stream(rt, stream_id: str | None) -> dict:
    stream = rt.engine.store.stream(stream_id)
    if stream is None:
        raise ApiError(404, "not_found", "no such stream" if stream_id else "no stream yet")
    return stream


def _events_requested(rt) -> list[str]:
    if rt.config.events_requested:
        return list(rt.config.events_requested)
    return [e.uri for e in DELIVERABLE_EVENTS if not e.deprecated]


async def create_stream(request: Request) -> Response:
    rt, body = await _body(request, "create_stream")
    if rt.engine.store.stream() is not None:
        raise ApiError(409, "stream_exists", "a stream exists; delete it first")
    if rt.config.has_fault("first-create-not-sent") and not rt.client.metadata_cached:
        # The defect: a cold cache sends the create off to discovery, which never sends it on.
        await _transmitter(rt.client.discover)
        return JSONResponse({"status": "accepted"}, status_code=202)
    # Fresh metadata for a new stream: one whose issuer no longer matches is refused before
    # anything depends on it (SSF §7.2.4), not found out from a stale cache.
    await _transmitter(rt.client.discover, True)
    request_body = _create_body(rt, body)
    config = _redacted(await _transmitter(rt.client.create_stream, request_body))
    if not isinstance(config.get("stream_id"), str) or not config["stream_id"]:
        raise ApiError(502, "transmitter_invalid", "created stream has no stream_id")
    warnings = []
    aud = config.get("aud")
    if rt.config.audience not in ([aud] if isinstance(aud, str) else aud or []):
        warnings.append(f"stream aud does not name {rt.config.audience!r} (SSF-STREAM-25)")
    await run_in_threadpool(rt.engine.store.save_stream, config, warnings)
    if rt.config.has_fault("add-subjects-after-create"):  # INTEROP-RX-02: subjects are implicit
        await _subscribe_idp_users(rt, config["stream_id"])
    poll_url = (config.get("delivery") or {}).get("endpoint_url")
    if request_body["delivery"]["method"] == POLL and body.get("start_poller", True) and poll_url:
        await rt.set_poller(True, poll_url)
    rt.notifier.bump()
    return JSONResponse({"stream": config, "warnings": warnings}, status_code=201)


def _create_body(rt, body: dict) -> dict:
    """The create request (SSF §8.1.1.1): Receiver-Supplied members only."""
    faults = rt.config.faults
    if body.get("delivery", "push") == "push":
        url = rt.config.push_endpoint_url
        if "push-endpoint-not-https" in faults:
            url = "http://" + url.split("://", 1)[-1]
        delivery = {"method": PUSH, "endpoint_url": url}
        if rt.config.push_bearer and "create-without-authorization-header" not in faults:
            # SSF §6.1.1, catalog N14: the header value verbatim
            delivery["authorization_header"] = f"Bearer {rt.config.push_bearer}"
    else:
        delivery = {"method": POLL}
    request_body = {"delivery": delivery}
    if "create-without-events-requested" not in faults:
        request_body["events_requested"] = body.get("events_requested") or _events_requested(rt)
    if "description" in body:
        request_body["description"] = body["description"]
    return request_body


async def _subscribe_idp_users(rt, stream_id: str) -> None:
    users = await run_in_threadpool(rt.engine.idp.users)
    for email in (u.get("email") for u in users):
        if email:
            await _transmitter(rt.client.add_subject, stream_id,
                               {"format": "email", "email": email})


async def read_streams(request: Request) -> Response:
    rt = request.app.state.receiver
    require_control(request)
    return JSONResponse({"streams": await run_in_threadpool(rt.engine.store.streams)})


async def verify_stream(request: Request) -> Response:
    rt, body = await _body(request, "verify")
    stream = _current_stream(rt, body.get("stream_id"))
    state = body.get("state") or secrets.token_urlsafe(24)
    # Remembered before asking, so a fast verification SET finds it (SSF-VERIFY-10).
    try:
        await run_in_threadpool(rt.engine.store.add_verification, state, stream["stream_id"])
    except sqlite3.IntegrityError:
        raise ApiError(409, "state_in_use", "this state was already used") from None
    await _transmitter(rt.client.request_verification, stream["stream_id"], state)
    return JSONResponse({"stream_id": stream["stream_id"], "state": state,
                         "status": "requested"}, status_code=202)


async def update_stream(request: Request) -> Response:
    rt, body = await _body(request, "patch", empty_ok=False)
    stream = _current_stream(rt, body.get("stream_id"))
    patch = {**body, "stream_id": stream["stream_id"]}
    if rt.config.has_fault("update-without-stream-id"):  # SSF §8.1.1.3 requires it
        del patch["stream_id"]
    config = await _transmitter(rt.client.update_stream, patch)
    if config is None:  # the transmitter accepted the change but has not applied it yet
        return JSONResponse({"stream_id": stream["stream_id"], "status": "accepted"},
                            status_code=202)
    config = _redacted(config)
    await run_in_threadpool(rt.engine.store.save_stream, config, stream["warnings"])
    return JSONResponse({"stream": config})


async def delete_stream(request: Request) -> Response:
    rt, _ = await _body(request, "")
    stream = _current_stream(rt, request.query_params.get("stream_id"))
    try:
        await _transmitter(rt.client.delete_stream, stream["stream_id"])
    except ApiError:
        # Clean: the stream is forgotten only once the transmitter deleted it. The defect
        # forgets it whatever the transmitter said (so it never notices the nameless DELETE).
        if not rt.config.has_fault("delete-without-stream-id"):
            raise
    await run_in_threadpool(rt.engine.store.mark_stream_deleted, stream["stream_id"])
    delivery = stream["config"].get("delivery") or {}
    if rt.poller.running and rt.poller.endpoint_url == delivery.get("endpoint_url"):
        await rt.set_poller(False, None)
    rt.notifier.bump()
    return Response(status_code=204)


async def stream_status(request: Request) -> Response:
    rt = request.app.state.receiver
    if request.method == "GET":
        await _body(request, "")
        stream = _current_stream(rt, request.query_params.get("stream_id"))
        return JSONResponse(await _transmitter(rt.client.get_status, stream["stream_id"]))
    rt, body = await _body(request, "status", empty_ok=False)
    stream = _current_stream(rt, body.get("stream_id"))
    result = await _transmitter(rt.client.set_status, stream["stream_id"], body["status"],
                                body.get("reason"))
    if result is None:
        return JSONResponse({"stream_id": stream["stream_id"], "status": "accepted"},
                            status_code=202)
    await run_in_threadpool(rt.engine.store.set_stream_status, stream["stream_id"],
                            result.get("status", body["status"]), result.get("reason"))
    return JSONResponse(result)


async def stream_subject(request: Request) -> Response:
    rt, body = await _body(request, "subject", empty_ok=False)
    stream = _current_stream(rt, body.get("stream_id"))
    if request.url.path.endswith("/add"):
        await _transmitter(rt.client.add_subject, stream["stream_id"], body["subject"],
                           body.get("verified"))
    else:
        await _transmitter(rt.client.remove_subject, stream["stream_id"], body["subject"])
    return Response(status_code=204)


async def poll_now(request: Request) -> Response:
    rt, body = await _body(request, "poll")
    if rt.poller.running:
        raise ApiError(409, "poller_running", "the background poller is polling; disable it first")
    url = rt.poll_endpoint(body.get("endpoint_url"))
    if not url:
        raise ApiError(409, "no_poll_endpoint", "no poll stream and no poll_endpoint_url")
    max_events = body.get("max_events", rt.config.poll_max_events)
    summary = await _poll_errors(rt.poll_client.drain(url, max_events,
                                                      body.get("return_immediately", True)))
    return JSONResponse(summary)


async def _poll_errors(coro):
    try:
        return await coro
    except TransmitterError as exc:
        raise ApiError(502, exc.code, str(exc), extra={"transmitter_status": exc.status}) from None
    except (httpx.HTTPError, PollResponseError) as exc:  # network, or a malformed response
        raise ApiError(502, "poll_failed", f"poll failed ({type(exc).__name__})") from None


async def poller(request: Request) -> Response:
    rt = request.app.state.receiver
    require_control(request)
    if request.method == "POST":
        rt, body = await _body(request, "poller", empty_ok=False)
        url = rt.poll_endpoint(body.get("endpoint_url"))
        if body["enabled"] and not url:
            raise ApiError(409, "no_poll_endpoint", "no poll stream and no poll_endpoint_url")
        await rt.set_poller(body["enabled"], url if body["enabled"] else None)
    return JSONResponse(rt.poller.status())


async def idp_users(request: Request) -> Response:
    rt = request.app.state.receiver
    require_control(request)
    if request.method == "GET":
        return JSONResponse({"users": await run_in_threadpool(rt.engine.idp.users)})
    rt, body = await _body(request, "user", empty_ok=False)
    try:
        user = await run_in_threadpool(rt.engine.idp.add_user, body)
    except UserExists as exc:
        raise ApiError(409, "user_exists", str(exc)) from None
    return JSONResponse(user, status_code=201)
