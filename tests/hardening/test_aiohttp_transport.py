"""async_transport (harness/hardening/aiohttp_transport.py): httpx's client on aiohttp, against
real servers. What goes on the wire is what httpx built, answers come back as httpx answers,
connections are reused, and the address policy holds for literals, names and legacy IPv4."""
from __future__ import annotations

import asyncio
import ssl
import threading

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from harness.hardening import (AddressPolicy, AddressRefused, async_transport,
                               bound_response_bodies, refused_by_policy)
from harness.hardening.aiohttp_transport import _GuardedResolver
from harness.runtime.servers import RunningServer
from harness.runtime.tls import make_local_tls
from tests.hardening.endless import endless_body

LOOPBACK_OK = AddressPolicy(allow_loopback=True)
STRICT = AddressPolicy()


class Seen:
    def __init__(self):
        self.requests: list[dict] = []
        self.release = threading.Event()


@pytest.fixture(scope="module")
def server():
    seen = Seen()

    async def echo(request: Request) -> Response:
        seen.requests.append({"method": request.method, "headers": dict(request.headers),
                              "body": await request.body(), "peer": request.client.port})
        return JSONResponse({"err": "invalid_request"}, status_code=400,
                            headers={"Retry-After": "3"})

    async def endless(request: Request) -> Response:
        return StreamingResponse(endless_body())

    async def hang(request: Request) -> Response:
        await asyncio.get_running_loop().run_in_executor(None, seen.release.wait, 30)
        return Response(status_code=202)

    app = Starlette(routes=[Route("/echo", echo, methods=["POST", "PUT"]),
                            Route("/endless", endless), Route("/hang", hang)])
    with RunningServer(app) as running:
        yield running.base_url, seen
    seen.release.set()


def _run(coro_fn, policy=LOOPBACK_OK, **client_args):
    async def main():
        client = httpx.AsyncClient(transport=async_transport(policy, **client_args.pop(
            "transport_args", {})), **client_args)
        async with client:
            return await coro_fn(client)
    return asyncio.run(main())


def test_the_request_httpx_built_is_what_the_server_gets_and_the_answer_comes_back(server):
    url, seen = server
    seen.requests.clear()

    async def post(client):
        request = client.build_request("POST", url + "/echo", content=b"a.b.c", headers={
            "Content-Type": "application/secevent+jwt", "Authorization": "Bearer t"})
        del request.headers["Accept"]  # the fault push-no-accept sends none: none is added
        return await client.send(request)
    response = _run(post)
    assert response.status_code == 400 and response.json() == {"err": "invalid_request"}
    assert response.headers["retry-after"] == "3" and response.http_version == "HTTP/1.1"
    [got] = seen.requests
    assert got["body"] == b"a.b.c" and got["method"] == "POST"
    assert got["headers"]["content-type"] == "application/secevent+jwt"
    assert got["headers"]["authorization"] == "Bearer t"
    assert "accept" not in got["headers"] and "aiohttp" not in got["headers"]["user-agent"]


def test_keep_alive_connections_are_reused(server):
    url, seen = server
    seen.requests.clear()

    async def twice(client):
        for _ in range(3):
            await client.post(url + "/echo", content=b"x")
    _run(twice)
    assert len({r["peer"] for r in seen.requests}) == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "localhost", "2130706433", "127.1"])
def test_a_refused_address_is_never_connected_to(server, host):
    url, seen = server
    seen.requests.clear()
    port = url.rsplit(":", 1)[1]

    async def post(client):
        return await client.post(f"http://{host}:{port}/echo", content=b"x")
    with pytest.raises(httpx.ConnectError) as caught:
        _run(post, policy=STRICT)
    assert "refused by the address policy" in refused_by_policy(caught.value)
    assert seen.requests == []


def test_names_are_checked_after_resolution():
    async def resolve(policy):
        resolver = _GuardedResolver(policy)
        try:
            return await resolver.resolve("localhost", 80)
        finally:
            await resolver.close()
    with pytest.raises(AddressRefused):
        asyncio.run(resolve(STRICT))
    assert [r["host"] for r in asyncio.run(resolve(LOOPBACK_OK))] == ["127.0.0.1"]


def test_a_body_is_read_up_to_the_bound_and_the_connection_is_not_reused(server):
    url, _ = server

    async def fetch(client):
        bounded = bound_response_bodies(client, limit=100_000)
        first = await bounded.get(url + "/endless")
        pool = client._transport._session.connector   # noqa: SLF001 - what the pool kept
        return len(first.content), sum(len(v) for v in pool._conns.values())  # noqa: SLF001
    length, kept = _run(fetch)
    assert length == 100_000 and kept == 0


def test_timeouts_and_refused_connections_are_httpx_errors(server):
    url, seen = server

    async def slow(client):
        return await client.get(url + "/hang")
    with pytest.raises(httpx.ReadTimeout):
        _run(slow, timeout=httpx.Timeout(5, read=0.3))
    seen.release.set()

    async def closed_port(client):
        return await client.get("http://127.0.0.1:9/")
    with pytest.raises(httpx.ConnectError) as caught:
        _run(closed_port, timeout=2)
    assert refused_by_policy(caught.value) is None


def test_the_server_certificate_is_checked(tmp_path):
    tls = make_local_tls(tmp_path)

    async def ok(request):
        return Response(status_code=204)
    with RunningServer(Starlette(routes=[Route("/", ok)]), ssl_certfile=str(tls.cert_file),
                       ssl_keyfile=str(tls.key_file)) as running:
        async def get(client):
            return await client.get(running.base_url + "/")
        with pytest.raises(httpx.ConnectError):
            _run(get, timeout=5)  # the system's CAs do not know the local CA
        trusted = ssl.create_default_context(cafile=str(tls.ca_file))
        assert _run(get, timeout=5, transport_args={"verify": trusted}).status_code == 204
        assert _run(get, timeout=5, transport_args={"verify": False}).status_code == 204


def test_other_schemes_are_refused():
    async def get(client):
        return await client.get("ftp://127.0.0.1/")
    with pytest.raises(httpx.UnsupportedProtocol):
        _run(get)
