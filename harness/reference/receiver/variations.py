"""Legal variations of the reference receiver (see harness/reference/variations.py).

Each entry is conformant behaviour the specs allow and our reference does not show by default,
with the sentence that allows it; the app reads `config.varies(name)`. The suite must stay
green (passed, or skipped because the variation's profile declares less) when one is on.

Not here, because the specs do not allow them: omitting Content-Language from a 400 (RFC 8935
§2.3 "The response MUST include a Content-Language header field") and omitting the description
(§2.3: the body "MUST be a UTF-8 encoded JSON object containing" err and description).
"""
from harness.reference.variations import Variation
from harness.ssf.events import BY_ACTION, VERIFICATION

_ROLE = "receiver"
_INTEROP_EVENTS = ("session-revoked", "credential-change", "device-compliance-change")


def _declares(**capabilities) -> dict:
    """A profile patch for what the receiver declares."""
    return {"receiver": {"capabilities": capabilities}}


_VARIATIONS = [
    Variation(
        "declared-events-only", _ROLE,
        "requests and accepts only the three interop events (plus verification and "
        "stream-updated); any other event type is refused with 400 invalid_request",
        "RFC 8935 §2: the SET Recipient validates that it 'is willing to accept this SET from "
        "this SET Transmitter'; SSF 1.0 §8.1.1 events_requested: 'A Receiver SHOULD request "
        "only the events that it understands'",
        config={"events_requested": tuple(BY_ACTION[a].uri for a in _INTEROP_EVENTS)},
        profile=_declares(events=list(_INTEROP_EVENTS))),
    Variation(
        "verification-only", _ROLE,
        "declares no event type, requests only verification and refuses every CAEP and RISC "
        "event (a receiver validating events against schemas it does not have)",
        "RFC 8935 §2: the SET Recipient validates that it 'is willing to accept this SET'; "
        "SSF 1.0 §8.1.4: verification events are sent whatever the Receiver requested",
        config={"events_requested": (VERIFICATION.uri,)},
        profile={**_declares(events=[]), "variant": {"profile": "default"}}),
    Variation(
        "other-err-code", _ROLE,
        "refuses SETs whose signature or key fails with err authentication_failed",
        "RFC 8935 §2.4 authentication_failed: 'The SET Recipient could not authenticate the "
        "SET Transmitter' (RFC 8936 §2.4.4 uses it for 'The SET could not be authenticated'), "
        "where invalid_key also applies"),
    Variation(
        "other-language", _ROLE,
        "describes refusals in German when the transmitter's Accept-Language prefers it "
        "(Content-Language: de)",
        "RFC 8935 §2.3: 'If the SET Recipient can provide error descriptions in multiple "
        "languages, they SHOULD choose the language to use according to the value of the "
        "Accept-Language header field sent by the SET Transmitter'"),
    Variation(
        "receiver-polls", _ROLE,
        "the receiver polls its transmitter (RFC 8936) and has no push endpoint",
        "SSF 1.0 §6.1: 'urn:ietf:rfc:8936' is a delivery method of its own; a Receiver "
        "chooses the delivery method of its stream",
        profile={"receiver": {"delivery": {"method": "poll", "token_env": None},
                              "capabilities": {"delivery_methods": ["poll"]},
                              "stream": {"create": {"body": {"delivery": "poll"}}}}}),
    Variation(
        "short-iat-window", _ROLE,
        "refuses SETs issued more than 5 minutes ago or more than 30 s in the future",
        "RFC 8935 §2: 'The mechanisms by which the SET Recipient performs this validation are "
        "out of scope for this document'; RFC 8417 §2.2 iat sets no freshness window",
        config={"iat_skew_seconds": 30.0, "max_set_age_seconds": 300.0}),
    Variation(
        "stale-sets-accepted", _ROLE,
        "accepts SETs whatever their iat (no freshness window at all)",
        "RFC 8417 §2.2 defines iat as 'when the SET was issued' with no rule for recipients; "
        "RFC 8935 §2 leaves validation mechanisms to the recipient"),
    Variation(
        "jti-not-tracked", _ROLE,
        "does not track jti values: a different SET reusing a seen jti is accepted as new",
        "RFC 8417 §2.2 jti: 'MAY be used by clients to track whether a particular SET has "
        "already been received'"),
    Variation(
        "multi-event-sets-accepted", _ROLE,
        "accepts a SET whose events claim holds more than one event",
        "RFC 8417 §2.2 events: 'a set of event statements that each provide information "
        "describing a single logical event'; SSF 1.0 §4.1.8 limits what a Transmitter sends, "
        "nothing requires a Receiver to refuse"),
    Variation(
        "sub-claim-ignored", _ROLE,
        "accepts a SET carrying the JWT sub claim and ignores that claim",
        "RFC 8935 §3: 'SET Recipients are free to ignore SETs that are not of interest'; SSF "
        "1.0 §4.1.2 forbids sub to Transmitters only"),
    Variation(
        "unreadable-sub-id-ignored", _ROLE,
        "acknowledges a SET whose sub_id it cannot read and takes no action on it",
        "RFC 8935 §3: 'Because SETs are not commands, SET Recipients are free to ignore SETs "
        "that are not of interest'"),
    Variation(
        "bearer-refused-with-400", _ROLE,
        "refuses a push with a missing or wrong bearer token with 400 authentication_failed",
        "RFC 8935 §2.3 Figure 4: 'HTTP/1.1 400 Bad Request ... \"err\": "
        "\"authentication_failed\", \"description\": \"Access token has expired.\"'"),
    Variation(
        "no-response-actions", _ROLE,
        "acknowledges events and records them, but takes no response action",
        "RFC 8935 §3: 'SETs are not commands'; SET-22 (RFC 8417 §1): how an event is handled, "
        "from informational to enforcement, is the recipient's deployment decision"),
    Variation(
        "content-type-lenient", _ROLE,
        "accepts a valid SET pushed with a Content-Type other than application/secevent+jwt",
        "RFC 8935 §2: the Content-Type 'MUST be \"application/secevent+jwt\"' binds the SET "
        "Transmitter; §2: 'The SET Recipient may accept or reject (i.e., return an error "
        "response such as a 4xx status code) a SET at its own discretion'"),
    Variation(
        "media-type-refused-with-415", _ROLE,
        "refuses a push whose Content-Type is not application/secevent+jwt with 415",
        "RFC 8935 §2.3: 'In the event of a general HTTP error condition, the SET Recipient "
        "responds with the applicable HTTP Status Code'"),
]

_VARIATIONS.append(Variation(
    "receiver-oauth", _ROLE,
    "authenticates to its transmitter with OAuth client credentials, its access tokens living "
    "2 s and renewed as they expire, instead of a static bearer token",
    "CAEP interop profile §2.7.1: the authorization server 'MUST support at least one of the "
    "following to obtain a short-lived access token', the client credential grant flow "
    "(RFC 6749 §4.4) first among them",
    profile={"receiver": {"auth": {"type": "oauth_client_credentials", "token_env": None,
                                   "client_secret_env": "SSF_REFERENCE_RX_CLIENT_SECRET",
                                   "token_lifetime": 2}}}))

VARIATIONS: dict[str, Variation] = {v.name: v for v in _VARIATIONS}
