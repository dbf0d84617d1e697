"""One transmitter × receiver pair, live: both ends started (or reached), the suite's driver for
the transmitter end, and the receiver's stream at the transmitter.

The receiver creates its own stream where its profile can make it (its `receiver.stream`
create drive for that delivery method; the embedded reference's control endpoint otherwise);
where it cannot, the suite provisions a push stream for it at the transmitter with the
receiver's push endpoint and credential (a poll stream cannot be provisioned: nobody could tell
the receiver where to poll).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from harness.interop.hosts import check_url, urls_in
from harness.interop.receiver_end import PairSetupError, ReceiverEnd
from harness.interop.transmitter_end import TransmitterEnd
from harness.profiles.model import Profile
from harness.ssf.events import BY_ACTION
from harness.suite.driver import TransmitterDriver, parse_json
from harness.suite.triggering import TriggerUnavailable, fire

CONTROL_STREAM = "/ssf/receiver/stream"   # the embedded reference receiver's control endpoint
SEED_ACTIONS = ("session-revoked", "credential-change", "account-disabled",
                "credential-compromise", "device-compliance-change")


class StreamUnavailable(RuntimeError):
    """The pair cannot get a stream of this delivery method (the cells are grey)."""


class StreamCreateFailed(RuntimeError):
    """Creating the stream was tried and failed (the cells are red, with this reason)."""


@dataclass
class Pair:
    tx_profile: Profile
    rx_profile: Profile
    tx: TransmitterEnd = field(init=False)
    rx: ReceiverEnd = field(init=False)
    driver: TransmitterDriver = field(init=False)
    created_by: str = ""            # "receiver" | "suite": who made the current stream

    def start(self) -> "Pair":
        self.rx = ReceiverEnd(self.rx_profile).locate()
        self.tx = TransmitterEnd(self.tx_profile, audience=self.rx.audience)
        self.tx.receiver_push_url = self.rx.push_url
        self.tx.start()
        try:
            self.rx.start(self.tx)
            self.driver = TransmitterDriver(self.tx)
            if self.tx.discovery_url:
                answer = self.driver.fetch_metadata()
                self.driver.metadata = parse_json(answer.text) if answer.status == 200 else None
            else:   # a dialect without discovery: the metadata its adapter works from
                self.driver.metadata = self.driver.api.metadata_without_discovery(self.tx.issuer)
            for url in urls_in(self.driver.metadata):   # only hosts the profile declares
                check_url(url, self.tx_profile, "the transmitter metadata's URL")
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        # The receiver first: its poller must not wait on a transmitter that is going away.
        for end in (getattr(self, "rx", None), getattr(self, "tx", None)):
            if end is not None:
                end.stop()

    @property
    def email(self) -> str:
        """The subject events are about: the receiver's test subject (the one it can show)."""
        return self.rx.test_email

    # -- the receiver's stream ------------------------------------------------------------
    def drive_values(self, **extra) -> dict:
        return {"issuer": self.tx.issuer, "metadata_url": self.tx.discovery_url,
                "audience": self.rx.audience, "email": self.email,
                "stream_id": (self.rx.stream or {}).get("stream_id"), **extra}

    def _drive(self, trigger, **extra):
        return fire(trigger, http=self.rx.http, base_url=self.rx.rut_base,
                    values=self.drive_values(**extra),
                    timeout=self.rx_profile.timeouts.scaled("trigger"),
                    secrets=self.rx.secrets() + self.tx.secrets(), on_command=lambda run: None)

    def _control(self, method: str, json=None, params=None):
        headers = {"Authorization": f"Bearer {self.rx.control}"} if self.rx.control else {}
        return self.rx.http.call(method, self.rx.rut_base + CONTROL_STREAM, json=json,
                                 params=params, headers=headers)

    def create_stream(self, method: str) -> dict:
        """The receiver's stream of `method` at the transmitter; StreamUnavailable says why
        there is none."""
        stream = self.rx.target.stream
        trigger = stream.create_for(method, self.rx.target.delivery.method)
        # A receiver speaks its own dialect of the management API: at a transmitter of another
        # dialect it cannot create a stream, the suite (which speaks both) provisions it.
        same_dialect = self.rx.target.dialect == self.tx.target.dialect
        if not same_dialect:
            found = self._provision(method)
        elif stream.provisioning == "receiver" and trigger.type in ("http", "command"):
            outcome = self._drive(trigger)
            if not outcome.ok:
                raise StreamCreateFailed(f"the receiver's create drive ({method}) "
                                         f"{outcome.describe()}")
            self.created_by = "receiver"
            found = _stream_in(outcome.http.text if outcome.http else "")
        elif self.rx.embedded:
            answer = self._control("POST", json={"delivery": method})
            if answer.status != 201:
                raise StreamCreateFailed(f"the receiver could not create its {method} stream: "
                                         f"HTTP {answer.status} {answer.text[:300]}")
            self.created_by = "receiver"
            found = _stream_in(answer.text)
        else:
            found = self._provision(method)
        self.rx.stream = found or self._stream_at_transmitter()
        if not self.rx.stream:
            raise StreamCreateFailed("the transmitter shows no stream for the receiver")
        return self.rx.stream

    def _provision(self, method: str) -> dict | None:
        if method != "push":
            raise StreamUnavailable("the receiver cannot be made to create a poll stream and "
                                    "a suite-provisioned stream cannot tell it where to poll")
        caps = self.tx_profile.capabilities("transmitter")
        events = [BY_ACTION[a].uri for a in SEED_ACTIONS if caps.supports(f"event:{a}")] \
            or [BY_ACTION[a].uri for a in SEED_ACTIONS]
        auth = self.rx.target.delivery.authorization_value()
        answer = self.driver.create_stream(self.driver.push_body("interop", events, auth))
        if not 200 <= answer.status < 300:
            raise StreamCreateFailed(f"the suite could not provision a push stream: HTTP "
                                    f"{answer.status} {answer.text[:300]}")
        self.created_by = "suite"
        return _stream_in(answer.text)

    def _stream_at_transmitter(self) -> dict | None:
        try:
            answer = self.driver.read_stream()
        except Exception:  # noqa: BLE001 - a dialect without a list read: no stream known
            return None
        body = parse_json(answer.text) if answer.status == 200 else None
        streams = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
        streams = [s for s in streams if isinstance(s, dict) and s.get("stream_id")]
        return streams[-1] if streams else None

    def delete_stream(self) -> None:
        stream_id = (self.rx.stream or {}).get("stream_id")
        if stream_id is None:
            return
        delete = self.rx.target.stream.delete
        try:
            if self.created_by == "receiver" and delete.type in ("http", "command"):
                self._drive(delete, stream_id=stream_id)
            elif self.created_by == "receiver" and self.rx.embedded:
                self._control("DELETE", params={"stream_id": stream_id})
            else:
                self.driver.delete_stream(stream_id)
        finally:
            self.rx.stream = None

    # -- making the transmitter act -----------------------------------------------------------
    def trigger(self, action: str):
        stream_id = (self.rx.stream or {}).get("stream_id")
        if stream_id and self.driver.subjects_must_be_added():
            self.driver.prepare_subject(stream_id, self.email)
        return self.driver.trigger(action, self.email, stream_id)

    def request_verification(self, state: str):
        """The receiver asks for a verification SET (its verify drive), else the suite asks
        the transmitter for it with the receiver's credential."""
        stream_id = (self.rx.stream or {}).get("stream_id")
        verify = self.rx.target.stream.verify
        if self.created_by == "receiver" and verify.type in ("http", "command"):
            return self._drive(verify, state=state)
        from harness.suite.outcomes import Outcome
        return Outcome.of_http(self.driver.verify(stream_id, state))


def _stream_in(text: str) -> dict | None:
    """The stream configuration in a create answer ({stream: {...}} or the object itself)."""
    body = parse_json(text)
    if isinstance(body, dict) and isinstance(body.get("stream"), dict):
        body = body["stream"]
    return body if isinstance(body, dict) and body.get("stream_id") else None


__all__ = ["Pair", "PairSetupError", "StreamCreateFailed", "StreamUnavailable",
           "TriggerUnavailable"]
