"""Fault switches of the reference transmitter (see harness/reference/faults.py).

Each name is a real, minimal defect the transmitter shows when the name is in `config.faults`;
a receiver-side conformance check must be able to catch it.
"""
from harness.reference.faults import Fault

_ROLE = "transmitter"

_DEFECTS = {
    # SET format
    "set-wrong-typ": "SETs carry the JOSE header typ 'JWT' instead of 'secevent+jwt'",
    "set-no-kid": "SETs carry no kid header",
    "set-sub-claim": "SETs carry a JWT sub claim",
    "set-exp-claim": "SETs carry an exp claim",
    "set-two-events": "the events claim holds two independent events",
    "set-iss-mismatch": "SET iss differs from the metadata issuer and the stream iss",
    "set-no-aud": "SETs carry no aud claim",
    "set-iat-future": "SET iat lies a day in the future",
    "set-repeated-jti": "every SET on a stream reuses the same jti",
    "set-event-timestamp-ms": "event_timestamp is in milliseconds instead of seconds",
    "set-bad-signature": "SETs are signed with a key that is not in the JWKS (same kid)",
    "risc-missing-required-member": "RISC events omit required members (credential_type)",
    "credential-change-no-credential-type": "CAEP credential-change omits credential_type",
    "verification-no-state": "the verification SET omits the requested state",
    "verification-wrong-sub-id": "the verification SET's sub_id does not name the stream",
    # Discovery metadata
    "metadata-no-jwks-uri": "the discovery metadata omits jwks_uri",
    "metadata-no-spec-version": "the discovery metadata omits spec_version",
    "metadata-issuer-mismatch": "the metadata issuer differs from the issuer used for discovery",
    # Stream management
    "create-returns-200": "stream creation answers 200 instead of 201",
    "unknown-stream-returns-200": "reading an unknown stream (config or status) answers 200 {}",
    "patch-ignored": "PATCH answers 200 but changes nothing",
    "put-merges": "PUT keeps receiver-supplied properties the body omits (PATCH semantics)",
    "delete-leaves-readable": "DELETE answers 204 but the stream stays readable",
    "delete-returns-200-with-body": "DELETE answers 200 with the stream configuration as body",
    "list-not-array": "GET without stream_id answers an object {'streams': [...]} not an array",
    "events-delivered-not-subset": "events_delivered = requested ∪ supported, not a subset",
    "aud-updatable": "PATCH/PUT may change aud",
    "status-update-ignored": "a status update answers 200 but the status does not change",
    "status-invalid-accepted": "a status update with an unknown status value is accepted",
    "stream-updated-not-sent": "transmitter-initiated status changes send no stream-updated SET",
    "subjects-ignored": "subject add/remove answer success but every subject is delivered",
    # Status semantics
    "paused-drops-events": "events generated while paused are dropped instead of held",
    "disabled-still-delivers": "a disabled stream keeps delivering events",
    # Poll delivery (RFC 8936)
    "acked-set-redelivered": "acknowledged SETs are returned again by later polls",
    "more-available-wrong": "moreAvailable reports the opposite of the truth",
    "return-immediately-ignored": "returnImmediately:true still long-polls when nothing is queued",
    "poll-max-events-ignored": "poll returns every queued SET regardless of maxEvents",
    # Push delivery (RFC 8935)
    "auth-header-not-sent": "push requests omit the stream's authorization_header",
    "push-wrong-content-type": "push requests use Content-Type application/json",
    "no-retry-on-503": "push gives up after a 5xx instead of retrying",
    # Authorization
    "token-in-query-accepted": "an access_token query parameter is accepted as credentials",
    "no-token-required": "management requests without a token act as the first client",
    "cross-receiver-visible": "a receiver can see and change another receiver's streams",
    "read-only-scope-can-write": "an ssf.read token may create, update and delete",
}

FAULTS: dict[str, Fault] = {name: Fault(name, _ROLE, text) for name, text in _DEFECTS.items()}
