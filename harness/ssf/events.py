"""Registry of every event type the suite knows: SSF, CAEP 1.0 (8) and RISC 1.0 (14).

`action` is the slug used by the sandbox trigger endpoint `POST /ssf/actions/{action}`; it is the
last path segment of the event URI, unique across CAEP and RISC.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SSF_BASE = "https://schemas.openid.net/secevent/ssf/event-type/"
CAEP_BASE = "https://schemas.openid.net/secevent/caep/event-type/"
RISC_BASE = "https://schemas.openid.net/secevent/risc/event-type/"


@dataclass(frozen=True)
class EventType:
    spec: str  # "SSF" | "CAEP" | "RISC"
    action: str
    uri: str
    required: tuple[str, ...] = ()
    # A realistic payload with every required member, used by triggers and samples.
    example: dict = field(default_factory=dict)
    # RISC identifier events restrict the subject format (RISC-IC-01, RISC-IR-01).
    subject_formats: tuple[str, ...] = ()
    deprecated: bool = False

    @property
    def schema_name(self) -> str:
        return f"events/{self.spec.lower()}/{self.action}"


def _caep(action: str, required: tuple[str, ...] = (), example: dict | None = None) -> EventType:
    return EventType("CAEP", action, CAEP_BASE + action, required, example or {})


def _risc(action: str, required: tuple[str, ...] = (), example: dict | None = None,
          subject_formats: tuple[str, ...] = (), deprecated: bool = False) -> EventType:
    return EventType("RISC", action, RISC_BASE + action, required, example or {},
                     subject_formats, deprecated)


VERIFICATION = EventType("SSF", "verification", SSF_BASE + "verification")
STREAM_UPDATED = EventType("SSF", "stream-updated", SSF_BASE + "stream-updated", ("status",),
                           {"status": "paused"})

CAEP_EVENTS: tuple[EventType, ...] = (
    # reason_admin is filled because the CAEP interop profile requires it (INTEROP-UC-SR-02).
    _caep("session-revoked", example={"initiating_entity": "policy",
                                      "reason_admin": {"en": "Landspeed policy violation"}}),
    _caep("token-claims-change", ("claims",), {"claims": {"role": "ro-admin"}}),
    _caep("credential-change", ("credential_type", "change_type"),
          {"credential_type": "password", "change_type": "update",
           "reason_admin": {"en": "Password reset by administrator"}}),
    _caep("assurance-level-change", ("namespace", "current_level"),
          {"namespace": "NIST-AAL", "current_level": "nist-aal2", "previous_level": "nist-aal1",
           "change_direction": "increase"}),
    _caep("device-compliance-change", ("previous_status", "current_status"),
          {"previous_status": "compliant", "current_status": "not-compliant",
           "reason_admin": {"en": "Device no longer meets the compliance policy"}}),
    _caep("session-established"),
    _caep("session-presented"),
    _caep("risk-level-change", ("principal", "current_level"),
          {"principal": "USER", "current_level": "HIGH", "previous_level": "LOW",
           "risk_reason": "PASSWORD_FOUND_IN_DATA_BREACH"}),
)

_IDENTIFIER_FORMATS = ("email", "phone_number")

RISC_EVENTS: tuple[EventType, ...] = (
    _risc("account-credential-change-required"),
    _risc("account-purged"),
    _risc("account-disabled", example={"reason": "hijacking"}),
    _risc("account-enabled"),
    _risc("identifier-changed", example={"new-value": "new@example.com"},
          subject_formats=_IDENTIFIER_FORMATS),
    _risc("identifier-recycled", subject_formats=_IDENTIFIER_FORMATS),
    _risc("credential-compromise", ("credential_type",), {"credential_type": "password"}),
    _risc("opt-in"),
    _risc("opt-out-initiated"),
    _risc("opt-out-cancelled"),
    _risc("opt-out-effective"),
    _risc("recovery-activated"),
    _risc("recovery-information-changed"),
    _risc("sessions-revoked", deprecated=True),
)

SSF_EVENTS: tuple[EventType, ...] = (VERIFICATION, STREAM_UPDATED)
ALL_EVENTS: tuple[EventType, ...] = SSF_EVENTS + CAEP_EVENTS + RISC_EVENTS
# Events a stream can request; SSF control events are always delivered (SSF section 8.1.4/8.1.5).
DELIVERABLE_EVENTS: tuple[EventType, ...] = CAEP_EVENTS + RISC_EVENTS

BY_URI: dict[str, EventType] = {e.uri: e for e in ALL_EVENTS}
BY_ACTION: dict[str, EventType] = {e.action: e for e in DELIVERABLE_EVENTS}

CREDENTIAL_TYPES = (
    "password", "pin", "x509", "fido2-platform", "fido2-roaming", "fido-u2f",
    "verifiable-credential", "phone-voice", "phone-sms", "app",
)
CHANGE_TYPES = ("create", "revoke", "update", "delete")
INITIATING_ENTITIES = ("admin", "user", "policy", "system")


def event_by_action(action: str) -> EventType | None:
    return BY_ACTION.get(action)


def event_by_uri(uri: str) -> EventType | None:
    return BY_URI.get(uri)
