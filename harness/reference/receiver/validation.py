"""SET validation shared by push and poll delivery (RFC 8935 §2, RFC 8417, SSF §4).

Order: well-formed JWS → typ → crit → alg → signature (transmitter JWKS, one refetch on an
unknown kid) → iss → aud → iat → jti → events → no sub/exp → sub_id → event payload.
Every failure is a `SetRejected` with the RFC 8935 err code. The fault switches each disable
one check, on purpose.
"""
from __future__ import annotations

import base64
import math
import time
from dataclasses import dataclass
from typing import Callable

from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from harness.jose import DecodedSET, SETDecodeError, SETVerifyError, is_set_typ, verify_set
from harness.jose.sets import ASYMMETRIC_ALGS
from harness.reference.receiver.config import ReceiverConfig
from harness.reference.receiver.jwks import JwksCache, has_kid
from harness.reference.receiver.strict_set import decode_strict
from harness.reference.receiver.subjects import critical_member_problem, subject_problem
from harness.ssf.constants import SET_TYP, STATUS_VALUES
from harness.ssf.events import CAEP_BASE, STREAM_UPDATED, VERIFICATION, event_by_uri

# Control events a receiver accepts whatever it requested (SSF §8.1.4, §8.1.5; SSF-UPD-06).
CONTROL_EVENTS = (VERIFICATION.uri, STREAM_UPDATED.uri)
# The codes the reference gives signature and key problems (invalid_key: "one or more keys used
# to ... sign the SET is invalid or otherwise unacceptable", RFC 8935 §2.4; invalid_request for
# an unsigned or HMAC SET). authentication_failed applies as well (RFC 8936 Figure 5: "The SET
# could not be authenticated"): the other-err-code variation answers with it instead.
SIGNATURE_ERRS = ("invalid_key", "invalid_request")


class SetRejected(Exception):
    def __init__(self, err: str, description: str):
        super().__init__(description)
        self.err, self.description = err, description


@dataclass(frozen=True)
class ValidSET:
    decoded: DecodedSET
    event_uris: tuple[str, ...]
    subject: dict
    confirm_state: str | None = None    # a verification state this SET confirms
    discard_reason: str | None = None   # valid, but must not be acted on (SSF §3.6)

    @property
    def jti(self) -> str:
        return self.decoded.claims["jti"]


def typ_is_set(typ) -> bool:
    """RFC 7515 §4.1.9: case-insensitive, `application/` prefix optional (catalog N18)."""
    return is_set_typ(typ)


