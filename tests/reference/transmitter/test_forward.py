"""Forwarding of /ssf/receiver/* and /ssf/security-state* to an internal receiver."""
from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from harness.runtime.servers import RunningServer, free_port


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"method": request.method, "path": request.url.path,
                         "query": request.url.query, "body": (await request.body()).decode(),
                         "authorization": request.headers.get("authorization")},
                        status_code=202 if request.method == "POST" else 200,
                        headers={"X-Receiver": "yes"})


@pytest.fixture
def internal_receiver():
    app = Starlette(routes=[Route("/{path:path}", echo, methods=["GET", "POST", "DELETE"])])
    with RunningServer(app) as server:
        yield server


def test_receiver_paths_are_forwarded_verbatim(make_tx, internal_receiver):
    tx = make_tx(forward_receiver_url=internal_receiver.base_url + "/")
    resp = tx.call("POST", "/ssf/receiver/push", token="rx-bearer", content=b"a.b.c",
                   headers={"Content-Type": "application/secevent+jwt"})
    assert resp.status_code == 202 and resp.headers["x-receiver"] == "yes"
    assert resp.json() == {"method": "POST", "path": "/ssf/receiver/push", "query": "",
                           "body": "a.b.c", "authorization": "Bearer rx-bearer"}
    events = tx.call("GET", "/ssf/receiver/events", None, params={"limit": "5"}).json()
    assert events["path"] == "/ssf/receiver/events" and events["query"] == "limit=5"
    assert tx.call("GET", "/ssf/security-state", None).json()["path"] == "/ssf/security-state"
    state = tx.call("GET", "/ssf/security-state/alice@example.com", None).json()
    assert state["path"] == "/ssf/security-state/alice@example.com"


def test_without_forwarding_configured_paths_are_404(tx):
    resp = tx.call("GET", "/ssf/receiver/events", None)
    assert resp.status_code == 404 and resp.json()["error"] == "not_found"


def test_unreachable_receiver_is_502(make_tx):
    tx = make_tx(forward_receiver_url=f"http://127.0.0.1:{free_port()}")
    resp = tx.call("GET", "/ssf/security-state", None)
    assert resp.status_code == 502 and resp.json()["error"] == "bad_gateway"
