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

from harness.suite.dialects import ManagementApi, MissingEndpoint, adapter_class, recognised
from harness.suite.driver_extras import SubjectsAndTriggers, parse_json
from harness.suite.outcomes import CommandEvidence, CommandRun
from harness.suite.skips import ScenarioSkipped
from harness.suite.http import HttpResult
from harness.suite.observing import FIRST_DELAY, MAX_DELAY
from harness.suite.pacing import PacedWait, note
from harness.suite.session import TransmitterSession
from harness.suite.stream_rules import StreamRules
from harness.suite.triggering import ManagementHttp, TriggerUnavailable, with_extras

__all__ = ["TransmitterDriver", "TriggerUnavailable", "parse_json"]


@dataclass
class TransmitterDriver(SubjectsAndTriggers):
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
        """The discovery request, where the dialect keeps its metadata (api.discover)."""
        return self._api("discover", self.session.discovery_url)

    def fetch_jwks(self) -> HttpResult:
        return self._manage("GET", self.metadata["jwks_uri"])

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

    def recognised_dialect(self, answer: HttpResult | None) -> tuple[str, str] | None:
        """(dialect, title) when the target shows another dialect's signature than the
        profile's (its metadata, or `answer`, a refused call), else None."""
        return recognised(self.target.dialect, self.metadata or {}, answer)

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
        delay = FIRST_DELAY
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
            if not self.api.long_poll:   # the dialect answers at once: back off between polls
                self.http.pause(min(delay, max(deadline - time.monotonic(), 0)))
                delay = min(delay * 2, MAX_DELAY)
