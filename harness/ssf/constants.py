"""Constants fixed by SSF 1.0, RFC 8935, RFC 8936, RFC 8417 and RFC 9493."""

SPEC_VERSION = "1_0"
WELL_KNOWN_SSF = "/.well-known/ssf-configuration"

PUSH = "urn:ietf:rfc:8935"
POLL = "urn:ietf:rfc:8936"
DELIVERY_METHODS = (PUSH, POLL)

SET_TYP = "secevent+jwt"
SET_MEDIA_TYPE = "application/secevent+jwt"

STATUS_VALUES = ("enabled", "paused", "disabled")
# SSF 1.0 §8.1.1: the members every stream configuration a transmitter returns carries.
STREAM_REQUIRED_MEMBERS = ("stream_id", "iss", "aud", "delivery", "events_delivered")

# RFC 9493 formats plus the SSF additions (SSF section 3).
SIMPLE_SUBJECT_FORMATS = (
    "account", "email", "iss_sub", "opaque", "phone_number", "did", "uri", "aliases",
)
COMPLEX_SUBJECT_MEMBERS = ("user", "device", "session", "application", "tenant", "org_unit", "group")
COMPLEX_FORMAT = "complex"

# RFC 8935 section 2.4 / RFC 8936 section 2.4.4 registered error codes.
SET_ERROR_CODES = (
    "invalid_request", "invalid_key", "invalid_issuer", "invalid_audience",
    "authentication_failed", "access_denied",
)

# OAuth scopes of the CAEP interoperability profile's management API.
SCOPE_READ = "ssf.read"
SCOPE_MANAGE = "ssf.manage"
