"""Actions the suite performs against a transmitter under test, as a receiver would: discover,
manage streams, request verification, poll, and make the transmitter emit events (trigger).
No verdicts here: it returns what happened, the steps hand that to the checks.

As a polite receiver it honours Retry-After on management calls, keeps each stream's
min_verification_interval, and adds the test subject before triggering an event when the
transmitter adds no subjects by default (harness/suite/pacing.py, stream_rules.py).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from harness.hardening.json_text import read_json
from harness.profiles.triggers import render_http_trigger
from harness.ssf.events import BY_ACTION
from harness.suite.dialects import ManagementApi, MissingEndpoint, adapter_class
from harness.suite.outcomes import CommandEvidence, CommandRun, Outcome
from harness.suite.skips import ScenarioSkipped
from harness.suite.http import HttpResult
from harness.suite.pacing import PacedWait, note
from harness.suite.session import TransmitterSession
from harness.suite.stream_rules import StreamRules
from harness.suite.triggering import (DEFAULT_TEST_EMAIL, ManagementHttp, TriggerUnavailable,
                                      fire, with_extras)

__all__ = ["TransmitterDriver", "TriggerUnavailable", "parse_json"]


@dataclass
class TransmitterDriver:
    session: TransmitterSession
    metadata: dict | None = None
    rules: StreamRules = field(default_factory=StreamRules)
    paced: list[PacedWait] = field(default_factory=list)   # this scenario's paced waits
    evidence: CommandEvidence | None = None     # where this scenario's command runs are written
    commands: list[CommandRun] = field(default_factory=list)
    api: ManagementApi = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The implementation's dialect of the management API (harness/suite/dialects).
        self.api = adapter_class(self.target.dialect)(self._send, lambda: self.metadata,
                                                      email=self._email)

    @property
    def target(self):
        return self.session.profile.target("transmitter")

    @property
    def http(self):
        """The session's client, with the profile's transmitter.headers on every request."""
        return ManagementHttp(self.session.http, self.target.headers.render({}))

    @property
    def token(self) -> str | None:
        return self.session.creds.primary

    def endpoint(self, name: str) -> str:
        return self._api("endpoint", name)

    def _api(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.api, operation)(*args, **kwargs)
        except MissingEndpoint as exc:
            # The profile declared the capability, the metadata does not offer it: that is the
            # implementation's failure, not the harness's.
            from harness.results.recorder import ConformanceFailure
            raise ConformanceFailure(str(exc)) from exc

    def _send(self, method: str, url: str, *, paced: bool = True, **kwargs: Any) -> HttpResult:
        """How adapters reach the implementation: paced management calls (Retry-After, the
        stream rules learnt), or as sent (probes and polls)."""
        if not paced:
            return self.http.call(method, url, **kwargs)
        return self._manage(method, url, **kwargs)

    def _manage(self, method: str, url: str, **kwargs: Any) -> HttpResult:
        """A management call: a 429/503 with Retry-After is waited out within the pacing
        deadline, and the rules a stream configuration answer states are remembered."""
        result = self.http.call(method, url, honour_retry_after=True, **kwargs)
        self.paced.extend(PacedWait("retry-after", method, url, seconds, status)
                          for status, seconds in result.retried_after)
        self.rules.learn(result.status, result.text)
        return result

    # -- discovery -----------------------------------------------------------------------
    def fetch_metadata(self) -> HttpResult:
        return self._manage("GET", self.session.discovery_url)

    def fetch_jwks(self) -> HttpResult:
        return self._manage("GET", self.metadata["jwks_uri"])

    def fetch_unknown_issuer_metadata(self) -> HttpResult:
        """The metadata of an issuer path the transmitter does not have (SSF-DISC-*)."""
        from harness.suite.watching import unknown_issuer_metadata_url
        return self.http.call("GET", unknown_issuer_metadata_url(self.session.discovery_url))

    def client_credentials_token(self, scope: str) -> HttpResult:
        """An OAuth 2.0 client-credentials token request (RFC 6749 §4.4) with the profile's
        client; the profile must name a token endpoint."""
        creds = self.session.creds
        if not creds.oauth_token_endpoint:
            from harness.suite.session import HarnessSetupError
            raise HarnessSetupError("profile has no OAuth client credentials")
        return self.http.call("POST", creds.oauth_token_endpoint,
                              data={"grant_type": "client_credentials", "scope": scope,
                                    "client_id": creds.oauth_client_id,
                                    "client_secret": creds.oauth_client_secret})

    def probe_legacy_sse_metadata(self) -> HttpResult | None:
        """For a diagnosis after SSF discovery failed: the legacy SSE draft's well-known
        (`/.well-known/sse-configuration`, in place of SSF's `ssf-configuration`). Returns the
        answer when it is 200 with a metadata object (issuer or jwks_uri), else None."""
        from urllib.parse import urlsplit, urlunsplit

        from harness.suite.http import HarnessHttpError
        ssf, sse = "/.well-known/ssf-configuration", "/.well-known/sse-configuration"
        url = self.session.discovery_url.replace(ssf, sse, 1)
        if sse not in url and self.session.issuer:  # a profile metadata_url of another shape
            parts = urlsplit(self.session.issuer)
            url = urlunsplit((parts.scheme, parts.netloc, sse + parts.path.rstrip("/"), "", ""))
        if sse not in url:
            return None
        try:
            result = self.http.call("GET", url)
        except HarnessHttpError:
            return None
        body = parse_json(result.text)
        looks_like_metadata = isinstance(body, dict) and ("issuer" in body or "jwks_uri" in body)
        return result if result.status == 200 and looks_like_metadata else None

    # -- streams -------------------------------------------------------------------------
    def _token(self, token: str | None) -> str | None:
        return self.token if token == "default" else token

    def push_body(self, key: str, events: list[str], authorization_header: str | None = None,
                  **extra: Any) -> dict:
        return self.api.push_body(self.session.push_url(key), events, authorization_header,
                                  **extra)

    def poll_body(self, events: list[str], **extra: Any) -> dict:
        return self.api.poll_body(events, **extra)

    def delivery_name(self, body: dict) -> str:
        """"push" or "poll" for a create body built by this driver."""
        return self.api.delivery_name(body)

    def stream_body(self, key: str, events: list[str], **extra: Any) -> dict:
        """A create body for scenarios that need a stream but not a particular delivery
        method: push when the profile declares it, else poll (a poll-only transmitter)."""
        caps = self.session.profile.capabilities("transmitter")
        if caps.supports("push") or not caps.supports("poll"):
            return self.push_body(key, events, **extra)
        return self.poll_body(events, **extra)

    def create_stream(self, body: Any, token: str | None = "default", raw: bytes | None = None
                      ) -> HttpResult:
        body = body if raw is not None else with_extras(self.target, "create", body,
                                                        self._email())
        result = self._api("create", body, self._token(token), raw=raw)
        self.api.learn_created(result)
        return result

    def read_stream(self, stream_id: str | None = None, token: str | None = "default"
                    ) -> HttpResult:
        return self._api("read", stream_id, self._token(token))

    def update_stream(self, body: dict, token: str | None = "default") -> HttpResult:
        return self._api("update", with_extras(self.target, "update", body, self._email()),
                               self._token(token))

    def replace_stream(self, body: dict, token: str | None = "default") -> HttpResult:
        return self._api("replace", with_extras(self.target, "update", body, self._email()),
                                self._token(token))

    def delete_stream(self, stream_id: str, token: str | None = "default") -> HttpResult:
        return self._api("delete", stream_id, self._token(token))

    # -- status, subjects, verification --------------------------------------------------
    def read_status(self, stream_id: str, token: str | None = "default") -> HttpResult:
        return self._api("read_status", stream_id, self._token(token))

    def set_status(self, stream_id: str, status: str, token: str | None = "default"
                   ) -> HttpResult:
        return self._api("set_status", stream_id, status, self._token(token))

    def add_subject(self, stream_id: str, subject: dict, token: str | None = "default"
                    ) -> HttpResult:
        self.rules.subjects_managed.add(stream_id)   # the scenario decides the stream's subjects
        return self._api("add_subject", stream_id, self._subject(subject), self._token(token))

    def remove_subject(self, stream_id: str, subject: dict, token: str | None = "default"
                       ) -> HttpResult:
        self.rules.subjects_managed.add(stream_id)
        return self._api("remove_subject", stream_id, self._subject(subject), self._token(token))

    def verify(self, stream_id: str, state: str | None, token: str | None = "default",
               pace: bool = True) -> HttpResult:
        """Request verification. Paced (the default), it first waits until the stream's
        min_verification_interval since the suite's last request has passed, and waits out a
        Retry-After; `pace=False` is the deliberate too-frequent probe (TX-VERIFY-06)."""
        url = self.endpoint("verification")
        if pace:
            self._await_verification_interval(stream_id, url)
        result = self._api("verify", stream_id, state, self._token(token), paced=pace)
        self.rules.verified(stream_id)
        return result

    def create_stream_in_form(self, form: str, body: dict) -> HttpResult:
        """Create with one of the dialect's other documented body forms (`api.body_forms`)."""
        result = self._api("create_in_form", form, body, self.token)
        self.api.learn_created(result)
        return result

    def call_raw(self, operation: str, *, token: str | None = None, body: Any = None,
                 content: bytes | None = None, query: dict | None = None,
                 stream_id: str | None = None, bare: bool = False) -> HttpResult:
        """A deliberately odd request for a negative test (no or a bad token, a token in the
        query, a body that is not JSON), in the implementation's dialect."""
        return self._api("raw", operation, token=token, body=body, content=content,
                         query=query, stream_id=stream_id, bare=bare)

    def _await_verification_interval(self, stream_id: str, url: str) -> None:
        delay = self.rules.verification_delay(stream_id)
        if delay <= 0:
            return
        limit = self.http.pacing.max_wait
        if delay > limit:
            raise ScenarioSkipped(
                f"the stream's min_verification_interval asks the suite to wait {delay:.1f}s "
                f"before its next verification request, longer than timeouts.pacing allows "
                f"({limit:g}s); raise timeouts.pacing to run this scenario")
        wait = PacedWait("min_verification_interval", "POST", url, delay)
        note(wait)
        self.paced.append(wait)
        self.http.pause(delay)

    # -- the test subject ------------------------------------------------------------------
    def subjects_must_be_added(self) -> str | None:
        """Why events about a subject need it added to the stream first, or None: SSF 1.0
        section 7.1, default_subjects "NONE": no subjects are added by default."""
        if (self.metadata or {}).get("default_subjects") == "NONE":
            return 'the transmitter metadata says default_subjects "NONE"'
        if getattr(self.session.profile.target("transmitter"), "subjects_must_be_added", False):
            return "the profile sets transmitter.subjects_must_be_added"
        return None

    def prepare_subject(self, stream_id: str, email: str) -> HttpResult | None:
        """Before an event about `email` is triggered, add that subject to the stream when the
        transmitter would otherwise not deliver it. A stream whose subjects the scenario itself
        added or removed is left alone: which events reach it is what that scenario tests."""
        email = self.subject_email(email)
        why = self.subjects_must_be_added()
        if why is None or stream_id in self.rules.subjects_managed \
                or (stream_id, email) in self.rules.subjects_prepared:
            return None
        caps = self.session.profile.capabilities("transmitter")
        if not caps.supports("add_subject") or not (self.metadata or {}).get(
                "add_subject_endpoint"):
            raise ScenarioSkipped("transmitter delivers no events for unadded subjects and "
                                  f"cannot add subjects ({why}; no add_subject endpoint or "
                                  "capability)")
        result = self._api("add_subject", stream_id, {"format": "email", "email": email},
                           self.token)
        if not 200 <= result.status < 300:
            raise ScenarioSkipped(f"adding the test subject {email} to the stream ({why}) was "
                                  f"answered HTTP {result.status}")
        self.rules.subjects_prepared.add((stream_id, email))
        return result

    # -- poll ----------------------------------------------------------------------------
    def poll(self, stream: dict, *, max_events: int | None = None,
             return_immediately: bool = True, ack: list[str] | None = None,
             set_errs: dict | None = None, token: str | None = "default",
             raw: str | None = None, timeout: float | None = None) -> HttpResult:
        """One poll request (RFC 8936) for `stream` (the stream configuration as created)."""
        token = self._token(token)
        body: dict = {"returnImmediately": return_immediately}
        if max_events is not None:
            body["maxEvents"] = max_events
        if ack:
            body["ack"] = ack
        if set_errs:
            body["setErrs"] = set_errs
        return self._api("poll", stream, None if raw is not None else body, token, raw=raw,
                         timeout=timeout)

    def poll_until(self, stream: dict, want: int, deadline_seconds: float) -> dict[str, str]:
        """Poll (without acknowledging) until at least `want` SETs are waiting or the deadline
        passes. Long polls do the waiting; the loop only repeats while SETs trickle in."""
        deadline = time.monotonic() + deadline_seconds
        seen: dict[str, str] = {}
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return seen
            resp = self.poll(stream, max_events=max(want, 1) * 4, return_immediately=False,
                             timeout=remaining + 5)
            answer = parse_json(resp.text) if resp.status == 200 else None
            if isinstance(answer, dict) and isinstance(answer.get("sets"), dict):
                seen.update(answer["sets"])
            if len(seen) >= want or resp.status != 200:
                return seen
            if not self.api.long_poll:   # the dialect answers at once: space the polls
                self.http.pause(min(self.api.POLL_INTERVAL, max(deadline - time.monotonic(),
                                                                0)))

    # -- triggers and the test subject ---------------------------------------------------
    def subject_email(self, email: str) -> str:
        """The profile's test_email stands for the features' default subject."""
        return (self.target.test_email or email) if email == DEFAULT_TEST_EMAIL else email

    def _email(self) -> str:
        return self.subject_email(DEFAULT_TEST_EMAIL)

    def _subject(self, subject: Any) -> Any:
        if isinstance(subject, dict) and subject.get("format") == "email" \
                and subject.get("email") == DEFAULT_TEST_EMAIL:
            return {**subject, "email": self._email()}
        return subject

    def on_command(self, run: CommandRun) -> None:
        self.commands.append(run)
        if self.evidence is not None:
            self.evidence.add(run)

    def trigger(self, action: str, email: str, stream_id: str | None = None) -> Outcome:
        """Make the transmitter emit `action` about `email` through the profile's trigger. A
        placeholder it cannot fill (e.g. {stream_id} outside a stream) raises TemplateError."""
        target = self.target
        values = {"action": action, "event_uri": BY_ACTION[action].uri,
                  "email": self.subject_email(email), "stream_id": stream_id}
        return fire(target.trigger, http=self.session.http,
                    base_url=target.base_url or self.session.issuer, values=values,
                    timeout=self.session.profile.timeouts.scaled("trigger"),
                    secrets=self.session.secrets(), on_command=self.on_command)

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
                                  stream_id=stream_id, status=status, email=self._email())
        return self.session.http.call(req.method, req.url, json=req.body,
                                      headers=dict(req.headers))


def parse_json(text: str) -> Any:
    """Strict JSON (RFC 8259: UTF-8, no NaN, bounded depth) or None."""
    try:
        return read_json(getattr(text, "raw", text))
    except ValueError:
        return None
