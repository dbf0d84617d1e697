"""Bounds on one exchange with an implementation: a wall-clock deadline over the whole exchange
and a maximum body size.

httpx timeouts are per socket operation: a server that drips one byte every 4 s never trips a 5 s
read timeout, and one that streams an endless body never ends at all. The deadline is enforced in
the network layer: every connect, read and write of the exchange gets at most the time left
before the deadline (a contextvar set around the exchange), so the whole exchange, headers and
body, ends by its deadline. The body is read in chunks and reading stops past the limit.
"""
from __future__ import annotations

import contextlib
import contextvars
import time
from typing import Iterator

import httpcore
import httpx

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("exchange_deadline",
                                                                         default=None)


class BodyTooLarge(Exception):
    def __init__(self, limit: int, declared: int | None = None):
        self.limit, self.declared = limit, declared
        said = f" (Content-Length {declared})" if declared is not None else ""
        super().__init__(f"body exceeds {limit} bytes{said}")


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Every socket operation inside ends by now + seconds."""
    at = time.monotonic() + seconds
    token = _DEADLINE.set(at)
    try:
        yield at
    finally:
        _DEADLINE.reset(token)


def past_deadline() -> bool:
    at = _DEADLINE.get()
    return at is not None and time.monotonic() >= at


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the exchange deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname,
                                                    _clamp(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend):
        self.inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self.inner.connect_tcp(
            host, port, timeout=_clamp(timeout, httpcore.ConnectTimeout),
            local_address=local_address, socket_options=socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _DeadlineStream(self.inner.connect_unix_socket(
            path, timeout=_clamp(timeout, httpcore.ConnectTimeout), socket_options=socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def bounded_transport(**kwargs) -> httpx.HTTPTransport:
    """An httpx transport whose connections keep the exchange deadline."""
    transport = httpx.HTTPTransport(**kwargs)
    pool = transport._pool  # httpcore offers no public way to wrap its network backend
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    return transport


def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """The (decoded) body of a streamed response, refusing more than `limit` bytes: a declared
    Content-Length over the limit is refused before reading, an endless body after `limit`."""
    declared = response.headers.get("content-length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit, int(declared))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def bounded_request(client: httpx.Client, method: str, url: str, *, limit: int,
                    seconds: float, **kwargs) -> httpx.Response:
    """`client.request` within a whole-exchange deadline (the client's transport must be a
    `bounded_transport`) and a body limit (BodyTooLarge); the answer comes back read."""
    with deadline(seconds):
        with client.stream(method, url, **kwargs) as streamed:
            body = read_bounded(streamed, limit)
    headers = [(k, v) for k, v in streamed.headers.multi_items()
               if k.lower() != "content-encoding"]   # the body is already decoded
    return httpx.Response(streamed.status_code, headers=headers, content=body,
                          request=streamed.request)
