"""starfly's stream API (../shared/seeds/starfly-signals-stream-api.txt): one documented call,
`POST /v1/signals/stream` with a flat body (`iss`, `aud`, `events_requested`,
`events_delivered`, `delivery_method: push|poll`, `endpoint_url`), answered `{stream_id, iss,
aud, events_supported, status}`; errors `{error, error_description}` (RFC 8693 style).

What the document does not describe, the suite's emulator adds (harness/reference/dialects/
starfly/routes.py, EMULATOR ADDITION) and this adapter uses: `GET /v1/signals/stream/{id}`,
`POST /v1/signals/stream/{id}/poll` (RFC 8936) and the signing keys at `/v1/signals/jwks`.

starfly has no discovery document: `metadata_without_discovery` gives the suite the metadata it
works from. Choices the document leaves to the caller:
- `iss` is the profile's issuer (for an embedded target, the emulator's origin): starfly puts
  the create body's `iss` in the stream's SETs, and the suite compares a SET's iss with the
  metadata issuer, so both are the same value.
- `aud` is the fixed name AUDIENCE of the suite as a receiver (the document's example is the
  opaque "downstream-consumer"); a SET's aud is compared with the stream's `aud`.
- A push stream's `authorization_header` is not part of the flat body: starfly documents none.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from harness.ssf.constants import POLL, PUSH
from harness.suite.dialects.base import ManagementApi, MissingEndpoint
from harness.suite.http import HttpResult

AUDIENCE = "ssf-conformance-suite"
STREAMS_PATH = "/v1/signals/stream"
JWKS_PATH = "/v1/signals/jwks"      # emulator addition
JSON = {"Content-Type": "application/json"}


class StarflyApi(ManagementApi):
    dialect = "starfly"
    # The document names the answer "Stream created" and no status: any success.
    CREATED_STATUSES = (200, 201)
    CREATED_REQUIREMENT = "STARFLY-03"
    STREAM_MEMBERS = ("stream_id", "iss", "aud", "events_supported", "status")
    MEMBERS_REQUIREMENT = "STARFLY-04"
    # The create answer's status: "Allowed values: enabled paused disabled".
    DOCUMENTED_VALUES = {"status": (("enabled", "paused", "disabled"), "STARFLY-05")}
    # The error object's `error`: "Error code (RFC 8693 compatible)", "Allowed values: ...".
    ERROR_CODES = ("invalid_request", "unsupported_grant_type", "access_denied", "server_error",
                   "not_implemented", "not_found", "method_not_allowed")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bodies: dict[str, dict] = {}   # stream_id -> the create body (the answer lacks
        self._last_body: dict | None = None  # the delivery and the events it takes)

    def metadata_without_discovery(self, issuer: str) -> dict | None:
        """The metadata the suite works from: the issuer the suite names in its create bodies,
        the create endpoint and the emulator's signing keys."""
        return {"issuer": issuer, "configuration_endpoint": urljoin(issuer, STREAMS_PATH),
                "jwks_uri": urljoin(issuer, JWKS_PATH),
                "delivery_methods_supported": [PUSH, POLL]}

    def endpoint(self, name: str) -> str:
        if name != "configuration":
            raise MissingEndpoint(f"the starfly stream API has no {name} endpoint")
        url = self.metadata.get("configuration_endpoint")
        if not url:
            raise MissingEndpoint("no starfly create endpoint is known (no issuer)")
        return url

    def _stream_url(self, stream_id: str) -> str:
        return self.endpoint("configuration").rstrip("/") + "/" + stream_id

    # -- bodies ----------------------------------------------------------------------------
    def _flat(self, method: str, events: list[str], **extra: Any) -> dict:
        return {"iss": self.metadata.get("issuer", ""), "aud": AUDIENCE,
                "events_requested": events, "delivery_method": method, **extra}

    PUSH_CREDENTIAL = False   # the flat body has no authorization_header (see above)

    def push_body(self, endpoint_url, events, authorization_header=None, **extra) -> dict:
        return self._flat("push", events, endpoint_url=endpoint_url, **extra)

    def poll_body(self, events, **extra) -> dict:
        return self._flat("poll", events, **extra)

    def delivery_name(self, body: dict) -> str:
        return "push" if body.get("delivery_method") == "push" else "poll"

    def normalise(self, stream: Any) -> Any:
        """starfly's answer in SSF 1.0's shape, completed from the create body: the delivery
        (method URN, push endpoint or the poll URL) and events_delivered, the requested events
        the stream can carry (those in its events_supported)."""
        if not isinstance(stream, dict) or not isinstance(stream.get("stream_id"), str):
            return stream
        body = self._bodies.get(stream["stream_id"], {})
        supported = stream.get("events_supported") or []
        requested = body.get("events_delivered") or body.get("events_requested") or []
        if body.get("delivery_method") == "push":
            delivery = {"method": PUSH, "endpoint_url": body.get("endpoint_url")}
        else:
            delivery = {"method": POLL, "endpoint_url": self._stream_url(stream["stream_id"])
                        + "/poll"}
        return {"events_requested": body.get("events_requested", []), **stream,
                "delivery": delivery,
                "events_delivered": [e for e in requested if e in supported]}

    # -- streams ---------------------------------------------------------------------------
    def create(self, body, token, raw=None) -> HttpResult:
        if raw is not None:
            self._last_body = None
            return self._send("POST", self.endpoint("configuration"), token=token,
                              content=raw, headers=JSON)
        self._last_body = body if isinstance(body, dict) else None
        return self._send("POST", self.endpoint("configuration"), token=token, json=body)

    def learn_created(self, result: HttpResult) -> None:
        try:
            answer = result.json()
        except ValueError:
            return
        if isinstance(answer, dict) and isinstance(answer.get("stream_id"), str) \
                and self._last_body is not None:
            self._bodies[answer["stream_id"]] = self._last_body

    def read(self, stream_id, token) -> HttpResult:
        if not stream_id:
            raise MissingEndpoint("the starfly stream API does not list streams")
        return self._send("GET", self._stream_url(stream_id), token=token)

    def _missing(self, operation: str) -> HttpResult:
        raise MissingEndpoint(f"the starfly stream API documents no {operation}")

    def update(self, body, token) -> HttpResult:
        return self._missing("update")

    def replace(self, body, token) -> HttpResult:
        return self._missing("replace")

    def delete(self, stream_id, token) -> HttpResult:
        return self._missing("delete")

    def read_status(self, stream_id, token) -> HttpResult:
        return self._missing("status endpoint")

    def set_status(self, stream_id, status, token) -> HttpResult:
        return self._missing("status endpoint")

    def add_subject(self, stream_id, subject, token) -> HttpResult:
        return self._missing("subject management")

    def remove_subject(self, stream_id, subject, token) -> HttpResult:
        return self._missing("subject management")

    def verify(self, stream_id, state, token, paced: bool = True) -> HttpResult:
        return self._missing("verification")

    # -- poll (emulator addition) ----------------------------------------------------------
    def _poll_url(self, stream: dict) -> str:
        stream_id = (stream or {}).get("stream_id")
        if not stream_id:
            raise MissingEndpoint("the stream has no stream_id to poll")
        return self._stream_url(stream_id) + "/poll"

    def poll(self, stream, body, token, *, raw=None, timeout=None) -> HttpResult:
        url = self._poll_url(stream)
        if raw is not None:
            return self._send("POST", url, token=token, content=raw, headers=JSON,
                              timeout=timeout, paced=False)
        return self._send("POST", url, token=token, json=body, timeout=timeout, paced=False)

    # -- negative tests --------------------------------------------------------------------
    def raw(self, operation, *, token, body=None, content=None, query=None, stream_id=None,
            bare=False) -> HttpResult:
        """create: the documented POST as given; read: GET of a stream (an unknown id finds
        nothing); wrong_method: a DELETE of the create endpoint, which takes only POST."""
        kwargs: dict = {"params": query, "paced": False}
        if content is not None:
            kwargs.update(content=content, headers=JSON)
        elif body is not None:
            kwargs["json"] = body
        if operation == "create":
            return self._send("POST", self.endpoint("configuration"), token=token, **kwargs)
        if operation == "read" and stream_id:
            return self._send("GET", self._stream_url(stream_id), token=token, **kwargs)
        if operation == "wrong_method":
            return self._send("DELETE", self.endpoint("configuration"), token=token, **kwargs)
        if operation == "poll":
            return self._send("POST", self._poll_url(body or {}), token=token, params=query,
                              paced=False)
        raise MissingEndpoint(f"no {operation} request in the starfly stream API")
