"""Actions the suite performs against a transmitter under test, as a receiver would: discover,
manage streams, request verification, poll, and make the transmitter emit events (trigger).
No verdicts here: it returns what happened, the steps hand that to the checks.
"""
from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from harness.profiles.triggers import render_command, render_http_trigger
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import BY_ACTION
from harness.suite.http import HttpResult
from harness.suite.session import TransmitterSession

ENDPOINTS = {"configuration": "configuration_endpoint", "status": "status_endpoint",
             "verification": "verification_endpoint", "add_subject": "add_subject_endpoint",
             "remove_subject": "remove_subject_endpoint"}


class TriggerUnavailable(RuntimeError):
    pass


@dataclass
class TransmitterDriver:
    session: TransmitterSession
    metadata: dict | None = None

    @property
    def http(self):
        return self.session.http

    @property
    def token(self) -> str | None:
        return self.session.creds.primary

    def endpoint(self, name: str) -> str:
        key = ENDPOINTS.get(name, name)
        url = (self.metadata or {}).get(key)
        if not url:
            # The profile declared the capability, the metadata does not offer it: that is the
            # implementation's failure, not the harness's.
            from harness.results.recorder import ConformanceFailure
            raise ConformanceFailure(f"the transmitter metadata has no {key} although the "
                                     "profile declares the capability that needs it")
        return url

    # -- discovery -----------------------------------------------------------------------
    def fetch_metadata(self) -> HttpResult:
        return self.http.call("GET", self.session.discovery_url)

    def fetch_jwks(self) -> HttpResult:
        return self.http.call("GET", self.metadata["jwks_uri"])

    # -- streams -------------------------------------------------------------------------
    def push_body(self, key: str, events: list[str], authorization_header: str | None = None,
                  **extra: Any) -> dict:
        delivery = {"method": PUSH, "endpoint_url": self.session.push_url(key)}
        if authorization_header is not None:
            delivery["authorization_header"] = authorization_header
        return {"delivery": delivery, "events_requested": events, **extra}

    def poll_body(self, events: list[str], **extra: Any) -> dict:
        return {"delivery": {"method": POLL}, "events_requested": events, **extra}

    def create_stream(self, body: Any, token: str | None = "default", raw: bytes | None = None
                      ) -> HttpResult:
        token = self.token if token == "default" else token
        if raw is not None:
            return self.http.call("POST", self.endpoint("configuration"), token=token,
                                  content=raw, headers={"Content-Type": "application/json"})
        return self.http.call("POST", self.endpoint("configuration"), token=token, json=body)

    def read_stream(self, stream_id: str | None = None, token: str | None = "default"
                    ) -> HttpResult:
        token = self.token if token == "default" else token
        params = {"stream_id": stream_id} if stream_id else None
        return self.http.call("GET", self.endpoint("configuration"), token=token, params=params)

    def update_stream(self, body: dict, token: str | None = "default") -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("PATCH", self.endpoint("configuration"), token=token, json=body)

    def replace_stream(self, body: dict, token: str | None = "default") -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("PUT", self.endpoint("configuration"), token=token, json=body)

    def delete_stream(self, stream_id: str, token: str | None = "default") -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("DELETE", self.endpoint("configuration"), token=token,
                              params={"stream_id": stream_id})

    # -- status, subjects, verification --------------------------------------------------
    def read_status(self, stream_id: str, token: str | None = "default") -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("GET", self.endpoint("status"), token=token,
                              params={"stream_id": stream_id})

    def set_status(self, stream_id: str, status: str, token: str | None = "default"
                   ) -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("POST", self.endpoint("status"), token=token,
                              json={"stream_id": stream_id, "status": status})

    def add_subject(self, stream_id: str, subject: dict, token: str | None = "default"
                    ) -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("POST", self.endpoint("add_subject"), token=token,
                              json={"stream_id": stream_id, "subject": subject})

    def remove_subject(self, stream_id: str, subject: dict, token: str | None = "default"
                       ) -> HttpResult:
        token = self.token if token == "default" else token
        return self.http.call("POST", self.endpoint("remove_subject"), token=token,
                              json={"stream_id": stream_id, "subject": subject})

    def verify(self, stream_id: str, state: str | None, token: str | None = "default"
               ) -> HttpResult:
        token = self.token if token == "default" else token
        body = {"stream_id": stream_id}
        if state is not None:
            body["state"] = state
        return self.http.call("POST", self.endpoint("verification"), token=token, json=body)

    # -- poll ----------------------------------------------------------------------------
    def poll(self, url: str, *, max_events: int | None = None, return_immediately: bool = True,
             ack: list[str] | None = None, set_errs: dict | None = None,
             token: str | None = "default", raw: str | None = None,
             timeout: float | None = None) -> HttpResult:
        token = self.token if token == "default" else token
        if raw is not None:
            return self.http.call("POST", url, token=token, content=raw,
                                  headers={"Content-Type": "application/json"}, timeout=timeout)
        body: dict = {"returnImmediately": return_immediately}
        if max_events is not None:
            body["maxEvents"] = max_events
        if ack:
            body["ack"] = ack
        if set_errs:
            body["setErrs"] = set_errs
        return self.http.call("POST", url, token=token, json=body, timeout=timeout)

    def poll_until(self, url: str, want: int, deadline_seconds: float) -> dict[str, str]:
        """Poll (without acknowledging) until at least `want` SETs are waiting or the deadline
        passes. Long polls do the waiting; the loop only repeats while SETs trickle in."""
        deadline = time.monotonic() + deadline_seconds
        seen: dict[str, str] = {}
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return seen
            resp = self.poll(url, max_events=max(want, 1) * 4, return_immediately=False,
                             timeout=remaining + 5)
            if resp.status == 200:
                seen.update((resp.json() or {}).get("sets") or {})
            if len(seen) >= want or resp.status != 200:
                return seen

    # -- triggers ------------------------------------------------------------------------
    def trigger(self, action: str, email: str, stream_id: str | None = None) -> HttpResult | None:
        target = self.session.profile.target("transmitter")
        trig = target.trigger
        event = BY_ACTION[action]
        values = {"action": action, "event_uri": event.uri, "email": email,
                  "stream_id": stream_id or ""}
        if trig.type == "http":
            base = target.base_url or self.session.issuer
            req = render_http_trigger(trig, base_url=base, **values)
            return self.http.call(req.method, req.url, json=req.body, headers=dict(req.headers),
                                  timeout=self.session.profile.timeouts.scaled("trigger"))
        if trig.type == "command":
            argv = render_command(trig, **values)
            subprocess.run(argv, check=True, capture_output=True,
                           timeout=trig.timeout or self.session.profile.timeouts.scaled("trigger"))
            return None
        raise TriggerUnavailable(f"trigger type {trig.type!r} cannot be automated here")

    def admin_set_status(self, stream_id: str, status: str) -> HttpResult:
        """Make the transmitter change a stream's status on its own (profile status_trigger;
        the embedded reference offers an admin endpoint)."""
        if self.session.embedded:
            return self.http.call("POST",
                                  f"{self.session.issuer}/admin/streams/{stream_id}/status",
                                  token=self.session.creds.admin,
                                  json={"status": status, "reason": "conformance suite"})
        target = self.session.profile.target("transmitter")
        trig = target.status_trigger
        if trig.type != "http":
            raise TriggerUnavailable("status_trigger must be an http trigger to be automated")
        req = render_http_trigger(trig, base_url=target.base_url or self.session.issuer,
                                  stream_id=stream_id, status=status)
        return self.http.call(req.method, req.url, json=req.body, headers=dict(req.headers))


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
