"""What a target declares it supports, as tags that decide which scenarios run or skip.

Tags (the vocabulary of `@requires:<tag>` in features):
  push, poll                              delivery methods
  status, status_update, add_subject, remove_subject, verification, stream_update,
  stream_replace, multiple_streams,
  ssa_registration                        optional endpoints and behaviours, declared in `optional`
                                          (ssa_registration: the transmitter registers receivers by
                                          RFC 7591 software statement / the receiver registers so;
                                          kept only with a `directory` section)
  event:<action or URI>, subject:<format> events and subject formats
  oauth, trigger, observe, observe:<kind>, drive:<create|verify|delete>
                                          derived from auth, trigger, observation, stream drive
  directory, directory_admin, directory_rate_limit, other_organisation
                                          derived from the `directory` section
                                          (harness/profiles/directory.py)
  api:<dialect>                           the management API the target speaks (its `dialect`):
                                          SSF 1.0's own rules need `api:ssf`, a vendor
                                          dialect's documented rules `api:kolide` etc.
An unknown tag is an error, so a typo in a feature file cannot silently skip a scenario.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from harness.ssf import constants
from harness.ssf.events import BY_ACTION, event_by_uri

DELIVERY_METHODS = ("push", "poll")
# `status` is reading a stream's status, `status_update` changing it (POST to the same endpoint).
OPTIONAL_FEATURES = ("status", "status_update", "add_subject", "remove_subject", "verification",
                     "stream_update", "stream_replace", "multiple_streams", "ssa_registration",
                     "inactivity_timeout")
# SSF 1.0 section 3 adds these formats to the RFC 9493 ones listed in harness.ssf.constants.
SSF_EXTRA_SUBJECT_FORMATS = ("jwt_id", "saml_assertion_id", "ip-addresses")
SUBJECT_FORMATS = (constants.SIMPLE_SUBJECT_FORMATS + (constants.COMPLEX_FORMAT,)
                   + SSF_EXTRA_SUBJECT_FORMATS)
DERIVED_TAGS = ("oauth", "trigger", "read_only_token", "second_receiver", "admin_status",
                "caep_interop", "observe", "observe:actions", "observe:events",
                "observe:security_state", "drive:create", "drive:verify", "drive:delete",
                "directory", "directory_admin", "directory_rate_limit", "other_organisation")
ALL = "*"
DIALECTS = ("ssf", "kolide", "starfly", "sse-draft")   # profile.schema.json $defs/dialect


class UnknownCapability(ValueError):
    """A tag outside the vocabulary above (most likely a typo in a feature file)."""


def event_action(name: str) -> str | None:
    """Action slug for a slug or a registry URI; None when the registry does not know it."""
    if name in BY_ACTION:
        return name
    event = event_by_uri(name)
    return event.action if event and event.action in BY_ACTION else None


@dataclass(frozen=True)
class Capabilities:
    profile_name: str = field(metadata={"public": False})
    role: str = field(metadata={"public": False})        # "transmitter" | "receiver"
    delivery_methods: tuple[str, ...] = ()
    events: tuple[str, ...] = ()            # action slugs, custom event URIs, or ("*",)
    subject_formats: tuple[str, ...] = ()   # formats, or ("*",)
    optional: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()           # tags that follow from other fields of the profile
    # Why a derived tag is absent, e.g. ("observe", 'receiver.observation.type is "none"').
    hints: tuple[tuple[str, str], ...] = field(default=(), metadata={"public": False})

    def supports(self, tag: str) -> bool:
        kind, _, value = tag.partition(":")
        if tag in DELIVERY_METHODS:
            return tag in self.delivery_methods
        if tag in OPTIONAL_FEATURES:
            return tag in self.optional
        if tag in DERIVED_TAGS:
            return tag in self.derived
        if kind == "event" and value:
            action = event_action(value)
            if action is None and not value.startswith(("https://", "http://")):
                raise UnknownCapability(f"unknown event {value!r} in capability tag {tag!r}")
            return (action or value) in self.events or (action is not None and ALL in self.events)
        if kind == "api" and value:
            if value not in DIALECTS:
                raise UnknownCapability(f"unknown dialect {value!r} in capability tag {tag!r}")
            return tag in self.derived
        if kind == "subject" and value:
            if value not in SUBJECT_FORMATS:
                raise UnknownCapability(f"unknown subject format {value!r} in tag {tag!r}")
            return value in self.subject_formats or ALL in self.subject_formats
        raise UnknownCapability(f"unknown capability tag {tag!r}")

    def skip_reason(self, tag: str) -> str:
        """Why a scenario needing `tag` is skipped for this profile; '' when it is supported."""
        if self.supports(tag):
            return ""
        reason = f"optional capability '{tag}' not declared by profile {self.profile_name}"
        hint = dict(self.hints).get(tag)
        return f"{reason} ({hint})" if hint else reason

    def first_skip_reason(self, tags: list[str] | tuple[str, ...]) -> str:
        """The reason for the first unsupported tag of a scenario's `@requires` list, or ''."""
        return next((r for r in map(self.skip_reason, tags) if r), "")

    def supported_tags(self) -> list[str]:
        """Every supported tag, expanded (for reports and `ssf-conformance profile show`)."""
        tags = [t for t in DELIVERY_METHODS + OPTIONAL_FEATURES + DERIVED_TAGS if self.supports(t)]
        tags += [t for t in self.derived if t.startswith("api:")]
        events = sorted(BY_ACTION) if ALL in self.events else list(self.events)
        formats = list(SUBJECT_FORMATS) if ALL in self.subject_formats else list(
            self.subject_formats)
        return tags + [f"event:{e}" for e in events] + [f"subject:{f}" for f in formats]
