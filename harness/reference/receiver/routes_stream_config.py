"""Control endpoints that make this receiver read its stream's configuration at the transmitter
(SSF §8.1.1.2) and replace it (PUT, SSF §8.1.1.4). Kept apart from routes_control.py, which
holds create, update, status, subjects and delete."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from harness.reference.receiver.control_schemas import check
from harness.reference.receiver.errors import read_json_object, require_control
from harness.reference.receiver.routes_control import _current_stream, _redacted, _transmitter
from harness.ssf.constants import PUSH

async def read_stream_config(request: Request) -> JSONResponse:
    """GET: read the stream at the transmitter (its iss is checked, SSF-STREAM-24) and keep
    what the transmitter says now."""
    rt = request.app.state.receiver
    require_control(request)
    stream = _current_stream(rt, request.query_params.get("stream_id"))
    config = _redacted(await _transmitter(rt.client.get_stream, stream["stream_id"]))
    await run_in_threadpool(rt.engine.store.save_stream, config, stream["warnings"])
    return JSONResponse({"stream": config})


def _delivery(rt, current: dict) -> dict:
    """The receiver-supplied delivery as this receiver set it: for push its own endpoint and
    authorization (the stored copy is redacted), for poll the method and the poll URL it uses."""
    delivery = current.get("delivery") or {}
    if delivery.get("method") == PUSH:
        out = {"method": PUSH, "endpoint_url": rt.config.push_endpoint_url}
        if rt.config.push_bearer and "create-without-authorization-header" not in rt.config.faults:
            out["authorization_header"] = f"Bearer {rt.config.push_bearer}"
        return out
    return {k: v for k, v in delivery.items() if k in ("method", "endpoint_url")}


def replace_body(rt, current: dict, changes: dict) -> dict:
    """SSF §8.1.1.4: the PUT carries stream_id and *all* receiver-supplied properties, the
    changed ones with their new values. The defect sends only what changed."""
    body = {"stream_id": current["stream_id"], **changes}
    if rt.config.has_fault("replace-with-changed-members-only"):
        return body
    if "delivery" in current:
        body.setdefault("delivery", _delivery(rt, current))
    for name in ("events_requested", "description"):
        if name in current:
            body.setdefault(name, current[name])
    return body


async def replace_stream(request: Request) -> JSONResponse:
    """PUT {events_requested?, description?}: replace the stream's configuration."""
    rt = request.app.state.receiver
    require_control(request)
    changes = check("replace", await read_json_object(request, rt.config.max_body_bytes, False))
    stream = _current_stream(rt, changes.pop("stream_id", None))
    current = await _transmitter(rt.client.get_stream, stream["stream_id"])
    config = await _transmitter(rt.client.replace_stream, replace_body(rt, current, changes))
    if config is None:  # 202: accepted, not applied yet
        return JSONResponse({"stream_id": stream["stream_id"], "status": "accepted"},
                            status_code=202)
    config = _redacted(config)
    await run_in_threadpool(rt.engine.store.save_stream, config, stream["warnings"])
    poll_url = (config.get("delivery") or {}).get("endpoint_url")
    if rt.poller.running and poll_url and poll_url != rt.poller.endpoint_url:
        await rt.set_poller(True, poll_url)   # the transmitter moved the poll URL
    return JSONResponse({"stream": config})
