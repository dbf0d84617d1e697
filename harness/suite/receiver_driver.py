"""Actions the suite performs as the transmitter of a receiver under test (RUT): drive the RUT
through the profile's triggers, push SETs to it, queue SETs for it to poll, make the persona
emit events or change stream status, and read the RUT's observation hooks. No verdicts here.

Waiting is event-driven: the persona's tap and push log wake waiters; observation reads use the
reference receiver's `wait=` long-poll parameters. An external RUT has no such parameters, so its
observation URLs are re-read with a bounded exponential backoff until the deadline (the only
loop of that kind; each pause is a deadline wait on an Event, interrupted on shutdown).
"""
from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

from harness.profiles.observation import render_observation
from harness.profiles.triggers import render_command, render_http_trigger, render_prompt
from harness.ssf.events import BY_ACTION
from harness.suite.forger import USE_PUSH_AUTH, ForgedRequest
from harness.suite.http import HttpResult
from harness.suite.receiver_session import ReceiverSession


class DriveUnavailable(RuntimeError):
    """The profile gives no way to make the RUT do this (the scenario is skipped)."""


@dataclass(frozen=True)
class PollReport:
    """What the polling RUT said about one SET in a later poll request."""
    jti: str
    acked: bool
    set_err: dict | None      # the setErrs entry, if any
    headers: dict[str, str]   # of the poll request that reported it (Content-Language…)


