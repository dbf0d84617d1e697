"""Answers the reference servers read from others (a receiver's answer to a push, a forwarded
response, a directory's keys) are read up to a limit and no further: a peer streaming an endless
or huge body must not hold a worker or grow its memory (issue 14). Installed as the first
response hook of an httpx client, it wraps the body stream before anything reads it, so every
later reader (the client's own read, other hooks) sees at most `limit` bytes."""
from __future__ import annotations

import httpx

MAX_ANSWER_BYTES = 1 << 20   # far above any SSF answer (an error body, a JWKS, a stream)


class _Truncated(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, limit: int) -> None:
        self._stream, self._limit = stream, limit

    async def __aiter__(self):
        left = self._limit
        async for chunk in self._stream:
            if left <= 0:
                break
            yield chunk[:left]
            left -= len(chunk)

    async def aclose(self) -> None:
        await self._stream.aclose()


class _SyncTruncated(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, limit: int) -> None:
        self._stream, self._limit = stream, limit

    def __iter__(self):
        left = self._limit
        for chunk in self._stream:
            if left <= 0:
                break
            yield chunk[:left]
            left -= len(chunk)

    def close(self) -> None:
        self._stream.close()


def bound_response_bodies(client, limit: int = MAX_ANSWER_BYTES):
    """`client` (httpx.AsyncClient or httpx.Client), whose responses yield at most `limit`
    bytes of body (the rest unread)."""
    if isinstance(client, httpx.AsyncClient):
        async def truncate(response: httpx.Response) -> None:
            response.stream = _Truncated(response.stream, limit)
    else:
        def truncate(response: httpx.Response) -> None:
            response.stream = _SyncTruncated(response.stream, limit)
    hooks = client.event_hooks
    client.event_hooks = {**hooks, "response": [truncate, *hooks.get("response", [])]}
    return client
