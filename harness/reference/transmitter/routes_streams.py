"""Configuration endpoint (SSF §8.1.1): create, read, update (PATCH), replace (PUT), delete."""
from __future__ import annotations

import time
import uuid

from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import Response

from harness.reference.transmitter.access import (
    find_stream, principal, query_stream_id, required_stream_id, transmitter,
)
from harness.reference.transmitter.auth import MANAGE, READ
from harness.reference.transmitter.httputil import (
    ApiError, bad_request, empty_response, json_response, read_json_object,
)
from harness.reference.transmitter.signals import INACTIVITY
from harness.reference.transmitter.subjects import stream_subject
from harness.reference.transmitter.stream_config import (
    apply_update, new_stream, render, stream_audience,
)
from harness.reference.transmitter.streams_store import Stream
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import VERIFICATION

_NO_PUT_ALLOW = "GET, POST, PATCH, DELETE"


def _new_stream_id(config) -> str:
    if config.varies("stream-id-unreserved"):  # every RFC 3986 §2.3 character class
        return f"Stream-{uuid.uuid4().hex[:12]}.v1~rx_{uuid.uuid4().hex[:6]}"
    return f"urn:uuid:{uuid.uuid4()}" if config.fault("stream-id-urn") else uuid.uuid4().hex


def _pace_creates(tx, client_id: str) -> None:
    """Variation create-rate-limit: creates closer together than `create_min_interval` are
    answered 429 with Retry-After (RFC 6585 §4); SSF sets no rate for the Configuration
    Endpoint."""
    interval = tx.config.create_min_interval
    if not interval:
        return
    now = time.monotonic()
    last = tx.last_create.get(client_id)
    if last is not None and now - last < interval:
        raise ApiError(429, "too_many_requests", "streams are created at most once per "
                       f"{interval:g} s", headers={"Retry-After": "1"})
    tx.last_create[client_id] = now


def _share_poll_endpoint(tx, stream: Stream) -> None:
    """Fault poll-endpoint-shared: reuse the receiver's first poll stream's endpoint_url."""
    first = next((s for s in tx.streams.list(stream.client_id) if s.method == POLL
                  and s.delivery.get("endpoint_url")), None)
    if stream.method == POLL and first is not None:
        stream.delivery["endpoint_url"] = first.delivery["endpoint_url"]


def _deleted_but_listed(request: Request, owner: str | None) -> list[dict]:
    """Fault delete-leaves-listed: deleted streams the list still shows."""
    kept = getattr(request.app.state, "deleted_but_listed", [])
    return [config for client, config in kept if owner is None or client == owner]


class StreamEndpoint(HTTPEndpoint):
    async def post(self, request: Request) -> Response:
        tx = transmitter(request)
        who = principal(request, MANAGE)
        body = await read_json_object(request, tx.config.max_body_bytes)
        if tx.config.fault("create-always-400"):
            raise ApiError(400, "invalid_request", "aud is required")
        _pace_creates(tx, who.client_id)
        if not tx.config.allow_multiple_streams and tx.streams.count_for_client(who.client_id):
            raise ApiError(409, "conflict", "this transmitter allows one stream per receiver")
        existing = tx.streams.list(who.client_id)
        if existing and tx.config.fault("second-create-same-id"):
            return json_response(render(tx.config, existing[0]), 201)
        if existing and tx.config.fault("second-create-replaces-first"):
            for old in existing:  # a single-stream transmitter that replaces instead of 409
                tx.streams.delete(old.stream_id)
        client = tx.tokens.client(who.client_id)
        stream_id = _new_stream_id(tx.config)
        aud = stream_audience(tx.config, client.aud if client is not None else who.client_id,
                              stream_id)
        stream = new_stream(tx.config, body, stream_id=stream_id,
                            client_id=who.client_id, aud=aud, now=time.time())
        if tx.config.fault("poll-endpoint-shared"):
            _share_poll_endpoint(tx, stream)
        tx.streams.insert(stream)
        tx.signals.fire(INACTIVITY)
        own_state = tx.config.fault("unsolicited-verification-with-state")
        if tx.config.varies("tx-initiated-verification") or own_state:  # SSF §8.1.4: "at any
            payload = {"state": "transmitter-chosen"} if own_state else {}  # time"
            tx.emit(stream, VERIFICATION.uri, payload, stream_subject(stream.stream_id),
                    txn=uuid.uuid4().hex)
        status = 200 if tx.config.fault("create-returns-200") else 201
        created = render(tx.config, stream)
        if tx.config.fault("create-omits-events-delivered"):
            del created["events_delivered"]
        return json_response(created, status)

    async def get(self, request: Request) -> Response:
        tx = transmitter(request)
        who = principal(request, READ)
        stream_id = query_stream_id(request)
        if stream_id is None or tx.config.fault("read-ignores-stream-id"):
            owner = None if tx.config.fault("cross-receiver-visible") else who.client_id
            configs = [render(tx.config, s) for s in tx.streams.list(owner)]
            configs += _deleted_but_listed(request, owner)
            if tx.config.fault("list-not-array"):
                return json_response({"streams": configs})
            return json_response(configs)
        try:
            stream = find_stream(tx, who, stream_id)
        except ApiError as exc:
            if exc.status == 404 and tx.config.fault("unknown-stream-returns-200"):
                return json_response({})
            raise
        return json_response(render(tx.config, stream))

    async def patch(self, request: Request) -> Response:
        return await self._update(request, replace=False)

    async def put(self, request: Request) -> Response:
        if transmitter(request).config.varies("no-put"):  # replacing is an optional feature
            raise ApiError(405, "method_not_allowed", "this transmitter does not replace "
                           "stream configurations; use PATCH", headers={"Allow": _NO_PUT_ALLOW})
        replace = not transmitter(request).config.fault("put-merges")
        return await self._update(request, replace=replace)

    async def _update(self, request: Request, *, replace: bool) -> Response:
        tx = transmitter(request)
        who = principal(request, MANAGE)
        body = await read_json_object(request, tx.config.max_body_bytes)
        if "stream_id" not in body:
            raise bad_request("'stream_id' is required")
        stream = find_stream(tx, who, body["stream_id"])
        updated = apply_update(tx.config, stream, body, replace=replace)
        if replace and tx.config.fault("put-keeps-events-delivered"):
            updated.events_delivered = list(stream.events_delivered)
        if tx.config.fault("patch-ignored") and not replace:
            return json_response(render(tx.config, stream))
        tx.streams.save_config(updated)
        if updated.method == PUSH:
            tx.wake(updated)  # e.g. switched from poll to push: start delivering the queue
        else:
            tx.signals.fire(updated.stream_id)
        if tx.config.varies("update-202-no-body"):  # SSF §8.1.1.3/4 tables: 202 "accepted,
            return empty_response(202)               # but not processed"; a GET shows it
        return json_response(render(tx.config, updated))

    async def delete(self, request: Request) -> Response:
        tx = transmitter(request)
        who = principal(request, MANAGE)
        stream_id = required_stream_id(request)
        stream = find_stream(tx, who, stream_id, touch=False)
        config = render(tx.config, stream)
        if not tx.config.fault("delete-leaves-readable"):
            tx.delete_stream(stream)
        if tx.config.fault("delete-leaves-listed"):
            request.app.state.deleted_but_listed = (
                getattr(request.app.state, "deleted_but_listed", []) + [(who.client_id, config)])
        if tx.config.fault("delete-returns-200-with-body"):
            return json_response(config)
        return empty_response(204)
