"""Small probes shared by the fault observers (observe_*_faults.py): make the reference
transmitter do one thing and return what a receiver would see."""
from __future__ import annotations

import threading

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.jose import decode_set
from harness.runtime.servers import RunningServer
from harness.ssf.constants import PUSH
from harness.ssf.events import BY_ACTION
from tests.reference.transmitter.support import (
    ALICE, CREDENTIAL_CHANGE, RISC, SESSION_REVOKED, WAIT,
)

COMPROMISE = RISC + "credential-compromise"


def poll_stream(tx, events=(SESSION_REVOKED, CREDENTIAL_CHANGE, COMPROMISE)):
    return tx.create(events_requested=list(events))


def sets_of(tx, stream, **body) -> dict:
    return tx.poll(stream, returnImmediately=True, **body).json()["sets"]


def one_set(tx, action="session-revoked", body=None):
    """The SET a poll stream gets for one triggered event (about ALICE unless `body` says)."""
    stream = poll_stream(tx, (BY_ACTION[action].uri,))
    tx.trigger(action, body or {"subject": ALICE})
    (token,) = sets_of(tx, stream).values()
    return decode_set(token)


def metadata(tx) -> dict:
    return tx.call("GET", "/.well-known/ssf-configuration/ssf", token=None).json()


def verification(tx, state="s-1"):
    stream = tx.create()
    tx.call("POST", "/ssf/verify", json={"stream_id": stream["stream_id"], "state": state})
    (token,) = sets_of(tx, stream).values()
    return stream, decode_set(token).claims


def set_status(tx, stream, status):
    return tx.call("POST", "/ssf/status", json={"stream_id": stream["stream_id"],
                                                "status": status})


def pushed(tx, rx, **delivery):
    tx.push_stream(rx, **delivery)
    tx.trigger("session-revoked")
    return rx.wait_for(1)[0]


class AnyMethodReceiver:
    """A push endpoint answering 202 to every method, recording the method of each request
    (the shared PushReceiver routes POST only)."""

    def __init__(self) -> None:
        self.methods: list[str] = []
        self.arrived = threading.Event()
        app = Starlette(routes=[Route("/push", self._any, methods=["POST", "PUT", "PATCH"])])
        self.server = RunningServer(app)

    async def _any(self, request: Request) -> Response:
        await request.body()
        self.methods.append(request.method)
        self.arrived.set()
        return Response(status_code=202)

    def first_method(self, tx) -> str:
        self.server.start()
        try:
            tx.create(events_requested=[SESSION_REVOKED],
                      delivery={"method": PUSH,
                                "endpoint_url": self.server.base_url + "/push"})
            tx.trigger("session-revoked")
            assert self.arrived.wait(WAIT), "no push arrived"
            return self.methods[0]
        finally:
            self.server.stop()
