"""The fault-injecting transmitter persona: builds valid SETs and hostile ones (forged, tampered,
malformed) from the suite transmitter's real issuer and live signing key.

Pure: nothing here does I/O. A `ForgedRequest` is what to send (body, Content-Type, which
Authorization to use); `HOSTILE` says, per hostile class, how a conformant receiver refuses it
and which catalog requirements grade that (levels come from the catalog, never from here).
jwcrypto does the signing; the unsigned `alg: none` token is the one thing it refuses to make, so
that one is assembled from base64url segments (no cryptography involved).
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from jwcrypto import jwk, jws
from jwcrypto.common import JWSEHeaderParameter, base64url_encode, json_encode

from harness.jose import SigningKey, sign_set
from harness.ssf.constants import SET_MEDIA_TYPE, SET_TYP
from harness.ssf.events import (
    STREAM_UPDATED, VERIFICATION, EventType, event_by_action, event_by_uri,
)

USE_PUSH_AUTH = "use-push-authorization"   # the Authorization the RUT expects (the default)
# One well-formed Subject Identifier per format (RFC 9493 §3, SSF §3.3, §3.5).
SUBJECT_EXAMPLES: dict[str, dict] = {
    "account": {"format": "account", "uri": "acct:subject@example.com"},
    "email": {"format": "email", "email": "subject@example.com"},
    "iss_sub": {"format": "iss_sub", "iss": "https://idp.example.com/", "sub": "subject-1"},
    "opaque": {"format": "opaque", "id": "11112222333344445555"},
    "phone_number": {"format": "phone_number", "phone_number": "+12065550100"},
    "did": {"format": "did", "url": "did:example:123456"},
    "uri": {"format": "uri", "uri": "https://user.example.com/"},
    "aliases": {"format": "aliases", "identifiers": [
        {"format": "email", "email": "subject@example.com"},
        {"format": "phone_number", "phone_number": "+12065550100"}]},
    "complex": {"format": "complex",
                "user": {"format": "email", "email": "subject@example.com"},
                "device": {"format": "opaque", "id": "device-1"}},
    "jwt_id": {"format": "jwt_id", "iss": "https://idp.example.com/", "jti": "B70BA622"},
    "saml_assertion_id": {"format": "saml_assertion_id", "issuer": "https://idp.example.com/",
                          "assertion_id": "_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6"},
    "ip-addresses": {"format": "ip-addresses", "ip-addresses": ["10.29.37.75", "2001:db8::1"]},
}
_CRIT_EXTENSION = "x-ssf-conformance-unknown"
_TIMESTAMPED_RISC = ("credential-compromise",)


@dataclass(frozen=True)
class ForgedRequest:
    """One push the suite makes (or one SET it queues for a polling receiver)."""
    kind: str                          # "valid" or a hostile class name
    body: bytes
    jti: str | None                    # the jti the SET carries (a poll key; observation key)
    content_type: str = SET_MEDIA_TYPE
    authorization: str | None = USE_PUSH_AUTH  # None: no header; other str: sent as is

    @property
    def token(self) -> str:
        return self.body.decode("ascii", errors="replace")


@dataclass
class SetForger:
    issuer: str
    audience: str | list[str]
    signing_key: Callable[[], SigningKey]      # the persona's *current* key (rotation-safe)
    subject: dict = field(default_factory=lambda: {"format": "email",
                                                   "email": "alice@example.com"})
    clock: Callable[[], float] = time.time
    _rogue: dict = field(default_factory=dict, repr=False)

    # -- building blocks ------------------------------------------------------------------
    def claims(self, event: EventType | str, payload: dict | None = None,
               subject: dict | None = None, **extra) -> dict:
        uri = event.uri if isinstance(event, EventType) else event
        claims = {"iss": self.issuer, "aud": self.audience, "iat": int(self.clock()),
                  "jti": "forged-" + secrets.token_hex(12), "txn": secrets.token_hex(8),
                  "sub_id": subject or self.subject,
                  "events": {uri: self.payload(uri) if payload is None else payload}}
        claims.update(extra)
        return claims

    def payload(self, uri: str) -> dict:
        """The registry's example payload, timestamped where the event defines one."""
        event = event_by_uri(uri)
        if event is None:
            return {}
        payload = dict(event.example)
        if event.spec == "CAEP" or event.action in _TIMESTAMPED_RISC:
            payload.setdefault("event_timestamp", int(self.clock()))
        return payload

    def sign(self, claims: dict, header: dict | None = None, key: SigningKey | None = None
             ) -> str:
        return sign_set(claims, key or self.signing_key(), header)

    def request(self, kind: str, claims: dict, header: dict | None = None,
                key: SigningKey | None = None) -> ForgedRequest:
        return ForgedRequest(kind, self.sign(claims, header, key).encode(), claims.get("jti"))

    def rogue_key(self, kid: str) -> SigningKey:
        """A key the transmitter never published, under the given kid (cached: RSA is slow)."""
        alg = self.signing_key().alg
        if (kid, alg) not in self._rogue:
            self._rogue[(kid, alg)] = SigningKey.generate(alg, kid=kid)
        return self._rogue[(kid, alg)]

    # -- valid SETs -----------------------------------------------------------------------
    def valid(self, action_or_uri: str, subject: dict | None = None,
              payload: dict | None = None, **extra) -> ForgedRequest:
        event = event_by_action(action_or_uri) or event_by_uri(action_or_uri)
        uri = event.uri if event else action_or_uri
        return self.request("valid", self.claims(uri, payload, subject, **extra))

    def verification(self, stream_id: str, state: str | None) -> ForgedRequest:
        payload = {} if state is None else {"state": state}
        return self.request("valid", self.claims(VERIFICATION, payload,
                                                 {"format": "opaque", "id": stream_id}))

    def stream_updated(self, stream_id: str, status: str, reason: str | None = None
                       ) -> ForgedRequest:
        payload = {"status": status, **({"reason": reason} if reason else {})}
        return self.request("valid", self.claims(STREAM_UPDATED, payload,
                                                 {"format": "opaque", "id": stream_id}))

    # -- hostile SETs ---------------------------------------------------------------------
    def hostile(self, name: str, **context) -> ForgedRequest:
        """A hostile request of class `name` (see HOSTILE); `context` feeds the classes that
        need it: `stream_id` and `state` (wrong-state, wrong-sub-id), `replay_jti`
        (replayed-jti), `subject` (any SET-level class)."""
        if name not in HOSTILE:
            raise KeyError(f"unknown hostile class {name!r}; known: {sorted(HOSTILE)}")
        return replace(HOSTILE[name].build(self, context), kind=name)


