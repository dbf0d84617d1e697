"""Fault switches of the reference receiver (see harness/reference/faults.py).

Each name is a real, minimal defect the receiver shows when the name is in `config.faults`;
the conformance self-test expects the matching receiver scenarios to fail. Behaviour the specs
allow (accepting a reused jti, a stale iat, two events, a sub claim) is a legal variation
(variations.py), never a fault.
"""
from harness.reference.faults import Fault

_ROLE = "receiver"

_DEFECTS = {  # name -> the defect, in one line
    "accept-bad-signature": "accepts a SET whose signature does not verify",
    "accept-unknown-kid": "accepts a SET signed with a kid absent from the transmitter JWKS",
    "accept-wrong-aud": "does not check that aud names this receiver",
    "accept-wrong-iss": "does not check that iss equals the transmitter issuer",
    "accept-alg-none": "accepts an unsigned SET (alg none)",
    "accept-hs256-public-key": "verifies HS256 SETs with the transmitter public key as HMAC secret",
    "accept-wrong-typ": "does not check the typ header (secevent+jwt)",
    "rejects-typ-variants": "accepts only the exact typ secevent+jwt (no application/ prefix, "
                            "no other case)",
    "rejects-aud-array": "accepts aud only as a string, not as an array naming it",
    "no-bearer-required": "the push endpoint ignores the Authorization header",
    "answers-200-not-202": "acknowledges a valid push with 200 instead of 202",
    "wrong-err-code": "answers every SET error with err invalid_request (even a bad signature)",
    "refuses-redelivered-set": "answers a SET delivered again (same bytes) as a replay: 400",
    "refuses-caep-events":
        "refuses every CAEP event as not matching its schema, though its profile declares them",
    # -- how a refusal is answered (RFC 8935 §2.3), one rule each ------------------------------
    "refuses-with-403": "answers SETs that fail validation with 403 instead of 400",
    "error-body-not-json":
        "answers refused SETs with a text/plain body instead of {err, description}",
    "no-content-language": "answers refused SETs without a Content-Language header",
    "ignores-accept-language":
        "describes refusals in French whatever the transmitter's Accept-Language asks for",
    "poll-acks-bad-set": "the poll client acknowledges invalid SETs instead of reporting setErrs",
    "set-errs-for-unknown-subject": "the poll client reports valid SETs about a subject it has"
                                    " no user for in setErrs (a processing outcome, not an error)",
    "set-errs-without-description": "reports refused polled SETs in setErrs without a description",
    "push-tls-legacy-accepted": "its push endpoint accepts TLS 1.0 and 1.1 handshakes",
    "no-jwks-refresh-on-unknown-kid": "never refetches the JWKS when a SET names an unknown kid",
    "accept-verification-wrong-sub-id":
        "accepts a verification SET with a requested state but another stream's sub_id",
    # -- its own calls at the transmitter (SSF §7, §8; RFC 8936 §2) --------------------------
    "first-create-not-sent": "acknowledges a create that comes before its transmitter metadata is "
                             "cached but never sends it (the first create after start-up is lost)",
    "metadata-fetched-with-post":
        "requests the transmitter metadata with POST (and falls back to GET when refused)",
    "create-without-events-requested": "creates its stream without events_requested",
    "push-endpoint-not-https": "names an http:// push endpoint_url when creating a push stream",
    "create-without-authorization-header":
        "creates a push stream without the authorization_header its push endpoint demands",
    "update-without-stream-id": "sends stream updates (PATCH) without stream_id in the body",
    "replace-with-changed-members-only":
        "replaces its stream (PUT) with stream_id and the changed members only",
    "stream-read-names-another-stream":
        "reads its stream's configuration with a stream_id that is not its stream's",
    "status-read-without-stream-id":
        "reads its stream's status without the stream_id query parameter",
    "ignores-metadata-issuer-mismatch":
        "uses transmitter metadata whose issuer differs from the issuer it was configured with",
    "delete-without-stream-id":
        "deletes its stream without the stream_id query parameter and forgets it regardless",
    "accept-foreign-stream-iss":
        "uses a stream whose configuration names another iss than the transmitter issuer",
    "poll-without-json-content-type": "sends poll requests without Content-Type application/json",
    "add-subjects-after-create":
        "subscribes every IdP user with add-subject after creating its stream",
    # -- issue 15, receiver role: subjects and the transmitter's certificate -------------------
    "ignores-critical-subject-members":
        "acts on events whose critical subject member (transmitter metadata "
        "critical_subject_members) has a format it cannot process, instead of discarding them",
    "revokes-every-session-of-complex-subject":
        "a session-revoked about a complex subject revokes every session of its user, ignoring "
        "the device and session members it names",
    "poll-certificate-not-verified":
        "polls its transmitter without checking the server certificate (any certificate passes)",
    "keeps-expired-access-token": "keeps using its OAuth access token after it expired: no "
                                  "renewal, and a 401 invalid_token is not answered with a new one",
    "ignores-protected-resource-metadata":
        "requests its configured OAuth scopes without looking at the transmitter's RFC 9728 "
        "protected resource metadata",
    # -- registration by software statement (RFC 7591; registration.py) ---------------------------
    "registration-form-encoded": "sends its registration request form-encoded instead of as"
                                 " an application/json object",
    "registration-credentials-ignored": "registers with its SSA but keeps managing its stream"
                                        " with its configured bearer token",
}

FAULTS: dict[str, Fault] = {name: Fault(name, _ROLE, text) for name, text in _DEFECTS.items()}