@dataclass
class ReceiverDriver:
    session: ReceiverSession

    @property
    def http(self):
        return self.session.http

    @property
    def persona(self):
        return self.session.persona

    def timeout(self, name: str) -> float:
        return self.session.profile.timeouts.scaled(name)

    def values(self, **extra) -> dict:
        """Placeholder values for the profile's drive and observation templates."""
        stream_id = (self.session.stream or {}).get("stream_id", "")
        persona = self.persona
        return {"issuer": persona.issuer if persona else None,
                "metadata_url": persona.metadata_url if persona else None,
                "audience": self.session.audience, "stream_id": stream_id,
                "email": self.session.test_email, **extra}

    # -- driving the RUT (profile triggers) ------------------------------------------------
    def drive(self, kind: str, **extra) -> HttpResult | None:
        """Run the profile's `receiver.stream.<kind>` trigger (create | verify | delete)."""
        trig = getattr(self.session.profile.target("receiver").stream, kind)
        values = self.values(**extra)
        if trig.type == "http":
            req = render_http_trigger(trig, base_url=self.session.rut_base, **values)
            return self.http.call(req.method, req.url, json=req.body, headers=dict(req.headers),
                                  timeout=self.timeout("trigger"))
        if trig.type == "command":
            subprocess.run(render_command(trig, **values), check=True, capture_output=True,
                           timeout=trig.timeout or self.timeout("trigger"))
            return None
        if trig.type == "manual":
            # The operator acts; the caller then waits (trigger deadline) for the effect.
            print(f"\n[ssf-conformance] {render_prompt(trig, **values)}\n", file=sys.__stderr__,
                  flush=True)
            return None
        raise DriveUnavailable(f"receiver.stream.{kind} is not configured in the profile")

    def drive_deadline(self, kind: str) -> float:
        trig = getattr(self.session.profile.target("receiver").stream, kind)
        if trig.type == "manual" and trig.deadline:
            return float(trig.deadline)
        return self.timeout("trigger")

    def reference_control(self, method: str, path: str, json: Any = None,
                          params: dict | None = None) -> HttpResult:
        """Control endpoints only the embedded reference receiver has (poll streams, subjects,
        status, IdP users); external receivers are driven through their profile only."""
        if not self.session.embedded:
            raise DriveUnavailable("only the embedded reference receiver offers this control")
        headers = {"Authorization": f"Bearer {self.session.creds.control}"} \
            if self.session.creds.control else {}
        return self.http.call(method, self.session.rut_base + path, json=json, params=params,
                              headers=headers, timeout=self.timeout("trigger"))

    # -- pushing to the RUT ----------------------------------------------------------------
    def push(self, forged: ForgedRequest) -> HttpResult:
        headers = {"Content-Type": forged.content_type, "Accept": "application/json"}
        auth = self.session.creds.push_authorization if forged.authorization == USE_PUSH_AUTH \
            else forged.authorization
        if auth is not None:
            headers["Authorization"] = auth
        if forged.accept_language:  # RFC 8935 §2.1: the languages it wants descriptions in
            headers["Accept-Language"] = forged.accept_language
        return self.http.call("POST", self.session.push_url, content=forged.body,
                              headers=headers, timeout=self.timeout("http_request"))

    # -- the persona (admin endpoints, through the proxy) ----------------------------------
    def _admin(self, method: str, path: str, json: Any = None, params: dict | None = None
               ) -> HttpResult:
        # The persona is the suite's own transmitter: the profile's rate limit toward the RUT
        # does not apply to it.
        return self.http.call(method, self.persona.issuer + path, json=json, params=params,
                              token=self.session.creds.admin, rate_limited=False)

    def emit(self, action: str, subject: dict | None = None, **event) -> list[str]:
        """Make the persona emit an event on the RUT's stream; returns the jtis it queued."""
        body: dict = {"subject": subject or {"format": "email", "email": self.session.test_email}}
        if self.session.stream:
            body["stream_id"] = self.session.stream["stream_id"]
        if event:
            body["event"] = event
        result = self._admin("POST", f"/actions/{BY_ACTION[action].action}", json=body)
        if result.status != 202:
            raise RuntimeError(f"the persona refused to emit {action}: {result.status}")
        return [d["jti"] for d in result.json()["deliveries"]]

    def queue(self, stream_id: str, forged: ForgedRequest, control: bool = False) -> str:
        """Queue a SET (forged or not) on a stream at the persona; returns its jti."""
        body = {"token": forged.token, "jti": forged.jti, "control": control}
        result = self._admin("POST", f"/admin/streams/{stream_id}/sets", json=body)
        if result.status != 202:
            raise RuntimeError(f"the persona refused to queue a SET: {result.status}")
        return result.json()["jti"]

    def set_status(self, stream_id: str, status: str) -> HttpResult:
        """A transmitter-initiated status change: the persona sends stream-updated first."""
        return self._admin("POST", f"/admin/streams/{stream_id}/status",
                           json={"status": status, "reason": "conformance suite"})

    def rotate_keys(self) -> HttpResult:
        return self._admin("POST", "/admin/rotate-keys")

    # -- what the RUT did at the persona ----------------------------------------------------
    def wait_request(self, method: str, endpoint: str, timeout: float, since: int,
                     where: Callable = lambda entry: True, answered: bool = True):
        path = self.persona.path(endpoint)
        return self.persona.tap.log.wait_for(
            lambda e: e.method == method and (e.path == path or e.path.startswith(path + "/"))
            and e.caller in ("rut", "anonymous") and (e.answered or not answered) and where(e),
            timeout, since)

    def wait_poll_report(self, jti: str, timeout: float, since: int = 0) -> PollReport | None:
        """The first poll request that acknowledges `jti` or reports it in setErrs."""
        def mentions(entry) -> bool:
            body = entry.json({}) if isinstance(entry.json({}), dict) else {}
            return jti in (body.get("ack") or []) or jti in (body.get("setErrs") or {})
        entry = self.wait_request("POST", "/poll", timeout, since, mentions, answered=False)
        if entry is None:
            return None
        body = entry.json({})
        return PollReport(jti, jti in (body.get("ack") or []),
                          (body.get("setErrs") or {}).get(jti), dict(entry.headers))

    def wait_persona_push(self, predicate: Callable[[dict], bool], timeout: float,
                          since: int = 0):
        """The first push the persona made whose SET claims satisfy `predicate`."""
        from harness.jose import SETDecodeError, decode_set

        def matches(push) -> bool:
            try:
                return predicate(decode_set(push.token).claims)
            except SETDecodeError:
                return False
        return self.persona.pushes.wait_for(matches, timeout, since)

    # -- observing the RUT -----------------------------------------------------------------
    def observable(self, kind: str) -> bool:
        return self.session.profile.target("receiver").observation.url_for(kind) is not None

    def observe(self, kind: str, params: dict | None = None, **values) -> HttpResult:
        observation = self.session.profile.target("receiver").observation
        req = render_observation(observation, kind, base_url=self.session.rut_base,
                                 **self.values(**values))
        return self.http.call("GET", req.url, headers=dict(req.headers), params=params,
                              timeout=self.timeout("observation") + self.timeout("http_request"))

    def observe_until(self, kind: str, done: Callable[[Any], bool], timeout: float,
                      params: dict | None = None, **values) -> Any:
        """Read an observation until `done(json)` holds or the deadline passes; returns the
        last JSON read (None if nothing readable). `params` (e.g. {"jti": j}) filter the read;
        the embedded reference is also asked to hold it until its condition holds (`wait=`),
        an external RUT is re-read with backoff (50 ms doubling to 1 s)."""
        deadline = time.monotonic() + timeout
        delay, last = 0.05, None
        while True:
            remaining = deadline - time.monotonic()
            query = dict(params or {})
            if self.session.embedded and params:
                query["wait"] = f"{max(remaining, 0):.2f}"
            last = _json_or_none(self.observe(kind, query or None, **values))
            if (last is not None and done(last)) or remaining <= 0:
                return last
            if self.session.stopping.wait(min(delay, max(remaining, 0))):
                return last
            delay = min(delay * 2, 1.0)


def _json_or_none(result: HttpResult) -> Any:
    if result.status != 200:
        return None
    try:
        return result.json()
    except ValueError:
        return None