# -- the hostile classes ------------------------------------------------------------------
def _base(f: SetForger, ctx: dict) -> dict:
    """A valid session-revoked (about ctx["subject"] or the forger's subject): each class
    breaks exactly one thing of it."""
    return f.claims(event_by_action("session-revoked"), subject=ctx.get("subject"))


def _bad_signature(f, ctx):
    return f.request("", _base(f, ctx), key=f.rogue_key(f.signing_key().kid))


def _unknown_kid(f, ctx):
    return f.request("", _base(f, ctx), key=f.rogue_key("kid-not-in-the-jwks"))


def _alg_none(f, ctx):
    claims = _base(f, ctx)
    header = {"alg": "none", "typ": SET_TYP}
    token = (base64url_encode(json_encode(header)) + "." + base64url_encode(json_encode(claims))
             + ".")
    return ForgedRequest("", token.encode(), claims["jti"])


def _hs256_public_key(f, ctx):
    claims, key = _base(f, ctx), f.signing_key()
    secret = jwk.JWK(kty="oct", k=base64url_encode(key.key.export_to_pem()))  # public PEM
    signer = jws.JWS(json_encode(claims).encode())
    signer.add_signature(secret, alg="HS256", protected=json_encode(
        {"alg": "HS256", "typ": SET_TYP, "kid": key.kid}))
    return ForgedRequest("", signer.serialize(compact=True).encode(), claims["jti"])


def _claims_changed(**changes) -> Callable:
    def build(f, ctx):
        claims = _base(f, ctx)
        claims.update({k: (v(f) if callable(v) else v) for k, v in changes.items()})
        return f.request("", claims)
    return build


def _header_changed(header: dict) -> Callable:
    return lambda f, ctx: f.request("", _base(f, ctx), header)


def _two_events(f, ctx):
    claims = _base(f, ctx)
    claims["events"][event_by_action("credential-change").uri] = f.payload(
        event_by_action("credential-change").uri)
    return f.request("", claims)


def _crit_header(f, ctx):
    claims, key = _base(f, ctx), f.signing_key()
    registry = {_CRIT_EXTENSION: JWSEHeaderParameter("unknown extension", False, True, None)}
    signer = jws.JWS(json_encode(claims).encode(), header_registry=registry)
    signer.add_signature(key.key, alg=key.alg, protected=json_encode(
        {"alg": key.alg, "typ": SET_TYP, "kid": key.kid, "crit": [_CRIT_EXTENSION],
         _CRIT_EXTENSION: True}))
    return ForgedRequest("", signer.serialize(compact=True).encode(), claims["jti"])


def _malformed(f, ctx):
    head, payload, _ = f.sign(_base(f, ctx)).split(".")
    # Two segments: not the three-part compact serialization of a JWS.
    return ForgedRequest("", f"{head}.{payload}".encode(), "malformed-" + secrets.token_hex(6))


def _not_a_jwt(f, ctx):
    return ForgedRequest("", json_encode(_base(f, ctx)).encode(),
                         "not-a-jwt-" + secrets.token_hex(6))


def _request_changed(**changes) -> Callable:
    def build(f, ctx):
        return replace(f.request("", _base(f, ctx)), **changes)
    return build


def _oversized(f, ctx):
    # Not a SET at all and far beyond any sane limit: refusing it is right whatever the limit.
    return ForgedRequest("", b"A" * (256 * 1024), "oversized-" + secrets.token_hex(6))


