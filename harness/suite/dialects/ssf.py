"""SSF 1.0 (final): endpoints from the transmitter metadata, the stream addressed by the
`stream_id` query parameter (GET/DELETE) or body member (PATCH/PUT/status/subjects/verify),
poll at the stream's `delivery.endpoint_url` with RFC 8936 request bodies."""
from __future__ import annotations

from typing import Any

from harness.ssf.constants import POLL, PUSH
from harness.suite.dialects.base import ManagementApi, MissingEndpoint
from harness.suite.http import HttpResult

METADATA_KEYS = {"configuration": "configuration_endpoint", "status": "status_endpoint",
                 "verification": "verification_endpoint",
                 "add_subject": "add_subject_endpoint",
                 "remove_subject": "remove_subject_endpoint"}
JSON = {"Content-Type": "application/json"}
# operation -> (method, endpoint name, where the stream id goes: "query" | "body" | None)
RAW = {"create": ("POST", "configuration", None), "read": ("GET", "configuration", "query"),
       "list": ("GET", "configuration", None), "update": ("PATCH", "configuration", "body"),
       "replace": ("PUT", "configuration", "body"),
       "delete": ("DELETE", "configuration", "query"),
       "status_read": ("GET", "status", "query"), "status_update": ("POST", "status", "body"),
       "add_subject": ("POST", "add_subject", "body"),
       "remove_subject": ("POST", "remove_subject", "body"),
       "verify": ("POST", "verification", "body")}


class SsfApi(ManagementApi):
    dialect = "ssf"

    def endpoint(self, name: str) -> str:
        key = METADATA_KEYS.get(name, name)
        url = self.metadata.get(key)
        if not url:
            raise MissingEndpoint(f"the transmitter metadata has no {key} although the "
                                  "profile declares the capability that needs it")
        return url

    # -- bodies ----------------------------------------------------------------------------
    def push_body(self, endpoint_url, events, authorization_header=None, **extra) -> dict:
        delivery = {"method": PUSH, "endpoint_url": endpoint_url}
        if authorization_header is not None:
            delivery["authorization_header"] = authorization_header
        return {"delivery": delivery, "events_requested": events, **extra}

    def poll_body(self, events, **extra) -> dict:
        return {"delivery": {"method": POLL}, "events_requested": events, **extra}

    def delivery_name(self, body: dict) -> str:
        return "push" if (body.get("delivery") or {}).get("method") == PUSH else "poll"

    # -- streams ---------------------------------------------------------------------------
    def create(self, body: Any, token, raw: bytes | None = None) -> HttpResult:
        url = self.endpoint("configuration")
        if raw is not None:
            return self._send("POST", url, token=token, content=raw, headers=JSON)
        return self._send("POST", url, token=token, json=body)

    def read(self, stream_id, token) -> HttpResult:
        params = {"stream_id": stream_id} if stream_id else None
        return self._send("GET", self.endpoint("configuration"), token=token, params=params)

    def update(self, body, token) -> HttpResult:
        return self._send("PATCH", self.endpoint("configuration"), token=token, json=body)

    def replace(self, body, token) -> HttpResult:
        return self._send("PUT", self.endpoint("configuration"), token=token, json=body)

    def delete(self, stream_id, token) -> HttpResult:
        return self._send("DELETE", self.endpoint("configuration"), token=token,
                          params={"stream_id": stream_id})

    # -- status, subjects, verification ----------------------------------------------------
    def read_status(self, stream_id, token) -> HttpResult:
        return self._send("GET", self.endpoint("status"), token=token,
                          params={"stream_id": stream_id})

    def set_status(self, stream_id, status, token) -> HttpResult:
        return self._send("POST", self.endpoint("status"), token=token,
                          json={"stream_id": stream_id, "status": status})

    def add_subject(self, stream_id, subject, token) -> HttpResult:
        return self._send("POST", self.endpoint("add_subject"), token=token,
                          json={"stream_id": stream_id, "subject": subject})

    def remove_subject(self, stream_id, subject, token) -> HttpResult:
        return self._send("POST", self.endpoint("remove_subject"), token=token,
                          json={"stream_id": stream_id, "subject": subject})

    def verify(self, stream_id, state, token, paced: bool = True) -> HttpResult:
        body = {"stream_id": stream_id}
        if state is not None:
            body["state"] = state
        return self._send("POST", self.endpoint("verification"), token=token, json=body,
                          paced=paced)

    # -- poll ------------------------------------------------------------------------------
    def poll_url(self, stream: dict) -> str:
        url = ((stream or {}).get("delivery") or {}).get("endpoint_url")
        if not url:
            raise MissingEndpoint("the poll stream's delivery has no endpoint_url to poll")
        return url

    def poll(self, stream, body, token, *, raw=None, timeout=None) -> HttpResult:
        url = self.poll_url(stream)
        if raw is not None:
            return self._send("POST", url, token=token, content=raw, headers=JSON,
                              timeout=timeout, paced=False)
        return self._send("POST", url, token=token, json=body, timeout=timeout, paced=False)

    def list_items(self, result: HttpResult) -> list | None:
        """SSF 1.0 §8.1.1.2: a read without stream_id answers a JSON array of streams."""
        try:
            body = result.json()
        except ValueError:
            return None
        return body if isinstance(body, list) else None

    # -- negative tests --------------------------------------------------------------------
    def raw(self, operation, *, token, body=None, content=None, query=None,
            stream_id: str | None = None, bare: bool = False) -> HttpResult:
        if operation == "poll":
            return self._send("POST", self.poll_url(body or {}), token=token, content=content,
                              headers=JSON if content is not None else None, params=query,
                              paced=False)
        method, endpoint, where = RAW[operation]
        params = dict(query or {})
        if where == "query" and stream_id is not None:
            params["stream_id"] = stream_id
        if where == "body" and stream_id is not None and body is None and content is None:
            body = {"stream_id": stream_id}
        kwargs: dict = {"params": params or None}
        if content is not None:
            kwargs.update(content=content, headers=JSON)
        elif body is not None:
            kwargs["json"] = body
        return self._send(method, self.endpoint(endpoint), token=token, paced=False, **kwargs)
