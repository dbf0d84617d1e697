"""`create_app(config)`: the reference trust directory as a Starlette ASGI app.

Paths follow the seed pages (`/organisations/{OrganisationId}/softwarestatements...`); the
directory's own JWKS is at /.well-known/jwks.json, organisation and software key sets under
/keystore (the SSA's org_jwks_uri and software_jwks_uri), admin endpoints under /admin.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.reference.directory import routes, routes_admin as admin
from harness.reference.directory.config import DirectoryConfig
from harness.reference.directory.httputil import NO_STORE, DirectoryError
from harness.reference.directory.interaction import InteractionIdMiddleware
from harness.reference.directory.service import Directory
from harness.reference.directory.statements import PLACEHOLDER_LOGO_PATH

JWKS_PATH = "/.well-known/jwks.json"
_ORG = "/organisations/{OrganisationId}"
_STATEMENT = _ORG + "/softwarestatements/{SoftwareStatementId}"


def _routes() -> list[Route]:
    return [
        Route(_ORG + "/softwarestatements", routes.create_software_statement, methods=["POST"]),
        Route(_STATEMENT + "/assertion", routes.get_assertion, methods=["GET"]),
        Route(JWKS_PATH, routes.directory_jwks, methods=["GET"]),
        Route("/keystore/{OrganisationId}/application.jwks", routes.organisation_jwks,
              methods=["GET"]),
        Route("/keystore/{OrganisationId}/{SoftwareStatementId}/application.jwks",
              routes.software_jwks, methods=["GET"]),
        Route(PLACEHOLDER_LOGO_PATH, routes.placeholder_logo, methods=["GET"]),
        Route("/admin" + _ORG + "/status", admin.set_organisation_status, methods=["POST"]),
        Route("/admin" + _ORG + "/jwks", admin.publish_jwks, methods=["PUT"]),
        Route("/admin" + _STATEMENT, admin.read_statement, methods=["GET"]),
        Route("/admin" + _STATEMENT + "/status", admin.set_statement_status, methods=["POST"]),
        Route("/admin" + _STATEMENT + "/jwks", admin.publish_jwks, methods=["PUT"]),
        Route("/admin" + _STATEMENT + "/mint", admin.mint_assertion, methods=["POST"]),
        Route("/admin/rotate-keys", admin.rotate_keys, methods=["POST"]),
    ]


async def _directory_error(request: Request, exc: DirectoryError) -> Response:
    return exc.response()


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    text = {404: "no such resource", 405: "method not allowed"}.get(exc.status_code, "error")
    return JSONResponse({"errors": [text]}, status_code=exc.status_code,
                        headers={**NO_STORE, **(exc.headers or {})})


async def _client_gone(request: Request, exc: ClientDisconnect) -> Response:
    return Response(status_code=400)  # nobody is left to read it


def create_app(config: DirectoryConfig) -> Starlette:
    directory = Directory(config)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            directory.close()

    app = Starlette(
        routes=_routes(), lifespan=lifespan,
        middleware=[Middleware(InteractionIdMiddleware, config=config,
                               counters=directory.counters)],
        exception_handlers={DirectoryError: _directory_error, HTTPException: _http_error,
                            ClientDisconnect: _client_gone})
    app.state.directory = directory
    app.state.config = config
    return app