def _replayed_jti(f, ctx):
    claims = _base(f, ctx)
    claims["jti"] = ctx["replay_jti"]
    return f.request("", claims)


def _wrong_state(f, ctx):
    return f.verification(ctx["stream_id"], "never-requested-" + secrets.token_hex(8))


def _wrong_sub_id(f, ctx):
    # The state the receiver did ask for, but about a stream that is not its own.
    return f.verification("not-" + ctx["stream_id"], ctx.get("state"))


@dataclass(frozen=True)
class HostileClass:
    name: str
    description: str
    refuse_requirement: str        # grades "the receiver refused it"
    err: str | None                # expected RFC 8935 err (None: no err expected, e.g. a 401)
    build: Callable[[SetForger, dict], ForgedRequest]
    tolerated: tuple[str, ...] = ()  # err codes the catalog says to tolerate
    err_requirement: str = "PUSH-13"
    statuses: tuple[int, ...] = (400,)
    request_level: bool = False    # a defect of the HTTP request, not the SET: push only


def _h(*args, **kw) -> tuple[str, HostileClass]:
    return args[0], HostileClass(*args, **kw)


HOSTILE: dict[str, HostileClass] = dict([
    _h("bad-signature", "signed with a key the transmitter never published, under its kid",
       "JOSE-03", "invalid_key", _bad_signature, ("invalid_request",)),
    _h("unknown-kid", "signed with a key whose kid is not in the transmitter JWKS", "PUSH-06",
       "invalid_key", _unknown_kid, ("invalid_request",)),
    _h("alg-none", "unsigned (alg none)", "JOSE-04", "invalid_request", _alg_none,
       ("invalid_key",)),
    _h("hs256-public-key", "HS256, HMAC keyed with the transmitter's public key", "JOSE-03",
       "invalid_request", _hs256_public_key, ("invalid_key",)),
    _h("wrong-iss", "iss names another issuer", "SET-06", "invalid_issuer",
       _claims_changed(iss="https://evil.example/ssf")),
    _h("wrong-aud", "aud names another receiver", "PUSH-06", "invalid_audience",
       _claims_changed(aud="https://someone-else.example/receiver")),
    _h("missing-typ", "no typ header", "JOSE-01", "invalid_request",
       _header_changed({"typ": None})),
    _h("wrong-typ", "typ JWT instead of secevent+jwt", "JOSE-01", "invalid_request",
       _header_changed({"typ": "JWT"})),
    _h("crit-header", "crit names an extension nobody understands", "JOSE-02",
       "invalid_request", _crit_header),
    _h("two-events", "two independent events in one SET", "SET-14", "invalid_request",
       _two_events),
    _h("sub-claim", "carries the JWT sub claim", "SET-02", "invalid_request",
       _claims_changed(sub="alice")),
    _h("sub-id-missing-member", "sub_id of format email without its email member", "SUBID-01",
       "invalid_request", _claims_changed(sub_id={"format": "email"})),
    _h("expired-iat", "iat 30 days in the past", "SET-07", "invalid_request",
       _claims_changed(iat=lambda f: int(f.clock()) - 30 * 86400)),
    _h("future-iat", "iat one day in the future", "SET-07", "invalid_request",
       _claims_changed(iat=lambda f: int(f.clock()) + 86400)),
    _h("malformed-jws", "not valid base64url compact serialization", "JOSE-03",
       "invalid_request", _malformed),
    _h("not-a-jwt", "a JSON object instead of a JWT", "PUSH-09", "invalid_request", _not_a_jwt),
    _h("replayed-jti", "a different SET reusing an already accepted jti", "SET-08",
       "invalid_request", _replayed_jti),
    _h("wrong-state", "verification SET with a state the receiver never asked for",
       "SSF-VERIFY-11", "invalid_state", _wrong_state, err_requirement="SSF-VERIFY-12"),
    # SSF §8.1.4.1 says to validate the claims but names no reaction for this one (the OIDF
    # suite warns): graded at SSF-VERIFY-12's SHOULD, no err code expected.
    _h("wrong-sub-id", "verification SET with the requested state but another stream's sub_id",
       "SSF-VERIFY-12", None, _wrong_sub_id),
    _h("wrong-content-type", "a valid SET sent as application/json", "PUSH-09",
       "invalid_request", _request_changed(content_type="application/json"),
       statuses=(400, 415), request_level=True),
    _h("oversized", "256 KiB of non-SET bytes", "PUSH-09", "invalid_request", _oversized,
       statuses=(400, 413), request_level=True),
    _h("missing-bearer", "a valid SET without the Authorization header", "PUSH-06",
       "authentication_failed", _request_changed(authorization=None), statuses=(401, 400),
       request_level=True),
    _h("wrong-bearer", "a valid SET with a wrong bearer token", "PUSH-06",
       "authentication_failed", _request_changed(authorization="Bearer not-the-right-token"),
       statuses=(401, 400), request_level=True),
])
