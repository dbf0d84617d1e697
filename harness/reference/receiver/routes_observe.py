"""Observation endpoints (the sandbox layout): receiver status, the received-event log, the
response-action log, verifications and the IdP's security state.

All behind the control token when one is configured: they show subjects, sessions and the
received SETs. `wait=<seconds>` (bounded by max_wait_seconds) makes a read block until its condition holds —
e.g. the event with `jti` is logged/processed — woken by the receiver's change notifier rather
than by polling, so callers never sleep.
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from harness.hardening import InputError, ascii_int, ascii_number
from harness.reference.receiver.errors import ApiError, require_control
from harness.ssf.events import BY_ACTION, STREAM_UPDATED, VERIFICATION


def _number(request: Request, name: str, kind, default, low, high):
    """An ASCII-digit integer or plain decimal ('٣', '²', 'nan', '1e999' are all refused)."""
    parse = ascii_int if kind is int else ascii_number
    try:
        return parse(request.query_params.get(name), name, minimum=low, maximum=high,
                     default=default)
    except InputError:
        raise ApiError(400, "invalid_request",
                       f"query parameter {name} must be a number in [{low}, {high}]") from None


def _bool(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise ApiError(400, "invalid_request", f"query parameter {name} must be true or false")


def _wait(request: Request) -> float:
    rt = request.app.state.receiver
    return _number(request, "wait", float, 0.0, 0.0, rt.config.max_wait_seconds)


async def _waited(request: Request, condition) -> None:
    wait = _wait(request)
    if wait > 0:
        async def check() -> bool:
            return await run_in_threadpool(condition)
        await request.app.state.receiver.notifier.wait_until(check, wait)


async def status(request: Request) -> Response:
    require_control(request)
    rt = request.app.state.receiver

    def build() -> dict:
        store = rt.engine.store
        verifications = store.verifications()
        warnings = []
        if not (rt.config.transmitter_issuer or rt.config.transmitter_metadata_url or "") \
                .startswith("https://"):
            warnings.append("the transmitter is not reached over https (SSF-DISC-19)")
        return {
            "status": "ok",
            "transmitter": rt.config.transmitter_issuer or rt.config.transmitter_metadata_url,
            "audience": rt.config.audience,
            "push_endpoint": rt.config.push_endpoint_url,
            "streams": [{"stream_id": s["stream_id"], "status": s["status"],
                         "status_reason": s["status_reason"], "warnings": s["warnings"],
                         "delivery_method": (s["config"].get("delivery") or {}).get("method")}
                        for s in store.streams()],
            "counts": {**store.counts(), "actions": rt.engine.idp.action_count()},
            "last_verification": verifications[-1] if verifications else None,
            "jwks_fetches": rt.engine.jwks.fetches,
            "faults": sorted(rt.config.faults),
            "warnings": warnings,
        }

    return JSONResponse({**await run_in_threadpool(build), "poller": rt.poller.status()})


def _event_filters(request: Request) -> dict:
    q = request.query_params
    event_uri = q.get("event_uri")
    order = q.get("order", "asc")
    if order not in ("asc", "desc"):
        raise ApiError(400, "invalid_request", "order must be asc or desc")
    if q.get("event_type"):
        known = {**BY_ACTION, "verification": VERIFICATION, "stream-updated": STREAM_UPDATED}
        if q["event_type"] not in known:
            raise ApiError(400, "invalid_request", "unknown event_type")
        event_uri = known[q["event_type"]].uri
    return {"jti": q.get("jti"), "accepted": _bool(request, "accepted"),
            "duplicate": _bool(request, "duplicate"), "event_uri": event_uri,
            "err": q.get("err"), "delivery": q.get("delivery"),
            "since": _number(request, "since", float, None, 0, 1e12),
            "limit": _number(request, "limit", int, 100, 1, 1000), "newest_first": order == "desc"}


async def events(request: Request) -> Response:
    require_control(request)
    store = request.app.state.receiver.engine.store
    filters = _event_filters(request)
    min_count = _number(request, "min_count", int, 1, 1, 1000)
    await _waited(request, lambda: len(store.events(**filters)) >= min_count)
    return JSONResponse({"events": await run_in_threadpool(lambda: store.events(**filters))})


async def actions(request: Request) -> Response:
    require_control(request)
    rt = request.app.state.receiver
    q = request.query_params
    user_id = _number(request, "user_id", int, None, 0, 2**62)
    filters = {"jti": q.get("jti"), "action": q.get("action"), "user_id": user_id,
               "limit": _number(request, "limit", int, 100, 1, 1000)}
    jti = q.get("jti")

    def settled() -> bool:
        # With a jti: wait until its accepted event has been processed (it may log no action).
        if jti is None:
            return bool(rt.engine.idp.actions(**filters))
        logged = rt.engine.store.events(jti=jti, accepted=True)
        return bool(logged) and all(e["processed"] for e in logged)

    await _waited(request, settled)
    return JSONResponse({"actions": await run_in_threadpool(lambda: rt.engine.idp.actions(
        **filters))})


async def verifications(request: Request) -> Response:
    require_control(request)
    store = request.app.state.receiver.engine.store
    state = request.query_params.get("state")
    await _waited(request, lambda: any(v["confirmed"] for v in store.verifications(state)))
    return JSONResponse({"verifications": await run_in_threadpool(store.verifications, state)})


async def security_states(request: Request) -> Response:
    require_control(request)
    idp = request.app.state.receiver.engine.idp
    return JSONResponse({"subjects": await run_in_threadpool(idp.security_states)})


async def security_state(request: Request) -> Response:
    require_control(request)
    idp = request.app.state.receiver.engine.idp
    email = request.path_params["email"]
    state = await run_in_threadpool(idp.security_state_for_email, email)
    if state is None:
        raise ApiError(404, "not_found", "no security state for this subject")
    return JSONResponse(state)
