"""The fault-injecting transmitter persona: builds valid SETs and hostile ones (forged, tampered,
malformed) from the suite transmitter's real issuer and live signing key.

Pure: nothing here does I/O. A `ForgedRequest` is what to send (body, Content-Type, which
Authorization to use). The hostile classes are in harness/suite/hostile_sets.py; how a
conformant receiver answers each is written in the feature files' Examples tables, never here.
Every hostile SET is built from a probe (harness/suite/probes.py) and comes with its valid twin:
the same SET without the defect.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from harness.jose import SigningKey, sign_set
from harness.ssf import legacy_sse
from harness.ssf.constants import SET_MEDIA_TYPE, SET_TYP
from harness.ssf.events import (
    STREAM_UPDATED, VERIFICATION, EventType, event_by_action, event_by_uri,
)

USE_PUSH_AUTH = "use-push-authorization"   # the Authorization the RUT expects (the default)
# RFC 8935 §2.1: a transmitter MAY say in which languages it wants error descriptions. The suite
# asks for German first, then English, so a receiver answering in either is right (PUSH-11).
ACCEPT_LANGUAGE = "de, en;q=0.5"
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
_TIMESTAMPED_RISC = ("credential-compromise",)


@dataclass(frozen=True)
class ForgedRequest:
    """One push the suite makes (or one SET it queues for a polling receiver)."""
    kind: str                          # "valid" or a hostile class name
    body: bytes
    jti: str | None                    # the jti the SET carries (a poll key; observation key)
    content_type: str = SET_MEDIA_TYPE
    authorization: str | None = USE_PUSH_AUTH  # None: no header; other str: sent as is
    accept_language: str | None = ACCEPT_LANGUAGE

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
    # The receiver's SET shape (harness.ssf.legacy_sse.SHAPES), applied to every SET built,
    # valid or hostile, just before signing: the same shape the persona's own SETs have.
    shape: str = "ssf"
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
        return sign_set(legacy_sse.shaped(self.shape, claims), key or self.signing_key(), header)

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

    # -- differential probes: a valid twin and its hostile variants --------------------------
    def probe_claims(self, probe, subject: dict | None = None) -> dict:
        """A valid SET of the probe's event type (harness/suite/probes.py) about its subject
        (or `subject`), with a fresh jti: the base each hostile class breaks one thing of."""
        payload = {} if probe.event == VERIFICATION.uri else None
        return self.claims(probe.event, payload, subject or probe.subject)

    def alternative_form(self, form: str, probe) -> ForgedRequest:
        """A valid SET of the probe written in a form the specs allow but our own SETs do not
        use: the receiver must read it as it reads the usual form."""
        claims = self.probe_claims(probe)
        if form == "aud-array":     # RFC 7519 §4.1.3: aud is a string or an array of strings
            return self.request("valid", {**claims, "aud": [self.audience]
                                          if isinstance(self.audience, str) else self.audience})
        typ = {"typ-with-prefix": "application/" + SET_TYP,  # RFC 7515 §4.1.9
               "typ-upper-case": SET_TYP.upper()}[form]     # media types are case-insensitive
        return self.request("valid", claims, {"typ": typ})

    def twin(self, name: str, probe=None, **context) -> ForgedRequest | None:
        """The valid twin of hostile class `name`: the same SET without its defect (None: the
        twin is the verification SET the persona itself sent on the receiver's request)."""
        from harness.suite.hostile_sets import HOSTILE
        twin = HOSTILE[name].twin(self, {**context, "probe": probe or self.default_probe()})
        return None if twin is None else replace(twin, kind="valid")

    def default_probe(self):
        from harness.suite.probes import Probe
        return Probe(event_by_action("session-revoked").uri, self.subject,
                     event_by_action("credential-change").uri)

    def hostile(self, name: str, probe=None, **context) -> ForgedRequest:
        """A hostile request of class `name` (harness/suite/hostile_sets.py) built from `probe`
        (default: session-revoked about the forger's subject); `context` feeds the classes that
        need it: `stream_id` and `state` (wrong-state, wrong-sub-id), `replay_jti`
        (replayed-jti), `subject` (the SET-level classes' subject instead of the probe's)."""
        from harness.suite.hostile_sets import HOSTILE
        if name not in HOSTILE:
            raise KeyError(f"unknown hostile class {name!r}; known: {sorted(HOSTILE)}")
        context = {**context, "probe": probe or self.default_probe()}
        return replace(HOSTILE[name].build(self, context), kind=name)
