"""Hostile transmitters for the bounds tests: small Starlette apps whose discovery document is
endless, huge, dripping or not JSON. Nothing is allocated whole: bodies stream from generators."""
from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

DISCOVERY = "/.well-known/ssf-configuration/ssf"
CHUNK = b" " * 65536
GIB = 1 << 30


async def _endless():
    yield b'{"issuer": "'
    while True:
        yield CHUNK
        await asyncio.sleep(0)  # let the server's other connections be served too


async def _one_gib():
    yield b'{"a":"'
    sent = 6
    while sent < GIB - 2:
        piece = CHUNK[:min(len(CHUNK), GIB - 2 - sent)]
        sent += len(piece)
        yield piece
        await asyncio.sleep(0)
    yield b'"}'


async def _drip():
    for byte in b'{"issuer": "https://example.com/ssf"}':
        yield bytes([byte])
        await asyncio.sleep(1.5)


def app(kind: str) -> Starlette:
    async def discovery(request):
        if kind == "endless":
            return StreamingResponse(_endless(), media_type="application/json")
        if kind == "gib":
            return StreamingResponse(_one_gib(), media_type="application/json",
                                     headers={"Content-Length": str(GIB)})
        if kind == "drip":
            return StreamingResponse(_drip(), media_type="application/json")
        if kind == "nan":
            return Response(b'{"issuer": "https://tx.example/ssf", "spec_version": NaN}',
                            media_type="application/json")
        if kind == "latin1":
            return Response(b'{"issuer": "https://tx.example/ssf", "x": "\xe9"}',
                            media_type="application/json")
        raise AssertionError(kind)
    return Starlette(routes=[Route(DISCOVERY, discovery)])
