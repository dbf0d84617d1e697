"""`POST /ssf/receiver/push`: RFC 8935 push delivery.

Checks, in order: bearer → Content-Type → body size → the SET itself (engine.ingest). Every
request that reaches the SET stage is committed to the event log before the answer; refused
requests are logged too, with their reason.
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from harness.hardening import bearer_matches
from harness.reference.receiver.engine import received_from_token
from harness.reference.receiver.errors import PushError, push_error_response, read_body
from harness.reference.receiver.refusals import refusal
from harness.ssf.constants import SET_MEDIA_TYPE


def _bearer_ok(request: Request, expected: str) -> bool:
    return bearer_matches(request.headers.get("authorization"), expected)


async def _refuse(rt, request: Request, status: int, err: str, description: str,
                  headers: dict[str, str] | None = None) -> Response:
    """Log a request refused before SET validation (its body, if small enough), then answer."""
    try:
        body = await read_body(request, rt.config.max_body_bytes, push=True)
        token = body.decode("latin-1")
    except PushError:
        token = ""
    rec = received_from_token(token, "push", None)
    await run_in_threadpool(rt.engine.store.record_rejected, rec, err, description)
    rt.notifier.bump()
    return refusal(rt.config, request.headers.get("accept-language"), status, err, description,
                   headers)


async def push_endpoint(request: Request) -> Response:
    rt = request.app.state.receiver
    config = rt.config
    if config.push_bearer and not config.has_fault("no-bearer-required"):
        if not _bearer_ok(request, config.push_bearer):
            # The description never repeats what was sent: it may be a credential.
            if config.varies("bearer-refused-with-400"):  # as RFC 8935 §2.3 Figure 4 does
                return await _refuse(rt, request, 400, "authentication_failed",
                                     "missing or wrong bearer token")
            return await _refuse(rt, request, 401, "authentication_failed",
                                 "missing or wrong bearer token",
                                 {"WWW-Authenticate": 'Bearer realm="ssf-receiver"'})
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != SET_MEDIA_TYPE and not config.varies("content-type-lenient"):
        # A general HTTP error (RFC 8935 §2.3): 400, or 415 Unsupported Media Type.
        status = 415 if config.varies("media-type-refused-with-415") else 400
        return await _refuse(rt, request, status, "invalid_request",
                             f"Content-Type must be {SET_MEDIA_TYPE}")
    try:
        body = await read_body(request, config.max_body_bytes, push=True)
    except PushError as exc:
        rec = received_from_token("", "push", None)
        await run_in_threadpool(rt.engine.store.record_rejected, rec, exc.err, exc.description)
        rt.notifier.bump()
        return refusal(config, request.headers.get("accept-language"), exc.status, exc.err,
                       exc.description, exc.headers)
    result = await run_in_threadpool(rt.engine.ingest, body, "push")
    if result.outcome == "accepted":
        rt.worker.submit(result.event_id)
    rt.notifier.bump()
    if result.outcome == "unavailable":
        return push_error_response(503, "temporarily_unavailable",
                                   "the transmitter's keys cannot be fetched now; retry later",
                                   {"Retry-After": "5"})
    if not result.ok:
        return refusal(config, request.headers.get("accept-language"), 400, result.err,
                       result.description)
    return Response(status_code=200 if config.has_fault("answers-200-not-202") else 202)
