"""Legal variations of the reference transmitter (see harness/reference/variations.py).

Each entry is conformant behaviour the specs allow and our reference does not show by default,
with the sentence that allows it. The suite must stay green (passed, or skipped because the
variation's profile declares less) when a variation is switched on.
"""
from harness.reference.variations import Variation, merge_profile as merge

_ROLE = "transmitter"
_PUSH_ONLY = "urn:ietf:rfc:8935"
_POLL_ONLY = "urn:ietf:rfc:8936"


def _caps(**changes) -> dict:
    """A profile patch for the transmitter's declared capabilities."""
    return {"transmitter": {"capabilities": changes}}


_ALL_OPTIONAL = ["status", "status_update", "add_subject", "remove_subject", "verification",
                 "stream_update", "stream_replace", "multiple_streams", "inactivity_timeout"]
_DEFAULT_VARIANT = {"variant": {"profile": "default"}}


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

# Behaviour switches: the reference reads `config.varies(name)` next to its default path.
_VARIATIONS += [
    Variation(
        "aud-array", _ROLE,
        "the stream's aud and every SET's aud are arrays (two clients of one receiver)",
        "SSF 1.0 §8.1.1 aud: 'A string or an array of strings containing an audience claim "
        "... If multiple Receivers are specified then the Transmitter SHOULD know that these "
        "Receivers are the same entity.'; §4.1.8: 'The \"aud\" claim can be a single string "
        "or an array of strings.'"),
    Variation(
        "tx-generated-aud", _ROLE,
        "the transmitter mints the stream's aud (a URN per stream), not the receiver's id",
        "SSF 1.0 §8.1.1: aud is 'Transmitter-Supplied'; §4.1.8: 'Values that uniquely identify "
        "the Receiver to the Transmitter MAY be used, if the two parties have agreement on the "
        "format.'"),
    Variation(
        "set-aud-as-array", _ROLE,
        "the stream's aud is a string and each SET's aud is the same value as a one-element "
        "array",
        "SSF 1.0 §4.1.8: 'The \"aud\" claim can be a single string or an array of strings.' "
        "(RFC 7519 §4.1.3: 'In the special case when the JWT has one audience, the \"aud\" "
        "value MAY be a single case-sensitive string')"),
    Variation(
        "typ-application-prefix", _ROLE,
        "SET header typ is \"application/secevent+jwt\" (the full media type)",
        "RFC 8417 §2.3: 'SETs MAY include this media type in the \"typ\" header parameter' "
        "with RFC 7515 §4.1.9: 'it is RECOMMENDED that the \"application/\" prefix be omitted' "
        "(a recommendation, so the full media type is the same explicit type)"),
    Variation(
        "extra-members", _ROLE,
        "metadata, stream configurations and SETs (claims and event object) carry a member no "
        "spec defines",
        "SSF 1.0 §7.2.3: 'Other Claims MAY also be returned.'; §4.2.3: 'Transmitters MAY include "
        "additional fields in SSF events. These fields MAY exist anywhere in the SET'"),
    Variation(
        "no-event-timestamp", _ROLE, "CAEP and RISC events carry no event_timestamp",
        "CAEP 1.0 §2: 'event_timestamp OPTIONAL, JSON number: the time at which the event "
        "described by this SET occurred.' (RISC 1.0 credential-compromise: 'event_timestamp - "
        "OPTIONAL.')"),
    Variation(
        "update-202-no-body", _ROLE,
        "PATCH and PUT answer 202 with an empty body; a later GET shows the change",
        "SSF 1.0 §8.1.1.3 and §8.1.1.4 tables: '202 if the update request has been accepted, "
        "but not processed. Receiver MAY try the same request later to get processing "
        "result.'"),
    Variation(
        "no-put", _ROLE, "replacing a stream (PUT) is not supported: 405 Method Not Allowed",
        "SSF 1.0 §7.1: the endpoints are OPTIONAL and §8.1.1.4 replacing is one operation of "
        "the Configuration Endpoint; the profile declares it unsupported (no stream_replace)",
        profile=_caps(optional=_optional_without("stream_replace"))),
    Variation(
        "status-read-only", _ROLE,
        "the status endpoint answers GET; POST (update) answers 405 Method Not Allowed",
        "SSF 1.0 §8.1.2: 'A Receiver MAY request that events from a stream be interrupted by "
        "Updating the Stream Status' (the status_endpoint itself is 'OPTIONAL', §7.1); only the "
        "CAEP interop profile (Status Endpoint) requires POST: this variation runs the default "
        "variant",
        profile=merge(_caps(optional=_optional_without("status_update")), _DEFAULT_VARIANT)),
    Variation(
        "status-update-202", _ROLE,
        "a status update answers 202 with an empty body; a later GET shows the status",
        "SSF 1.0 §8.1.2.2 table: '202 if the update request has been accepted, but not "
        "processed. Receiver MAY try the same request later in order to get processing "
        "result.'"),
    Variation(
        "no-long-poll", _ROLE, "returnImmediately:false is answered at once (no long poll)",
        "RFC 8936 §2.2 returnImmediately: 'The timeout for the request is part of the "
        "configuration between the participants, which is out of scope of this "
        "specification.'"),
    Variation(
        "poll-one-at-a-time", _ROLE,
        "a poll answer holds at most one SET, with moreAvailable true while more wait",
        "RFC 8936 §2.2 maxEvents: 'the maximum number of unacknowledged SETs to be returned' "
        "(a maximum) and §2.3 moreAvailable: 'indicates if more unacknowledged SETs are "
        "available to be returned'"),
    Variation(
        "poll-omits-more-available", _ROLE,
        "poll answers omit moreAvailable when nothing more is waiting",
        "RFC 8936 §2.3 moreAvailable: 'This member MAY be omitted, with the meaning being the "
        "same as including it with the boolean value \"false\".'"),
    Variation(
        "events-delivered-subset", _ROLE,
        "RISC event types are never delivered: events_delivered is a strict subset of "
        "requested ∩ supported when RISC types are requested",
        "SSF 1.0 §8.1.1 events_delivered: 'This is a subset (not necessarily a proper subset) "
        "of the intersection of \"events_supported\" and \"events_requested\".'"),
    Variation(
        "no-events-supported", _ROLE, "stream configurations omit events_supported",
        "SSF 1.0 §8.1.1 events_supported: 'Transmitter-Supplied, OPTIONAL. ... If omitted, "
        "Event Transmitters SHOULD make this set available to the Event Receiver via some "
        "other means'"),
    Variation(
        "create-rate-limit", _ROLE,
        "stream creates closer than 200 ms apart answer 429 with Retry-After: 1",
        "RFC 6585 §4: '429 ... indicates that the user has sent too many requests in a given "
        "amount of time' and 'MAY include a Retry-After header'; SSF 1.0 §8.1.1.1 sets no "
        "rate for the Configuration Endpoint",
        config={"create_min_interval": 0.2}),
    Variation(
        "cross-receiver-403", _ROLE,
        "another receiver's stream answers 403 Forbidden instead of 404",
        "SSF 1.0 §8.1.1.2 table: '403 if the Event Receiver is not allowed to read the stream "
        "configuration' (and likewise for update, replace, delete and status)"),
    Variation(
        "stream-id-unreserved", _ROLE,
        "stream ids use every RFC 3986 unreserved class (letters, digits, '-', '.', '_', '~')",
        "SSF 1.0 §8.1.1 stream_id: 'Transmitters SHOULD use character set described in "
        "Section 2.3 of RFC3986 to generate the stream ID.'"),
    Variation(
        "description-truncated", _ROLE, "descriptions are cut to 8 characters",
        "SSF 1.0 §8.1.1 description: 'The transmitter MAY truncate the string beyond an "
        "allowed max length.'",
        config={"description_max_length": 8}),
    Variation(
        "inactivity-timeout", _ROLE,
        "streams advertise inactivity_timeout 3 and are paused (with stream-updated) after 3 s "
        "without receiver activity",
        "SSF 1.0 §8.1.1 inactivity_timeout: 'Transmitter-Supplied, OPTIONAL. The refreshable "
        "inactivity timeout of the stream in seconds. After the timeout duration passes with no "
        "eligible activity from the Receiver, as defined below, the Transmitter MAY either "
        "pause, disable, or delete the stream.'",
        # Short, so the inactivity scenarios run (capability inactivity_timeout) in seconds.
        config={"inactivity_timeout": 3}),
    Variation(
        "jwks-several-keys", _ROLE,
        "the JWKS holds two keys (a rotation in progress); SETs are signed with the newer one",
        "SSF 1.0 §7.1 jwks_uri: 'This contains the signing key(s) the Receiver uses to "
        "validate signatures from the Transmitter.'"),
    Variation(
        "tx-initiated-verification", _ROLE,
        "every new stream gets a verification SET without state before the receiver asks",
        "SSF 1.0 §8.1.4: 'A Transmitter MAY send a Verification Event at any time, even if one "
        "was not requested by the Event Receiver.'"),
    Variation(
        "oauth-only", _ROLE,
        "management tokens come only from the OAuth client-credentials grant; static bearer "
        "tokens are refused",
        "SSF 1.0 §7.1.1: 'SSF ... is agnostic to the authentication and authorization schemes "
        "used to secure stream configuration APIs'; CAEP interop profile (Authorization "
        "Server): 'MUST support at least one of the following to obtain a short-lived access "
        "token ... client credential grant flow'",
        # The embedded session fetches the token from the reference's own token endpoint: the
        # token_endpoint here only satisfies the profile format.
        profile={"transmitter": {"auth": {
            "type": "oauth_client_credentials", "token_env": None,
            "token_endpoint": "https://127.0.0.1/ssf/token", "client_id": "suite-oauth-client",
            "client_secret_env": "SSF_REFERENCE_TX_CLIENT_SECRET",
            "scopes": ["ssf.read", "ssf.manage"]}}}),
    Variation(
        "metadata-minimal", _ROLE,
        "the metadata omits authorization_schemes and default_subjects",
        "SSF 1.0 §7.1: authorization_schemes 'OPTIONAL'; default_subjects 'OPTIONAL ... If not "
        "provided, the Transmitter behavior in this regard is unspecified.' (the CAEP interop "
        "profile requires authorization_schemes: this variation runs the default variant)",
        profile=_DEFAULT_VARIANT),
]

VARIATIONS: dict[str, Variation] = {v.name: v for v in _VARIATIONS}
