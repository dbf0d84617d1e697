"""Route helpers: the transmitter behind a request and a receiver's view of its own streams."""
from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from harness.reference.transmitter.auth import Principal, authenticate
from harness.reference.transmitter.httputil import ApiError, bad_request, not_found
from harness.reference.transmitter.streams_store import Stream

if TYPE_CHECKING:
    from harness.reference.transmitter.service import Transmitter


def transmitter(request: Request) -> Transmitter:
    return request.app.state.tx


def principal(request: Request, need: str) -> Principal:
    return authenticate(request, transmitter(request).tokens, need)


def find_stream(tx: Transmitter, who: Principal, stream_id, *, touch: bool = True) -> Stream:
    """The receiver's stream, else 404 (another receiver's stream is indistinguishable from a
    missing one). Any management call referencing a stream is eligible activity (SSF §8.1.1)."""
    if not isinstance(stream_id, str) or not stream_id:
        raise bad_request("'stream_id' must be a non-empty string")
    stream = tx.streams.get(stream_id)
    if (stream is not None and stream.client_id != who.client_id
            and tx.config.varies("cross-receiver-403")):  # "not allowed" (SSF §8.1.1 tables)
        raise ApiError(403, "forbidden", "this stream belongs to another receiver")
    if stream is None or (stream.client_id != who.client_id
                          and not tx.config.fault("cross-receiver-visible")):
        raise not_found()
    if touch and not tx.config.fault("inactivity-timer-not-refreshed"):
        tx.streams.touch(stream_id)
    return stream


def query_stream_id(request: Request) -> str | None:
    values = request.query_params.getlist("stream_id")
    if len(values) > 1:
        raise bad_request("'stream_id' must be given once")
    return values[0] if values else None


def required_stream_id(request: Request) -> str:
    stream_id = query_stream_id(request)
    if stream_id is None:
        raise bad_request("'stream_id' query parameter is required")
    return stream_id
