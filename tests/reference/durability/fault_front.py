"""A deliberately unreliable HTTP/1.1 front for a push receiver: per request it answers 503, 429
with Retry-After, resets the connection (before or after passing the request on), or never
answers (the pusher's timeout fires), and otherwise passes the request to the real receiver and
relays the answer. `outage(True)` stops listening altogether (connection refused) until
`outage(False)`.

Raw asyncio on its own thread: an ASGI app cannot reset a TCP connection on purpose.
"""
from __future__ import annotations

import asyncio
import random
import socket
import struct
import threading
from collections import Counter

import httpx

FAULTS = ("503", "429", "reset", "reset-after-delivery", "timeout")


class FaultFront:
    def __init__(self, upstream: str, fault_rate: float = 0.3, seed: int = 14,
                 retry_after: str = "1"):
        self.upstream, self.fault_rate, self.retry_after = upstream, fault_rate, retry_after
        self.random = random.Random(seed)
        self.counts: Counter = Counter()
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self.loop.run_forever, name="fault-front",
                                        daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ssf/receiver/push"

    def start(self) -> "FaultFront":
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        self._call(self._close(), timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def outage(self, down: bool) -> None:
        """Down: stop listening and drop open connections; up: listen on the same port."""
        self._call(self._close() if down else self._listen())

    def _call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _listen(self) -> None:
        self.http = getattr(self, "http", None) or httpx.AsyncClient(timeout=30)
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port,
                                                  reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.close()

    def _pick(self) -> str | None:
        return self.random.choice(FAULTS) if self.random.random() < self.fault_rate else None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                fault = self._pick()
                self.counts[fault or "passed"] += 1
                if fault in ("reset", "reset-after-delivery"):
                    if fault == "reset-after-delivery":
                        await self._forward(*request)  # delivered; the answer is lost
                    _reset(writer)
                    return
                if fault == "timeout":
                    await reader.read()  # until the pusher gives up and closes
                    return
                if fault == "503":
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
                elif fault == "429":
                    writer.write(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: "
                                 + self.retry_after.encode() + b"\r\nContent-Length: 0\r\n\r\n")
                else:
                    status, body = await self._forward(*request)
                    writer.write(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: %d\r\n\r\n" % (status, len(body)) + body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, httpx.HTTPError):
            return
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _forward(self, path: str, headers: dict, body: bytes) -> tuple[int, bytes]:
        upstream = await self.http.post(self.upstream + path, content=body, headers={
            k: v for k, v in headers.items() if k in ("authorization", "content-type")})
        return upstream.status_code, upstream.content


async def _read_request(reader: asyncio.StreamReader):
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    path = lines[0].split(" ")[1]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return path, headers, body


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with an RST (SO_LINGER 0), as a crashed or overloaded server does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
