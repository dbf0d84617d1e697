"""starfly's error answers: RFC 8693-style `{error, error_description}` with ONLY the codes its
document lists, for every failure including 404, 405 and bodies that do not parse."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

DOCUMENTED_CODES = ("invalid_request", "unsupported_grant_type", "access_denied", "server_error",
                    "not_implemented", "not_found", "method_not_allowed")
UNDOCUMENTED_CODE = "validation_error"   # fault starfly-undocumented-error-code


def error(status: int, code: str, description: str) -> JSONResponse:
    if code not in DOCUMENTED_CODES:  # a typo here would be a silent conformance defect
        raise ValueError(f"{code!r} is not a documented starfly error code")
    return JSONResponse({"error": code, "error_description": description}, status_code=status)


class StarflyError(Exception):
    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def handlers(faults: frozenset[str]) -> dict:
    async def starfly_error(request: Request, exc: StarflyError) -> Response:
        if exc.code == "invalid_request" and "starfly-undocumented-error-code" in faults:
            return JSONResponse({"error": UNDOCUMENTED_CODE,
                                 "error_description": exc.description}, status_code=exc.status)
        return error(exc.status, exc.code, exc.description)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        if "starfly-not-found-plain-text" in faults:
            return PlainTextResponse(exc.detail, status_code=exc.status_code)
        if exc.status_code == 404:
            return error(404, "not_found", "no such resource")
        if exc.status_code == 405:
            return error(405, "method_not_allowed", f"{request.method} is not allowed here")
        return error(exc.status_code, "invalid_request", str(exc.detail))

    async def unexpected(request: Request, exc: Exception) -> Response:
        return error(500, "server_error", "unexpected error")

    return {StarflyError: starfly_error, HTTPException: http_error, Exception: unexpected}
