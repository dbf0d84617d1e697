"""x-fapi-interaction-id on every response, and the last-resort 500 that still carries it.

Both seed pages list x-fapi-interaction-id as a response header of every status they document
(200/201 through 504) and describe the request header as 'An RFC4122 UID used as a correlation
id'. So: a request id that is an RFC 4122 UUID is echoed; a missing or malformed one is replaced
by a fresh UUID (a correlation id is the client's convenience, not something to refuse a call
for). This is pure ASGI middleware so that 404/405 answers and even an internal error get the
header too; it runs inside Starlette's own error middleware, which therefore never sees an
exception (internal_errors counts them; tests assert it stays at zero).
"""
from __future__ import annotations

import logging
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse

from harness.reference.directory.config import DirectoryConfig
from harness.reference.directory.httputil import NO_STORE
from harness.reference.directory.validation import is_interaction_id

log = logging.getLogger("harness.reference.directory")
HEADER = "x-fapi-interaction-id"


class InteractionIdMiddleware:
    def __init__(self, app, config: DirectoryConfig, counters: dict):
        self.app = app
        self.config = config
        self.counters = counters

    def _interaction_id(self, scope) -> str:
        sent = Headers(scope=scope).get(HEADER)
        if is_interaction_id(sent) and not self.config.fault("interaction-id-not-echoed"):
            return sent
        return str(uuid.uuid4())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        interaction_id = self._interaction_id(scope)
        scope.setdefault("state", {})["interaction_id"] = interaction_id
        started = False

        async def send_with_id(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if not self.config.fault("interaction-id-missing"):
                    MutableHeaders(scope=message)[HEADER] = interaction_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:  # the last resort: a generic body, never a trace
            self.counters["internal_errors"] += 1
            log.error("internal error on %s %s: %s", scope.get("method"), scope.get("path"),
                      type(exc).__name__)
            if started:
                raise
            response = JSONResponse({"errors": ["internal error"]}, status_code=500,
                                    headers=NO_STORE)
            await response(scope, receive, send_with_id)
