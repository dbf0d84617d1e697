"""Legal variations of the reference transmitter (see harness/reference/variations.py).

Each entry is conformant behaviour the specs allow and our reference does not show by default,
with the sentence that allows it. The suite must stay green (passed, or skipped because the
variation's profile declares less) when a variation is switched on.
"""
from harness.reference.variations import Variation

_ROLE = "transmitter"
_PUSH_ONLY = "urn:ietf:rfc:8935"
_POLL_ONLY = "urn:ietf:rfc:8936"


def _caps(**changes) -> dict:
    """A profile patch for the transmitter's declared capabilities."""
    return {"transmitter": {"capabilities": changes}}


_ALL_OPTIONAL = ["status", "add_subject", "remove_subject", "verification", "stream_update",
                 "stream_replace", "multiple_streams"]


def _optional_without(*absent: str) -> list[str]:
    return [o for o in _ALL_OPTIONAL if o not in absent]


_VARIATIONS = [
    Variation(
        "push-only", _ROLE, "only push delivery is supported (metadata lists RFC 8935 only)",
        "SSF 1.0 §7.1 delivery_methods_supported: 'RECOMMENDED. List of supported delivery "
        "method URIs.' (a transmitter supports the methods it chooses)",
        config={"delivery_methods": (_PUSH_ONLY,)},
        profile=_caps(delivery_methods=["push"])),
    Variation(
        "poll-only", _ROLE, "only poll delivery is supported (metadata lists RFC 8936 only)",
        "SSF 1.0 §7.1 delivery_methods_supported: 'RECOMMENDED. List of supported delivery "
        "method URIs.'",
        config={"delivery_methods": (_POLL_ONLY,)},
        profile=_caps(delivery_methods=["poll"])),
    Variation(
        "single-stream-409", _ROLE,
        "one stream per receiver: a second create answers 409 Conflict",
        "SSF 1.0 §8.1.1.1: 'If the Transmitter does not allow multiple streams with the same "
        "Receiver, it MUST respond with HTTP status code \"409 Conflict\".'",
        config={"allow_multiple_streams": False},
        profile=_caps(optional=_optional_without("multiple_streams"))),
    Variation(
        "default-subjects-none", _ROLE,
        "default_subjects NONE: events flow only for subjects the receiver added",
        "SSF 1.0 §7.1 default_subjects: '\"NONE\" indicates that no subjects are added by "
        "default.'",
        config={"default_subjects": "NONE"}),
    Variation(
        "no-push-retries", _ROLE, "a push answered 5xx is never retransmitted",
        "RFC 8935 §2: 'The SET Transmitter should not re-transmit a SET unless the SET "
        "Transmitter suspects that previous transmissions may have failed due to potentially "
        "recoverable errors' (retransmission is the transmitter's choice)",
        config={"push_max_attempts": 1}),
    Variation(
        "min-verification-interval", _ROLE,
        "streams advertise min_verification_interval 2 and answer faster requests with 429",
        "SSF 1.0 §8.1.1 min_verification_interval: 'If an Event Receiver submits verification "
        "requests more frequently than this, the Event Transmitter MAY respond with a 429 "
        "status code.'",
        config={"min_verification_interval": 2}),
    Variation(
        "es256-signing", _ROLE,
        "SETs are signed with ES256 (a plain SSF run, not the CAEP interop profile)",
        "RFC 8417 §2.2 leaves the JWS algorithm to the parties; only the CAEP interoperability "
        "profile §2.5 requires RS256, and this variation runs the default variant",
        config={"signing_alg": "ES256"},
        profile={"variant": {"profile": "default"}}),
    Variation(
        "default-variant", _ROLE,
        "a plain SSF 1.0 run: the CAEP interoperability profile is not claimed",
        "SSF 1.0 §1: the CAEP interoperability profile is a separate, optional profile",
        profile={"variant": {"profile": "default"}}),
    Variation(
        "minimal-optional-endpoints", _ROLE,
        "no status, subject, update, replace or multi-stream support is declared",
        "SSF 1.0 §7.1: status_endpoint, add_subject_endpoint, remove_subject_endpoint and "
        "verification_endpoint are each 'OPTIONAL'",
        profile=_caps(optional=["verification"])),
]

VARIATIONS: dict[str, Variation] = {v.name: v for v in _VARIATIONS}
