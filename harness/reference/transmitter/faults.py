"""Fault switches of the reference transmitter (see harness/reference/faults.py).

Each name is a real, minimal defect the transmitter shows when the name is in `config.faults`;
a receiver-side conformance check must be able to catch it.
"""
from harness.reference.faults import Fault

_ROLE = "transmitter"

_DEFECTS = {
    # SET format
    "set-wrong-typ": "SETs carry the JOSE header typ 'JWT' instead of 'secevent+jwt'",
    "set-unknown-kid": "SETs name a kid that no key in the JWKS carries",
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
    "set-no-sub-id": "SETs carry no top-level sub_id; the subject sits in the event payload",
    "set-subject-type": "sub_id carries the legacy RISC member subject_type next to format",
    "set-event-payload-string": "CAEP/RISC event payloads are JSON-encoded strings, not objects",
    "set-alg-es256": "SETs are signed with ES256 although the CAEP interop profile needs RS256",
    "event-subject-as-account": "event SETs name an email subject as an acct: URI instead",
    "identifier-event-opaque-subject": "RISC identifier-changed/-recycled name the subject by an"
                                       " opaque id instead of email or phone",
    "interop-no-reason-admin": "CAEP session-revoked / credential-change /"
                               " device-compliance-change omit reason_admin",
    "interop-dcc-not-offered": "device-compliance-change (an interop use case) is neither"
                               " supported nor delivered",
    "deprecated-sessions-revoked-offered": "the deprecated RISC sessions-revoked is offered in"
                                           " events_supported and delivered",
    "verification-returns-202": "a verification request answers 202 instead of 204",
    "unsolicited-verification-with-state": "every new stream gets a verification SET of the"
                                           " transmitter's own that carries a state",
    "set-repeated-txn": "every SET carries the same txn, whatever caused it",
    "event-subject-missing-member": "event SETs name an email subject without its email member"
                                    " (the address sits in 'value')",
    "interop-event-opaque-subject": "CAEP events name their subject by an opaque id instead of"
                                    " email or iss_sub",
    "set-event-timestamp-future": "CAEP event_timestamp lies a day in the future",
    "alc-no-change-direction": "assurance-level-change gives previous_level without"
                               " change_direction",
    "rlc-no-risk-reason": "risk-level-change carries no risk_reason",
    "min-verification-overenforced": "streams advertise min_verification_interval 1 but answer"
                                     " 429 for 30 s after each verification request",
    # Discovery metadata
    "metadata-no-jwks-uri": "the discovery metadata omits jwks_uri",
    "metadata-no-spec-version": "the discovery metadata omits spec_version",
    "metadata-issuer-mismatch": "the metadata issuer differs from the issuer used for discovery",
    "metadata-html-page": "the well-known URL answers 200 with an HTML page, not JSON metadata",
    "metadata-wrong-content-type": "the metadata JSON is served as text/plain",
    "metadata-issuer-query": "the metadata issuer carries a query component (?tenant=default)",
    "metadata-http-endpoint": "the metadata advertises remove_subject_endpoint as http://",
    "metadata-bad-authorization-scheme": "authorization_schemes holds a bare string, not a"
                                         " {spec_urn} object",
    "metadata-no-oauth-scheme": "authorization_schemes lists RFC 6750 only, not OAuth 2.0",
    "metadata-bad-default-subjects": "default_subjects is 'all' (lower case), not ALL or NONE",
    "metadata-empty-array": "the metadata sends critical_subject_members as [] instead of"
                            " omitting it",
    "metadata-no-delivery-methods": "the metadata omits delivery_methods_supported",
    "metadata-no-status-endpoint": "the metadata omits status_endpoint (interop requires it)",
    "jwks-empty": "the JWKS at jwks_uri holds no keys",
    "metadata-any-issuer-path": "the well-known URL answers the metadata for any issuer path,"
                                " also one this transmitter does not have",
    "token-long-lived": "the token endpoint issues access tokens valid for a day",
    "tls-legacy-accepted": "the transmitter's TLS endpoints also accept TLS 1.0 and 1.1",
    "tls13-unsupported": "the transmitter's TLS endpoints speak TLS 1.2 at most",
    # Stream management
    "create-returns-200": "stream creation answers 200 instead of 201",
    "create-always-400": "stream creation always answers 400 (the transmitter requires a member"
                         " the suite does not send)",
    "unknown-stream-returns-200": "reading an unknown stream (config or status) answers 200 {}",
    "patch-ignored": "PATCH answers 200 but changes nothing",
    "put-merges": "PUT keeps receiver-supplied properties the body omits (PATCH semantics)",
    "delete-leaves-readable": "DELETE answers 204 but the stream stays readable",
    "delete-leaves-listed": "a deleted stream is gone for reads by id but stays in the list",
    "put-keeps-events-delivered": "a PUT that narrows events_requested keeps the old"
                                  " events_delivered",
    "delete-returns-200-with-body": "DELETE answers 200 with the stream configuration as body",
    "list-not-array": "GET without stream_id answers an object {'streams': [...]} not an array",
    "events-delivered-not-subset": "events_delivered = requested ∪ supported, not a subset",
    "aud-updatable": "PATCH/PUT may change aud",
    "create-omits-events-delivered": "the create response lacks events_delivered (reads have it)",
    "stream-id-urn": "stream ids are 'urn:uuid:…' (':' is not an unreserved character)",
    "stream-aud-null": "the stream configuration shows aud as null",
    "stream-iss-origin-only": "the stream configuration's iss is the issuer's origin, without"
                              " its path",
    "delivery-method-short-name": "configurations name the delivery method 'push'/'poll', not"
                                  " its URI",
    "push-endpoint-rewritten": "the push endpoint_url is echoed with a trailing slash added",
    "description-dropped": "a receiver-supplied description is accepted but never stored",
    "default-poll-no-endpoint": "a stream created without delivery gets poll without an"
                                " endpoint_url",
    "poll-endpoint-shared": "every poll stream of a receiver gets its first poll stream's"
                            " endpoint_url",
    "second-create-same-id": "a second create answers 201 with the receiver's existing stream",
    "second-create-replaces-first": "a second create answers 201 with a new stream and silently"
                                    " deletes the receiver's first stream",
    "read-ignores-stream-id": "GET with stream_id ignores it and answers the whole list",
    "fabricated-events-delivered-accepted": "an update with a fabricated events_delivered"
                                            " answers 200 (the value is silently ignored)",
    "status-update-ignored": "a status update answers 200 but the status does not change",
    "status-invalid-accepted": "a status update with an unknown status value is accepted",
    "status-read-no-stream-id": "reading the status answers without the stream_id",
    "stream-updated-not-sent": "transmitter-initiated status changes send no stream-updated SET",
    "stream-updated-not-sent-on-enable": "a transmitter-initiated re-enable sends no"
                                         " stream-updated SET (a pause still does)",
    "stream-subject-removable": "removing the stream's own subject {opaque, stream_id} stops"
                                " verification events",
    "inactivity-timer-not-refreshed": "streams time out after 3 s of inactivity, and no"
                                      " management call or poll restarts the timer",
    "inactivity-pause-unannounced": "streams time out after 3 s of inactivity and are paused"
                                    " without a stream-updated SET",
    "subjects-ignored": "subject add/remove answer success but every subject is delivered",
    "add-subject-returns-204": "adding a subject answers 204 instead of 200",
    "remove-subject-returns-200": "removing a subject answers 200 instead of 204",
    "subject-removal-by-format": "removing a subject stops events about every subject of the"
                                 " same format",
    # Status semantics
    "paused-drops-events": "events generated while paused are dropped instead of held",
    "disabled-still-delivers": "a disabled stream keeps delivering events",
    "reenabled-stream-silent": "a stream once disabled delivers nothing after re-enabling",
    "paused-still-delivers": "a paused stream keeps delivering events instead of holding them",
    # Poll delivery (RFC 8936)
    "acked-set-redelivered": "acknowledged SETs are returned again by later polls",
    "unacked-set-dropped": "a polled SET is treated as acknowledged and never returned again",
    "more-available-wrong": "moreAvailable reports the opposite of the truth",
    "return-immediately-ignored": "returnImmediately:true still long-polls when nothing is queued",
    "poll-max-events-ignored": "poll returns every queued SET regardless of maxEvents",
    "long-poll-returns-empty": "a long poll is never answered with SETs: it holds until its"
                               " timeout and answers empty",
    "poll-more-available-string": "moreAvailable is the string 'true'/'false', not a boolean",
    "set-errs-rejected": "a poll carrying setErrs is rejected with 400",
    # Push delivery (RFC 8935)
    "auth-header-not-sent": "push requests omit the stream's authorization_header",
    "push-wrong-content-type": "push requests use Content-Type application/json",
    "retry-new-jti": "a push retried after a 5xx is signed again under a new jti",
    "push-method-put": "SETs are pushed with PUT instead of POST",
    "push-no-accept": "push requests carry no Accept header",
    "push-body-folded": "push bodies fold the SET over three lines (CRLF and indent after each"
                        " dot), not one compact JWS",
    "push-skips-certificate-check": "pushes go to any endpoint, whatever certificate it"
                                    " presents",
    # Authorization
    "token-in-query-accepted": "an access_token query parameter is accepted as credentials",
    "no-token-required": "management requests without a token act as the first client",
    "cross-receiver-visible": "a receiver can see and change another receiver's streams",
    "read-only-scope-can-write": "an ssf.read token may create, update and delete",
    "read-only-scope-cannot-read": "an ssf.read token is refused (403) even for reads",
    "no-www-authenticate": "401 answers (management API and poll) carry no WWW-Authenticate",
    "invalid-token-no-error": "a 401 for an invalid bearer token carries a Bearer challenge"
                              " without error=\"invalid_token\"",
    # Registration by software statement (RFC 7591; routes_register.py, registration.py)
    "registration-returns-200": "a successful registration answers 200 instead of 201",
    "registration-no-secret-expiry": "the client information response issues a client_secret"
                                     " without client_secret_expires_at",
    "registration-body-overrides-ssa": "metadata in the request body (software_id) wins over"
                                       " the software statement's",
    "registration-credentials-unusable": "the client_secret handed out is not the one kept: the"
                                         " token endpoint refuses it",
    "registration-scope-read-only": "every registered client gets ssf.read only, whatever its"
                                    " directory roles",
    "registration-accepts-untrusted-ssa": "an SSA of an unknown issuer is verified with keys"
                                          " fetched from {iss}/.well-known/jwks.json",
    "registration-skips-signature": "the SSA's signature is never verified (a tampered copy"
                                    " registers)",
    "registration-ignores-exp": "an expired SSA registers",
    "registration-ignores-org-status": "an SSA stating org_status Withdrawn registers",
    "registration-ignores-software-status": "the directory is not asked whether the software is"
                                            " still active",
    "registration-ignores-roles": "every SSA gets ssf.read and ssf.manage, whatever its roles",
    "registration-error-not-json": "refusals answer 400 with a text/plain body",
    "registration-wrong-error-code": "every refusal says invalid_client_metadata",
    "registration-config-read-broken": "the RFC 7592 client configuration endpoint refuses the"
                                       " registration access token it issued",
}

FAULTS: dict[str, Fault] = {name: Fault(name, _ROLE, text) for name, text in _DEFECTS.items()}
