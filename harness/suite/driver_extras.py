"""The parts of the transmitter driver that are not the management API: the test subject
(added to a stream when the transmitter needs it), triggers that make the transmitter emit
events, and the discovery probes a diagnosis needs. A mixin of TransmitterDriver
(harness/suite/driver.py), which supplies session, http, rules, metadata and `_api`."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from harness.hardening.json_text import read_json
from harness.profiles.triggers import render_http_trigger
from harness.ssf.events import BY_ACTION
from harness.suite.driver_core import DriverCore
from harness.suite.http import HttpResult
from harness.suite.outcomes import Outcome
from harness.suite.skips import ScenarioSkipped
from harness.suite.triggering import DEFAULT_TEST_EMAIL, TriggerUnavailable


class SubjectsAndTriggers(DriverCore):
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

    def trigger(self, action: str, email: str, stream_id: str | None = None) -> Outcome:
        """Make the transmitter emit `action` about `email` through the profile's trigger. A
        placeholder it cannot fill (e.g. {stream_id} outside a stream) raises TemplateError."""
        target = self.target
        values = {"action": action, "event_uri": BY_ACTION[action].uri,
                  "email": self.subject_email(email), "stream_id": stream_id}
        return self.fire_trigger(target.trigger, http=self.session.http,
                                 base_url=target.base_url or self.session.issuer,
                                 values=values)

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

    @contextmanager
    def unconfigured(self) -> Iterator[None]:
        """The embedded dialect emulator without its signing setup for the `with` body (its
        admin call `/_emulator/configuration`), then configured again. A deployment's setup
        cannot be switched from outside: other targets skip."""
        if not self.session.embedded:
            raise ScenarioSkipped("only the embedded emulator can be switched to 'not "
                                  "configured'; an unconfigured deployment is not arranged "
                                  "by the suite")
        url = f"{self.session.issuer.rstrip('/')}/_emulator/configuration"
        switched = self.http.call("POST", url, token=self.session.creds.admin,
                                  json={"configured": False})
        if switched.status != 200:
            raise ScenarioSkipped(f"the emulator answered {switched.status} to the switch to "
                                  "'not configured'")
        try:
            yield
        finally:
            self.http.call("POST", url, token=self.session.creds.admin,
                           json={"configured": True})

    def stream_made_before_poll_credentials(self) -> HttpResult:
        """A poll stream as the transmitter made them before it handed out poll credentials
        (Kolide: "Streams created before poll bearer tokens were introduced"), made by the
        embedded emulator's admin call `/_emulator/legacy-streams`. Such a stream cannot be
        made from outside a deployment: other targets skip."""
        if not self.session.embedded:
            raise ScenarioSkipped("only the embedded emulator can make a stream as it was "
                                  "made before poll credentials; a deployment's old streams "
                                  "are not arranged by the suite")
        made = self.http.call("POST", f"{self.session.issuer.rstrip('/')}/_emulator/"
                              "legacy-streams", token=self.session.creds.admin,
                              json={"ssf_stream": {"name": "ssf-conformance-suite legacy"}})
        if not 200 <= made.status < 300:
            raise ScenarioSkipped(f"the emulator answered {made.status} to the request for a "
                                  "stream made before poll credentials")
        return made

    def requests_with_and_without_client_certificate(self) -> tuple[dict, dict]:
        """One request to the transmitter's own origin (not through the recording proxy) with
        the suite's TLS client certificate and one without (harness.suite.client_cert_probe),
        as dicts {origin, with_certificate, status, detail}. Over http there is no TLS to ask
        for a certificate, and without a certificate to present there is no twin: both skip."""
        from harness.suite import client_cert_probe
        from harness.suite.tls_probe import ProbeUnavailable
        from harness.suite.watching import transmitter_origin
        origin = transmitter_origin(self.session)
        if not origin.startswith("https://"):
            raise ScenarioSkipped(f"the transmitter is reached over http ({origin}): no TLS, so "
                                  "no client certificate to require")
        cert = getattr(self.session, "client_cert", None)
        if not cert:
            raise ScenarioSkipped("the suite has no TLS client certificate to present (the "
                                  "profile's tls.client_cert and tls.client_key)")
        timeout = self.session.profile.timeouts.scaled("http_request")
        try:
            answers = [client_cert_probe.request(origin, given, timeout)
                       for given in (cert, None)]
        except ProbeUnavailable as exc:
            raise ScenarioSkipped(str(exc)) from None
        return answers[0].as_dict(), answers[1].as_dict()

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


def parse_json(text: str) -> Any:
    """Strict JSON (RFC 8259: UTF-8, no NaN, bounded depth) or None."""
    try:
        return read_json(getattr(text, "raw", text))
    except ValueError:
        return None
