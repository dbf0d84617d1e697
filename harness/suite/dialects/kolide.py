"""Kolide's SSF streams API (../shared/seeds/kolide-ssf-streams-api.txt): `/ssf_streams` (list,
create with the standard SSF body or the legacy `{"ssf_stream": {...}}`), `/ssf_streams/{id}`
(GET, PATCH with the legacy body, DELETE), `/ssf_streams/{stream_id}/events` (GET poll, POST
ack, with the one-time `X-Kolide-Poll-Bearer-Token`), `/ssf_streams/{id}/test` with an email
for verification, and `X-Kolide-Api-Version` on every call."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from harness.ssf.constants import PUSH
from harness.suite.dialects.base import MissingEndpoint
from harness.suite.dialects.ssf import SsfApi
from harness.suite.http import HttpResult

API_VERSION = "2026-04-07"
VERSION_HEADER = "X-Kolide-Api-Version"
POLL_TOKEN_HEADER = "X-Kolide-Poll-Bearer-Token"
NAME = "ssf-conformance-suite"
JSON = {"Content-Type": "application/json"}


class KolideApi(SsfApi):
    dialect = "kolide"
    long_poll = False          # GET /events answers at once
    body_forms = ("legacy",)
    # The document shows the answers, not their status: any success.
    CREATED_STATUSES = (200, 201)
    CREATED_REQUIREMENT = "KOLIDE-03"
    STREAM_MEMBERS = ("id", "iss", "stream_id", "name", "aud", "delivery_type", "enabled",
                      "events_supported", "created_at", "updated_at", "delivery")
    MEMBERS_REQUIREMENT = "KOLIDE-04"

    TITLE = "Kolide's SSF streams API (X-Kolide-Api-Version, /ssf_streams)"

    @classmethod
    def recognises(cls, metadata: dict, answer: HttpResult | None) -> bool:
        """Its configuration_endpoint is /ssf_streams, or a refusal names its version header."""
        endpoint = urlsplit(str(metadata.get("configuration_endpoint") or "")).path
        said = (answer.text if answer is not None else "") or ""
        return endpoint.rstrip("/").endswith("/ssf_streams") or VERSION_HEADER.lower() in \
            str(said).lower()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._poll_tokens: dict[str, str] = {}   # stream_id -> the token handed out once

    def endpoint(self, name: str) -> str:
        if name in ("status", "add_subject", "remove_subject"):
            raise MissingEndpoint(f"the Kolide streams API has no {name} endpoint")
        return super().endpoint(name)

    def _call(self, method: str, url: str, *, bare: bool = False, **kwargs: Any) -> HttpResult:
        headers = {} if bare else {VERSION_HEADER: API_VERSION}
        headers.update(kwargs.pop("headers", None) or {})
        return self._send(method, url, headers=headers, **kwargs)

    def _stream_url(self, stream_id: str) -> str:
        return self.endpoint("configuration").rstrip("/") + "/" + stream_id

    # -- bodies ----------------------------------------------------------------------------
    def push_body(self, endpoint_url, events, authorization_header=None, **extra) -> dict:
        body = super().push_body(endpoint_url, events, authorization_header, **extra)
        return {"name": NAME, **body}

    def poll_body(self, events, **extra) -> dict:
        return {"name": NAME, **super().poll_body(events, **extra)}

    @staticmethod
    def legacy(body: dict) -> dict:
        """The legacy body (the document's "Kolide Legacy Body") with the members `body` has:
        name (or an SSF description), delivery as delivery_type + aud, events_requested as
        event_subscriptions, spec_version."""
        inner: dict = {}
        if "name" in body or "description" in body:
            inner["name"] = body.get("name", body.get("description"))
        delivery = body.get("delivery")
        if isinstance(delivery, dict):
            inner["delivery_type"] = "push" if delivery.get("method") == PUSH else "poll"
            if delivery.get("endpoint_url"):
                inner["aud"] = delivery["endpoint_url"]
        if "events_requested" in body:
            inner["event_subscriptions"] = body["events_requested"]
        if "spec_version" in body:
            inner["spec_version"] = body["spec_version"]
        return {"ssf_stream": inner}

    def normalise(self, stream: Any) -> Any:
        """Kolide's stream in SSF 1.0's shape. It has no events_delivered: the events a stream
        takes are its events_requested ("currently only ... the device compliance change
        event"), or, where an answer leaves them out (the poll example), events_supported."""
        if not isinstance(stream, dict) or "events_delivered" in stream:
            return stream
        taken = stream.get("events_requested") or stream.get("events_supported") or []
        return {**stream, "events_delivered": list(taken)}

    # -- streams ---------------------------------------------------------------------------
    def create(self, body, token, raw=None) -> HttpResult:
        if raw is not None:
            return self._call("POST", self.endpoint("configuration"), token=token, content=raw,
                              headers=JSON)
        return self._call("POST", self.endpoint("configuration"), token=token, json=body)

    def create_in_form(self, form, body, token) -> HttpResult:
        if form != "legacy":
            return super().create_in_form(form, body, token)
        return self._call("POST", self.endpoint("configuration"), token=token,
                          json=self.legacy(body))

    def learn_created(self, result: HttpResult) -> None:
        answer = self._json(result)
        if isinstance(answer, dict) and answer.get("poll_bearer_token") \
                and answer.get("stream_id"):
            self._poll_tokens[answer["stream_id"]] = answer["poll_bearer_token"]

    def poll_credential(self, result: HttpResult) -> str | None:
        answer = self._json(result)
        token = answer.get("poll_bearer_token") if isinstance(answer, dict) else None
        return token if isinstance(token, str) and token else None

    def read(self, stream_id, token) -> HttpResult:
        url = self._stream_url(stream_id) if stream_id else self.endpoint("configuration")
        return self._call("GET", url, token=token)

    def list_items(self, result: HttpResult) -> list | None:
        answer = self._json(result)
        items = answer.get("data") if isinstance(answer, dict) else None
        return items if isinstance(items, list) else None

    def update(self, body, token) -> HttpResult:
        """PATCH with the legacy body (the document's "Update an SSF Stream")."""
        legacy = self.legacy({k: v for k, v in body.items() if k != "stream_id"})
        return self._call("PATCH", self._stream_url(body.get("stream_id", "")), token=token,
                          json=legacy)

    def replace(self, body, token) -> HttpResult:
        raise MissingEndpoint("the Kolide streams API has no replace (PUT) operation")

    def delete(self, stream_id, token) -> HttpResult:
        self._poll_tokens.pop(stream_id, None)
        return self._call("DELETE", self._stream_url(stream_id), token=token)

    def verify(self, stream_id, state, token, paced: bool = True) -> HttpResult:
        """The document's test event ("Test events require an email address"); it carries no
        state."""
        url = self.endpoint("verification").replace("{stream_id}", stream_id)
        return self._call("POST", url, token=token, json={"email": self._email()}, paced=paced)

    # -- poll ------------------------------------------------------------------------------
    def _events_url(self, stream: dict) -> str:
        stream_id = (stream or {}).get("stream_id")
        if not stream_id:
            raise MissingEndpoint("the stream has no stream_id to poll")
        return self._stream_url(stream_id) + "/events"

    def poll(self, stream, body, token, *, raw=None, timeout=None) -> HttpResult:
        """RFC 8936 asks and acknowledges in one request; Kolide acknowledges with POST and
        polls with GET. An acknowledgement is sent first, then the poll."""
        url = self._events_url(stream)
        headers = {POLL_TOKEN_HEADER: self._poll_tokens[stream["stream_id"]]} \
            if stream["stream_id"] in self._poll_tokens else {}
        if raw is not None:
            return self._call("POST", url, token=token, content=raw,
                              headers={**JSON, **headers}, timeout=timeout, paced=False)
        if (body or {}).get("ack"):
            acked = self._call("POST", url, token=token, json={"ack": body["ack"]},
                               headers=headers, timeout=timeout, paced=False)
            if acked.status >= 300:
                return acked
        return self._call("GET", url, token=token, headers=headers, timeout=timeout,
                          paced=False)

    # -- negative tests --------------------------------------------------------------------
    def raw(self, operation, *, token, body=None, content=None, query=None, stream_id=None,
            bare=False) -> HttpResult:
        if operation == "poll":   # without the stream's poll token
            return self._call("GET", self._events_url(body or {}), token=token, params=query,
                              bare=bare, paced=False)
        if operation == "list":
            return self._call("GET", self.endpoint("configuration"), token=token, params=query,
                              bare=bare, paced=False)
        if operation in ("read", "delete") and stream_id:
            return self._call("GET" if operation == "read" else "DELETE",
                              self._stream_url(stream_id), token=token, params=query,
                              bare=bare, paced=False)
        if operation == "create":
            kwargs = {"content": content, "headers": JSON} if content is not None \
                else {"json": body}
            return self._call("POST", self.endpoint("configuration"), token=token,
                              params=query, bare=bare, paced=False, **kwargs)
        raise MissingEndpoint(f"no {operation} request in the Kolide streams API")

    @staticmethod
    def _json(result: HttpResult) -> Any:
        try:
            return result.json()
        except ValueError:
            return None