class SetValidator:
    def __init__(self, config: ReceiverConfig, jwks: JwksCache, issuer: Callable[[], str],
                 critical_members: Callable[[], list[str]],
                 verification_known: Callable[[str], bool],
                 verification_stream: Callable[[str], str | None] = lambda state: None):
        self.config = config
        self.jwks = jwks
        self._issuer = issuer
        self._critical = critical_members
        self._verification_known = verification_known
        self._verification_stream = verification_stream

    def _fault(self, name: str) -> bool:
        return self.config.has_fault(name)

    def validate(self, token: str, decoded: DecodedSET | None = None) -> ValidSET:
        """`decoded`: decode_strict(token) when the caller has it already."""
        try:  # strict JSON: no NaN, lone surrogates, duplicate claims or deep nesting
            decoded = decoded or decode_strict(token)
        except SETDecodeError as exc:
            raise SetRejected("invalid_request", f"not a well-formed compact JWS: {exc}")
        header, claims = decoded.header, decoded.claims
        exact_only = self._fault("rejects-typ-variants")
        typ_ok = header.get("typ") == SET_TYP if exact_only else typ_is_set(header.get("typ"))
        if not typ_ok and not self._fault("accept-wrong-typ"):
            raise SetRejected("invalid_request",
                              f"JOSE header typ must be {SET_TYP!r}, got {header.get('typ')!r}")
        if "crit" in header:
            raise SetRejected("invalid_request", "JOSE header crit names unsupported extensions")
        try:
            self._check_signature(decoded)
        except SetRejected as exc:
            if self.config.varies("other-err-code") and exc.err in SIGNATURE_ERRS:
                raise SetRejected("authentication_failed", exc.description) from None
            raise
        unreadable = self._check_claims(claims)
        subject = claims["sub_id"]
        events = claims["events"]
        confirm_state = self._check_events(events)
        self._check_verification_subject(confirm_state, subject)
        critical = [] if self._fault("ignores-critical-subject-members") else self._critical()
        discard = unreadable or critical_member_problem(subject, critical)
        return ValidSET(decoded, tuple(events), subject, confirm_state, discard)

    # -- signature --------------------------------------------------------------------------
    def _check_signature(self, decoded: DecodedSET) -> None:
        alg, kid = decoded.header.get("alg"), decoded.header.get("kid")
        if not isinstance(alg, str) or alg.lower() == "none":
            if self._fault("accept-alg-none"):
                return
            raise SetRejected("invalid_request",
                              "alg is missing or none: unsigned SETs are refused")
        if alg.upper().startswith("HS"):
            if self._fault("accept-hs256-public-key"):
                return self._verify_hmac_with_public_key(decoded, kid)
            raise SetRejected("invalid_request", f"symmetric alg {alg!r} is not accepted")
        allowed = tuple(a for a in self.config.allowed_algs if a in ASYMMETRIC_ALGS)
        if alg not in allowed:
            raise SetRejected("invalid_request", f"alg {alg!r} is not allowed ({list(allowed)})")
        jwks = self.jwks.current()
        if not has_kid(jwks, kid):
            if not self._fault("no-jwks-refresh-on-unknown-kid"):
                jwks = self.jwks.refresh()  # the transmitter may have rotated its key
            if not has_kid(jwks, kid):
                if self._fault("accept-unknown-kid"):
                    return
                raise SetRejected("invalid_key", f"no key with kid {kid!r} in the transmitter JWKS")
        try:
            verify_set(decoded.token, self.jwks.keyset(jwks), allowed)
        except SETVerifyError as exc:
            if not self._fault("accept-bad-signature"):
                raise SetRejected(exc.code, str(exc))
        except (JWException, ValueError, KeyError, TypeError):
            # A JWKS jwcrypto cannot read: no key of it can vouch for this SET.
            raise SetRejected("invalid_key", "the transmitter JWKS holds no usable key") from None

    def _verify_hmac_with_public_key(self, decoded: DecodedSET, kid) -> None:
        """The classic key-confusion defect, kept only behind its fault switch."""
        for key in self.jwks.current().get("keys", []):
            if kid is not None and key.get("kid") != kid:
                continue
            pem = jwk.JWK(**key).export_to_pem()
            secret = jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(pem).rstrip(b"=").decode())
            try:
                verifier = jws.JWS()
                verifier.deserialize(decoded.token)
                verifier.verify(secret, alg=decoded.header["alg"])
                return
            except JWException:
                continue
        raise SetRejected("invalid_key", "signature does not verify")

    # -- claims -----------------------------------------------------------------------------
    def _check_claims(self, claims: dict) -> str | None:
        """Raises SetRejected; returns why a SET accepted anyway must not be acted on."""
        issuer = self._issuer()
        if claims.get("iss") != issuer and not self._fault("accept-wrong-iss"):
            raise SetRejected("invalid_issuer", f"iss {claims.get('iss')!r} is not the "
                                                f"transmitter issuer {issuer!r}")
        aud = claims.get("aud")
        auds = [aud] if isinstance(aud, str) else [a for a in aud if isinstance(a, str)] \
            if isinstance(aud, list) and not self._fault("rejects-aud-array") else []
        if self.config.audience not in auds and not self._fault("accept-wrong-aud"):
            raise SetRejected("invalid_audience",
                              f"aud {aud!r} does not name this receiver ({self.config.audience!r})")
        self._check_iat(claims.get("iat"))
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise SetRejected("invalid_request", "jti is missing or not a non-empty string")
        events = claims.get("events")
        if not isinstance(events, dict) or not events:
            raise SetRejected("invalid_request", "events must be a non-empty JSON object")
        if len(events) != 1 and not self.config.varies("multi-event-sets-accepted"):
            raise SetRejected("invalid_request",
                              f"events must hold exactly one event, got {len(events)}")
        if "sub" in claims and not self.config.varies("sub-claim-ignored"):
            raise SetRejected("invalid_request", "SSF SETs must not carry sub (SSF §4.1.2)")
        if "exp" in claims:
            raise SetRejected("invalid_request", "SSF SETs must not carry exp (SSF §4.1.7)")
        if "sub_id" not in claims:
            raise SetRejected("invalid_request", "sub_id is required in every SSF SET (SSF §3.1)")
        problem = subject_problem(claims["sub_id"])
        if problem and self.config.varies("unreadable-sub-id-ignored"):
            return f"not acted on: sub_id {problem}"  # RFC 8935 §3: free to ignore it
        if problem:
            raise SetRejected("invalid_request", f"sub_id: {problem}")
        return None

    def _check_iat(self, iat) -> None:
        if isinstance(iat, bool) or not isinstance(iat, (int, float)) or not math.isfinite(iat):
            raise SetRejected("invalid_request", "iat is missing or not a NumericDate")
        if self.config.varies("stale-sets-accepted"):
            return
        now = time.time()
        if iat > now + self.config.iat_skew_seconds:
            raise SetRejected("invalid_request", "iat is too far in the future")
        if iat < now - self.config.max_set_age_seconds:
            raise SetRejected("invalid_request", "iat is older than the accepted SET age")

    def _check_verification_subject(self, state: str | None, subject: object) -> None:
        """A verification SET names its stream in sub_id (SSF 8.1.4.1): the state we asked for
        must come back about the stream we asked it for (SSF-VERIFY-11/12)."""
        if self._fault("accept-verification-wrong-sub-id"):
            return
        stream_id = self._verification_stream(state) if state else None
        if stream_id and subject != {"format": "opaque", "id": stream_id}:
            raise SetRejected("invalid_state",
                              "verification sub_id does not name the stream the state was "
                              "requested for")

    def _check_event_type(self, uri: str) -> None:
        """A receiver may refuse SETs it is not willing to accept (RFC 8935 §2); these
        variations accept only the event types they requested, plus the control events."""
        if self._fault("refuses-caep-events") and uri.startswith(CAEP_BASE):
            raise SetRejected("invalid_request", f"event {uri!r} does not match our schema")
        restricted = self.config.varies("declared-events-only") or self.config.varies(
            "verification-only")
        if restricted and uri not in CONTROL_EVENTS and uri not in (
                self.config.events_requested or ()):
            raise SetRejected("invalid_request", f"event type {uri!r} was not requested")

    def _check_events(self, events: dict) -> str | None:
        confirm_state = None
        for uri, payload in events.items():
            if not isinstance(payload, dict):
                raise SetRejected("invalid_request", f"event {uri!r} payload is not an object")
            self._check_event_type(uri)
            known = event_by_uri(uri)
            missing = [m for m in (known.required if known else ()) if m not in payload]
            if missing:
                raise SetRejected("invalid_request", f"event {uri!r} lacks {missing}")
            if uri == VERIFICATION.uri and "state" in payload:
                state = payload["state"]
                if not isinstance(state, str):
                    raise SetRejected("invalid_request", "verification state is not a string")
                if not self._verification_known(state):  # SSF §8.1.4.1
                    raise SetRejected("invalid_state", "verification state was not requested")
                confirm_state = state
            if uri == STREAM_UPDATED.uri and payload.get("status") not in STATUS_VALUES:
                raise SetRejected("invalid_request", "stream-updated status is not a known value")
        return confirm_state
