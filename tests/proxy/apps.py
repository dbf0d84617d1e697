"""Small real upstreams for the proxy tests: an "implementation" (the TUT side) and a "suite
receiver" it pushes to. Every secret they emit is a unique string, so a test can assert that the
string appears nowhere in a record file."""
from __future__ import annotations

from urllib.parse import parse_qs

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SECRETS = {
    "access_token": "AT-5ecret-4c3f",
    "refresh_token": "RT-5ecret-91aa",
    "id_token": "IDT-5ecret-77e1",
    "set_cookie": "SID-5ecret-c00k",
}
# A compact SET (shape only; signature checking is not the proxy's business). Public evidence.
SET = "eyJhbGciOiJSUzI1NiIsInR5cCI6InNlY2V2ZW50K2p3dCJ9.eyJqdGkiOiJyZXNldC10b2tlbiJ9.c2lnbmF0dXJl"
BINARY = bytes(range(256)) * 4


async def configuration(request: Request) -> Response:
    # Absolute URLs built from Host, like many real implementations do.
    base = str(request.base_url).rstrip("/")
    return JSONResponse({"issuer": base, "jwks_uri": f"{base}/jwks.json",
                         "configuration_endpoint": f"{base}/streams"})


async def token(request: Request) -> Response:
    form = parse_qs((await request.body()).decode())  # no python-multipart needed
    if form.get("grant_type") != ["client_credentials"]:
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
    return JSONResponse({"access_token": SECRETS["access_token"],
                         "refresh_token": SECRETS["refresh_token"],
                         "id_token": SECRETS["id_token"], "token_type": "Bearer"},
                        headers={"Set-Cookie": f"sid={SECRETS['set_cookie']}; HttpOnly"})


async def streams(request: Request) -> Response:
    config = await request.json()
    return JSONResponse({"stream_id": "s-1", **config}, status_code=201)


async def poll(request: Request) -> Response:
    # A jti that looks like a secret name must not make the SET disappear from the evidence.
    return JSONResponse({"sets": {"reset-token": SET}, "moreAvailable": False})


async def binary(request: Request) -> Response:
    return Response(BINARY, media_type="application/octet-stream")


async def plain(request: Request) -> Response:
    return JSONResponse({"ok": True, "path": request.url.path})


async def echo(request: Request) -> Response:
    body = await request.body()
    return JSONResponse({"method": request.method,
                         "authorization": request.headers.get("authorization"),
                         "content_type": request.headers.get("content-type"),
                         "body_hex": body.hex()})


async def push_now(request: Request) -> Response:
    """Make the implementation push a SET to the receiver it is told about (TUT -> suite)."""
    order = await request.json()
    async with httpx.AsyncClient(timeout=5) as client:
        jwks = await client.get(order["jwks_url"])
        pushed = await client.post(order["endpoint_url"], content=SET,
                                   headers={"Authorization": order["authorization_header"],
                                            "Content-Type": "application/secevent+jwt"})
    return JSONResponse({"push_status": pushed.status_code, "jwks_status": jwks.status_code})


def implementation_app() -> Starlette:
    return Starlette(routes=[
        Route("/.well-known/ssf-configuration", configuration),
        Route("/token", token, methods=["POST"]),
        Route("/streams", streams, methods=["POST"]),
        Route("/poll", poll, methods=["POST"]),
        Route("/binary", binary),
        Route("/push-now", push_now, methods=["POST"]),
        Route("/echo", echo, methods=["GET", "POST", "PUT", "HEAD"]),
        Route("/{path:path}", plain, methods=["GET", "POST", "PUT", "DELETE"]),
    ])


async def receive_event(request: Request) -> Response:
    await request.body()
    return Response(status_code=202)


async def receiver_jwks(request: Request) -> Response:
    return JSONResponse({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1",
                                   "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                                   "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})


def receiver_app() -> Starlette:
    return Starlette(routes=[Route("/events", receive_event, methods=["POST"]),
                             Route("/jwks.json", receiver_jwks)])
