"""Actions the suite performs as the transmitter of a receiver under test (RUT): drive the RUT
through the profile's triggers, push SETs to it, queue SETs for it to poll, make the persona
emit events or change stream status, and read the RUT's observation hooks. No verdicts here.

Waiting is event-driven: the persona's tap and push log wake waiters; observation reads use the
reference receiver's `wait=` long-poll parameters. An external RUT has no such parameters, so its
observation URLs are re-read with a bounded exponential backoff until the deadline
(harness/suite/observing.py, which also applies the profile's observation layout).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Callable

from harness.ssf.events import BY_ACTION
from harness.suite import observing
from harness.suite.forger import USE_PUSH_AUTH, ForgedRequest
from harness.suite.driver_core import DriverCore
from harness.suite.http import HttpResult
from harness.suite.observing import Observed
from harness.suite.operator import NoOperator
from harness.suite.outcomes import CommandEvidence, CommandRun, Outcome
from harness.suite.receiver_session import ReceiverSession
from harness.suite.triggering import TriggerUnavailable


class DriveUnavailable(RuntimeError):
    """The profile gives no way to make the RUT do this (the scenario is skipped)."""


class DriveNeedsOperator(NoOperator, DriveUnavailable):
    """A manual drive in a run without an operator: blocked where the drive sets a scenario
    up, skipped with the reason where it is the action under test."""


@dataclass(frozen=True)
class PollReport:
    """What the polling RUT said about one SET in a later poll request."""
    jti: str
    acked: bool
    set_err: dict | None      # the setErrs entry, if any
    headers: dict[str, str]   # of the poll request that reported it (Content-Language…)


@dataclass
class ReceiverDriver(DriverCore):
    session: ReceiverSession
    evidence: CommandEvidence | None = None     # where this scenario's command runs are written
    commands: list[CommandRun] = field(default_factory=list)

    @property
    def http(self):
        return self.session.http

    @property
    def persona(self):
        return self.session.persona

    def values(self, **extra) -> dict:
        """Placeholder values for the profile's drive and observation templates; a value the
        suite does not have (no stream yet) is None, so a template naming it is refused."""
        stream_id = (self.session.stream or {}).get("stream_id")
        persona = self.persona
        return {"issuer": persona.issuer if persona else None,
                "metadata_url": persona.metadata_url if persona else None,
                "audience": self.session.audience, "stream_id": stream_id,
                "email": self.session.test_email, **extra}

    # -- driving the RUT (profile triggers) ------------------------------------------------
    def drive_trigger(self, kind: str, method: str | None = None):
        """The profile's `receiver.stream.<kind>` drive; a create of `method` (default: the
        profile's delivery method) may have its own."""
        stream = self.session.profile.target("receiver").stream
        if kind == "create":
            return stream.create_for(method or self.session.delivery_method,
                                     self.session.delivery_method)
        return getattr(stream, kind)

    def drive(self, kind: str, method: str | None = None, **extra) -> Outcome:
        """Run the profile's drive (create | verify | delete); the outcome is returned, never
        raised. A verify drive gets a fresh `{state}` unless one is given."""
        trigger = self.drive_trigger(kind, method)
        if kind == "verify":
            extra.setdefault("state", secrets.token_urlsafe(12))
        where = f"receiver.stream.{kind}" + (f".{method}" if method else "")
        try:
            return self.fire_trigger(trigger, base_url=self.session.rut_base,
                                     values=self.values(**extra))
        except TriggerUnavailable:
            raise DriveUnavailable(f"{where} is not configured in the profile") from None
        except NoOperator as exc:
            raise DriveNeedsOperator(f"{where}: {exc}") from None

    def start_create(self, method: str) -> Outcome | HttpResult:
        """Make the RUT create a stream of `method` without waiting for the create to reach the
        persona (a scenario that expects it not to): the profile's drive, else the embedded
        reference's control endpoint."""
        if self.drive_trigger("create", method).enabled:
            return self.drive("create", method)
        return self.reference_control("POST", "/ssf/receiver/stream", json={"delivery": method})

    def drive_deadline(self, kind: str, method: str | None = None) -> float:
        trigger = self.drive_trigger(kind, method)
        if trigger.type == "manual" and trigger.deadline:
            return float(trigger.deadline)
        return self.timeout("trigger")

    def reference_control(self, method: str, path: str, json: Any = None,
                          params: dict | None = None) -> HttpResult:
        """Control endpoints only the embedded reference receiver has (poll streams, subjects,
        status, IdP users); external receivers are driven through their profile only."""
        if not self.session.reference_rut:
            raise DriveUnavailable("only the embedded reference receiver offers this control")
        headers = {"Authorization": f"Bearer {self.session.creds.control}"} \
            if self.session.creds.control else {}
        return self.http.call(method, self.session.rut_base + path, json=json, params=params,
                              headers=headers, timeout=self.timeout("trigger"))

    # The reference receiver's own control calls, by what they make it do.
    def control_add_idp_user(self, email: str, sessions: int = 2) -> HttpResult:
        return self.reference_control("POST", "/ssf/receiver/idp/users", {
            "email": email, "credentials": [{"type": "password"}],
            "sessions": [{"id": f"s-{email}-{n}"} for n in range(1, sessions + 1)]})

    def control_remove_subject(self, subject: dict) -> HttpResult:
        return self.reference_control("POST", "/ssf/receiver/stream/subjects/remove",
                                      {"subject": subject})

    def control_request_verification(self, stream_id: str) -> HttpResult:
        return self.reference_control("POST", "/ssf/receiver/stream/verify",
                                      {"stream_id": stream_id})

    def control_update_events(self, events: list[str]) -> HttpResult:
        return self.reference_control("PATCH", "/ssf/receiver/stream",
                                      {"events_requested": events})

    def control_read_stream(self) -> HttpResult:
        """Make the reference read its stream's configuration at the transmitter."""
        return self.reference_control("GET", "/ssf/receiver/stream/config")

    def control_replace_stream(self, **changes) -> HttpResult:
        """Make the reference replace its stream's configuration (PUT) with `changes`."""
        return self.reference_control("PUT", "/ssf/receiver/stream", changes)

    def control_read_status(self) -> HttpResult:
        """Make the reference read its stream's status at the transmitter."""
        return self.reference_control("GET", "/ssf/receiver/stream/status")

    def control_set_status(self, status: str, reason: str) -> HttpResult:
        return self.reference_control("POST", "/ssf/receiver/stream/status",
                                      {"status": status, "reason": reason})

    def delete_as_rut(self, stream_id: str) -> HttpResult:
        """Delete a stream at the suite's transmitter persona with the RUT's credentials
        (clean-up of a stream the RUT itself refused)."""
        return self.http.call("DELETE", self.persona.issuer + "/stream",
                              token=self.session.creds.rut_token,
                              params={"stream_id": stream_id})

    # -- pushing to the RUT ----------------------------------------------------------------
    def push_authorization(self) -> str | None:
        """The Authorization value of pushes to the RUT: the profile's, or a bearer minted once
        per run by the RUT's own token endpoint (receiver.delivery.oauth)."""
        creds = self.session.creds
        oauth = self.session.profile.target("receiver").delivery.oauth
        if creds.push_authorization is None and oauth is not None:
            from harness.suite.oauth import client_credentials_token
            token = client_credentials_token(self.http, oauth, where="receiver.delivery.oauth")
            creds.push_authorization = "Bearer " + token
        return creds.push_authorization

    def push(self, forged: ForgedRequest) -> HttpResult:
        headers = {"Content-Type": forged.content_type, "Accept": "application/json"}
        auth = self.push_authorization() if forged.authorization == USE_PUSH_AUTH \
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
    def wait_request(self, operation: str, timeout: float, since: int,
                     where: Callable = lambda entry: True, answered: bool = True):
        """The first request of `operation` (receiver_persona OPERATIONS) the RUT made since
        `since`, within `timeout`."""
        method, path = self.persona.route(operation)
        return self.persona.tap.log.wait_for(
            lambda e: e.method == method and (e.path == path or e.path.startswith(path + "/"))
            and e.caller in ("rut", "anonymous") and (e.answered or not answered) and where(e),
            timeout, since)

    def wait_poll_report(self, jti: str, timeout: float, since: int = 0) -> PollReport | None:
        """The first poll request that acknowledges `jti` or reports it in setErrs."""
        def mentions(entry) -> bool:
            body = entry.json({}) if isinstance(entry.json({}), dict) else {}
            return jti in (body.get("ack") or []) or jti in (body.get("setErrs") or {})
        entry = self.wait_request("poll", timeout, since, mentions, answered=False)
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

    def read(self, kind: str, params: dict | None = None, **values) -> Observed:
        """One read of an observation through the profile's layout."""
        return observing.read(self, kind, params, **values)

    def observe_until(self, kind: str, done: Callable[[Any], bool], timeout: float,
                      params: dict | None = None, **values) -> Observed:
        """Read an observation until `done(value)` holds or the deadline passes (value: log
        entries, or the subject's state, in the suite's terms); see harness/suite/observing.py.
        `params` (e.g. {"jti": j}) filter the read."""
        return observing.observe_until(self, kind, done, timeout, params, **values)
