"""What every Kolide call checks before its work: the API token and X-Kolide-Api-Version (all
SSF requests), the poll bearer token (poll and ack), the admin token (/_emulator calls).

Errors are JSON `{"error", "error_description"}` and never echo a header's value.
"""
from __future__ import annotations

import hmac

from starlette.requests import Request

from harness.hardening import bearer_matches
from harness.reference.dialects.kolide.service import KolideEmulator
from harness.reference.dialects.kolide.store import Stream
from harness.reference.transmitter.httputil import ApiError, read_json_object

API_VERSION = "2026-04-07"
VERSION_HEADER = "X-Kolide-Api-Version"
POLL_TOKEN_HEADER = "X-Kolide-Poll-Bearer-Token"
MAX_BODY = 64 * 1024
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kolide"'}


def emulator(request: Request) -> KolideEmulator:
    return request.app.state.emulator


def require_api(request: Request) -> KolideEmulator:
    """The document: "All SSF requests must include: A valid API token passed in the
    Authorization header. A valid X-Kolide-Api-Version header." """
    emu = emulator(request)
    if not bearer_matches(request.headers.get("authorization"), emu.settings.api_token):
        raise ApiError(401, "unauthorized", "a valid API token is required in the "
                       "Authorization header (Bearer)", headers=_CHALLENGE)
    if emu.fault("kolide-version-header-ignored"):
        return emu
    version = request.headers.get(VERSION_HEADER)
    if version is None:
        raise ApiError(400, "missing_api_version", f"the {VERSION_HEADER} header is required; "
                       f"the current API version is {API_VERSION}")
    if version.strip() != API_VERSION:
        raise ApiError(400, "unsupported_api_version", f"the {VERSION_HEADER} header names no "
                       f"supported API version; the current API version is {API_VERSION}")
    return emu


def require_admin(request: Request) -> KolideEmulator:
    emu = emulator(request)
    if not bearer_matches(request.headers.get("authorization"), emu.settings.admin_token):
        raise ApiError(401, "unauthorized", "the emulator's admin token is required",
                       headers=_CHALLENGE)
    return emu


def stream_or_404(emu: KolideEmulator, key: str) -> Stream:
    stream = emu.streams.get(key)
    if stream is None:
        raise ApiError(404, "not_found", "no SSF stream with this id or stream_id")
    return stream


def require_poll_token(request: Request, emu: KolideEmulator, stream: Stream) -> None:
    """The document: poll and ack "Include the poll_bearer_token ... in the
    X-Kolide-Poll-Bearer-Token header"; legacy streams (no token) "will continue to accept poll
    and acknowledge requests without" it."""
    given = request.headers.get(POLL_TOKEN_HEADER)
    if stream.legacy:
        if emu.fault("kolide-legacy-stream-needs-token"):
            raise ApiError(401, "invalid_poll_bearer_token",
                           f"the {POLL_TOKEN_HEADER} header does not match this stream")
        return
    if given is None:
        if emu.fault("kolide-poll-without-token-accepted"):
            return
        raise ApiError(401, "poll_bearer_token_required",
                       f"the {POLL_TOKEN_HEADER} header is required for this stream")
    if not hmac.compare_digest(given.strip().encode("utf-8", "surrogateescape"),
                               stream.poll_token.encode()):
        raise ApiError(401, "invalid_poll_bearer_token",
                       f"the {POLL_TOKEN_HEADER} header does not match this stream")


async def json_body(request: Request) -> dict:
    return await read_json_object(request, MAX_BODY)
