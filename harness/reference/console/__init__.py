"""The sandbox console: one page (static HTML, vanilla JS, CSS; no CDN, works offline) served at
`/` of the transmitter by `ssf-conformance serve` only; the embedded conformance runs never
install it.

The page talks to the transmitter's own endpoints (same origin) with the admin token a person
types once (kept in sessionStorage). `GET /console/sandbox` (admin token) tells the page what a
receiver would know: where the sandbox receiver takes pushes and the Authorization header it
expects, so the console can create push streams the receiver accepts, and the bearer of its
observation endpoints (forwarded under /ssf/receiver and /ssf/security-state). Whoever holds the
admin token controls the whole sandbox already.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from harness.reference.transmitter.auth import require_admin
from harness.ssf.events import DELIVERABLE_EVENTS

STATIC = Path(__file__).parent / "static"
# Only our own files run; inline script and style are refused, so markup smuggled into a SET
# could not execute even if a renderer slipped (the page renders with textContent anyway).
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class ConsoleSettings:
    push_endpoint: str          # where the sandbox receiver takes pushes (via the forward)
    push_authorization: str     # the Authorization header value it expects
    receiver_audience: str      # the `aud` its SETs must carry
    receiver_control_token: str | None = None  # its observation/control endpoints' bearer


class _Static(StaticFiles):
    async def get_response(self, path: str, scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(_HEADERS)
        return response


def install_console(app, settings: ConsoleSettings) -> None:
    """Add the console routes to a transmitter app (before its own routes: `/` is free)."""

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers=_HEADERS)

    async def sandbox(request: Request) -> Response:
        config = request.app.state.config
        require_admin(request, config)
        return JSONResponse({"issuer": config.issuer, "push_endpoint": settings.push_endpoint,
                             "push_authorization": settings.push_authorization,
                             "receiver_audience": settings.receiver_audience,
                             "receiver_token": settings.receiver_control_token,
                             "actions": [{"action": e.action, "spec": e.spec, "uri": e.uri,
                                          "deprecated": e.deprecated,
                                          "subject_formats": list(e.subject_formats)}
                                         for e in DELIVERABLE_EVENTS]},
                            headers={"Cache-Control": "no-store"})

    app.router.routes[0:0] = [
        Route("/", index, methods=["GET"]),
        Route("/console/sandbox", sandbox, methods=["GET"]),
        Mount("/console/static", _Static(directory=STATIC), name="console-static"),
    ]
