"""The reference servers' async outbound HTTP: httpx's client API on aiohttp's connection pool,
with every connection obeying the address policy.

Why aiohttp under httpx: a push is one small request per SET, and the client's own cost is
most of the transmitter's work besides signing. Measured on 2 cores (client CPU per keep-alive
POST): httpx on httpcore 0.63 ms, httpx on this transport 0.27 ms, aiohttp alone 0.08 ms
(`make bench`, issue 17). Callers keep httpx: its Request/Response, hooks (bounded bodies),
timeouts and exceptions, so nothing above the transport changes.

The policy is applied twice, as the httpcore backend did: a literal address (or `localhost`)
in the URL before any connection, and every resolved address of a name in the resolver, so
DNS cannot smuggle a refused address in. aiohttp never resolves a literal, hence the first.
"""
from __future__ import annotations

import asyncio
import socket
import ssl

import aiohttp
import httpx

from harness.hardening.addresses import AddressPolicy, AddressRefused

_RESOLVE_TIMEOUT = 3.0
_CHUNK = 1 << 16


def _check_legacy_ipv4(policy: AddressPolicy, host: str) -> None:
    """`2130706433`, `0x7f.1`, `127.1`: IPv4 in the forms inet_aton takes. No literal to
    ipaddress, and aiohttp refuses them without resolving, so they are judged here."""
    if host and set(host.lower()) <= set("0123456789abcdefx.") and any(c.isdigit() for c in host):
        try:
            address = socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return
        policy.permitted(host, [address])


class _GuardedResolver(aiohttp.abc.AbstractResolver):
    """Resolves with the system resolver (on a thread), then keeps the policy's addresses."""

    def __init__(self, policy: AddressPolicy):
        self.policy, self.inner = policy, aiohttp.ThreadedResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET):
        try:
            found = await asyncio.wait_for(self.inner.resolve(host, port, family),
                                           _RESOLVE_TIMEOUT)
        except asyncio.TimeoutError:
            raise OSError(f"cannot resolve {host}: timed out") from None
        allowed = set(self.policy.permitted(host, [r["host"] for r in found]))
        return [r for r in found if r["host"] in allowed]

    async def close(self) -> None:
        await self.inner.close()


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse):
        self._response = response

    async def __aiter__(self):
        try:
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise _translate(exc, connected=True) from exc

    async def aclose(self) -> None:
        if self._response.content.at_eof():
            self._response.release()   # the connection goes back to the pool
        else:
            self._response.close()     # a body left unread: the connection cannot be reused


def _translate(exc: BaseException, connected: bool) -> httpx.TransportError:
    """The httpx exception a caller of httpx expects for an aiohttp failure."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, AddressRefused):
        return httpx.ConnectError(str(exc))
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(text)
    if isinstance(exc, asyncio.TimeoutError):
        return httpx.ReadTimeout(text)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(text)
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError,
                        aiohttp.ClientResponseError)):
        return httpx.RemoteProtocolError(text)
    return httpx.ReadError(text) if connected else httpx.ConnectError(text)


def _timeout(request: httpx.Request) -> aiohttp.ClientTimeout:
    t = request.extensions.get("timeout") or {}
    connect, read, pool = t.get("connect"), t.get("read"), t.get("pool")
    acquire = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=None, connect=acquire, sock_connect=connect,
                                 sock_read=read)


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport on one aiohttp session (made on first use, inside the loop that
    uses it; an aiohttp session belongs to one loop)."""

    def __init__(self, policy: AddressPolicy, *, verify: ssl.SSLContext | bool = True,
                 limits: httpx.Limits | None = None):
        self.policy, self.verify = policy, verify
        self.limits = limits or httpx.Limits()
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            if self.verify is True:
                tls: ssl.SSLContext | bool = ssl.create_default_context()
            else:
                tls = self.verify
            connector = aiohttp.TCPConnector(
                limit=self.limits.max_connections or 0, ssl=tls,
                keepalive_timeout=self.limits.keepalive_expiry or 5.0,
                resolver=_GuardedResolver(self.policy))
            self._session = aiohttp.ClientSession(
                connector=connector, cookie_jar=aiohttp.DummyCookieJar(), trust_env=False,
                auto_decompress=False,  # httpx decodes the body itself
                skip_auto_headers=("Accept", "Accept-Encoding", "User-Agent", "Content-Type"))
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported scheme {request.url.scheme!r}")
        try:
            self.policy.check_url(str(request.url))  # literals; names are checked on resolve
            _check_legacy_ipv4(self.policy, request.url.host)
            body = await request.aread()
            response = await self._open().request(
                request.method, str(request.url), data=body or None,
                headers=list(request.headers.multi_items()), allow_redirects=False,
                timeout=_timeout(request))
        except (aiohttp.ClientError, asyncio.TimeoutError, AddressRefused, OSError) as exc:
            raise _translate(exc, connected=False) from exc
        major, minor = response.version or (1, 1)
        return httpx.Response(
            response.status, headers=response.raw_headers, stream=_Body(response),
            extensions={"http_version": f"HTTP/{major}.{minor}".encode(),
                        "reason_phrase": (response.reason or "").encode("latin-1", "replace")})

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def async_transport(policy: AddressPolicy, *, verify: ssl.SSLContext | bool = True,
                    limits: httpx.Limits | None = None) -> AiohttpTransport:
    """The transport for an httpx.AsyncClient whose every connection obeys `policy` (no proxy
    from the environment: a proxy would connect on our behalf, unchecked)."""
    return AiohttpTransport(policy, verify=verify, limits=limits)
