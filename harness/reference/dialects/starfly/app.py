"""`create_app(settings)`: the starfly emulator as a Starlette app.

Routes: the documented `POST /v1/signals/stream`; emulator additions `GET
/v1/signals/stream/{stream_id}`, `POST /v1/signals/stream/{stream_id}/poll` (RFC 8936),
`GET /v1/signals/jwks`; the contract's `/_emulator` admin calls.

Options (settings.options): `configured` (default True; False is starfly without a signing
setup: create answers "Signal transmitter not configured"); `mtls` (default False; served over
TLS, client certificates issued by `settings.ca_file` are required, see server_ssl_options). The admin call
`POST /_emulator/configuration` `{"configured": bool}` switches it while running, so one run
can test both states (the suite's "not configured" scenario).
"""
from __future__ import annotations

import ssl
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.hardening import bearer_matches
from harness.reference.dialects import ADMIN_PREFIX

from harness.reference.dialects.emulator_core import EmulatorCore, admin_routes
from harness.reference.dialects.starfly import routes
from harness.reference.dialects.starfly.errors import error, handlers
from harness.reference.dialects.starfly.faults import PLANNED_FAULTS


class Starfly:
    def __init__(self, settings):
        self.settings = settings
        unknown = set(settings.faults) - set(PLANNED_FAULTS)
        # Faults of other emulators may be in the same run's selection: only ours matter.
        self.faults = frozenset(settings.faults) - unknown
        self.configured = bool(settings.options.get("configured", True))
        self.core = EmulatorCore(settings)

    def fault(self, name: str) -> bool:
        return name in self.faults

    async def emit(self, action: str, email: str, body: dict) -> list[str]:
        uri = routes.BY_ACTION[action].uri
        jtis = []
        for stream in self.core.streams():
            if uri in stream.events:
                claims = routes.set_claims(stream, uri, email, self.core.new_jti())
                if self.core.deliver(stream, claims):
                    jtis.append(claims["jti"])
        return jtis


def configuration_route(starfly: Starfly) -> Route:
    """EMULATOR ADDITION (admin bearer): switch the signing setup on or off."""
    async def configure(request: Request) -> Response:
        if not bearer_matches(request.headers.get("authorization"),
                              starfly.settings.admin_token):
            return error(401, "access_denied", "the admin bearer is missing or wrong")
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("configured"), bool):
            return error(400, "invalid_request", "configured must be a boolean")
        starfly.configured = body["configured"]
        return JSONResponse({"configured": starfly.configured})
    return Route(f"{ADMIN_PREFIX}/configuration", configure, methods=["POST"])


def server_ssl_options(settings) -> dict:
    """RunningServer keyword arguments for starfly's mTLS: "Protected by mTLS when TLS is
    enabled". With a client CA (`settings.client_ca_file`, or with the option `mtls` the CA
    the emulator trusts for its own outbound TLS, `settings.ca_file`: the embedded run's, whose
    client certificate the suite presents), the TLS handshake requires a certificate it
    issued."""
    client_ca = settings.client_ca_file or (settings.ca_file if settings.options.get("mtls")
                                            else None)
    if not client_ca:
        return {}
    faulty = "starfly-mtls-not-required" in settings.faults
    return {"ssl_cert_reqs": ssl.CERT_OPTIONAL if faulty else ssl.CERT_REQUIRED,
            "ssl_ca_certs": str(client_ca)}


def create_app(settings) -> Starlette:
    starfly = Starfly(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            await starfly.core.close()

    stream = "/v1/signals/stream"
    app = Starlette(routes=[
        Route(stream, routes.create_stream, methods=["POST"]),
        Route(stream + "/{stream_id}", routes.read_stream, methods=["GET"]),
        Route(stream + "/{stream_id}/poll", routes.poll, methods=["POST"]),
        Route("/v1/signals/jwks", routes.jwks, methods=["GET"]),
        *admin_routes(settings.admin_token, starfly.emit, starfly.core.set_status, error),
        configuration_route(starfly),
    ], lifespan=lifespan, exception_handlers=handlers(starfly.faults))
    app.state.starfly = starfly
    return app
