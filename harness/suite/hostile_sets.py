"""The hostile-SET catalogue: one pure builder per defect, each breaking exactly one rule of the
valid twin it comes with (a SET of the probe's event type about the probe's subject, see
harness/suite/probes.py).

Only what to send lives here. How a conformant receiver answers (the requirement that demands
the refusal, the allowed statuses, the applicable err codes) is in the Examples tables of
features/receiver/hostile_push.feature, poll.feature and verification.feature, where a reader
sees the expected outcome next to the probe.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Callable

from jwcrypto import jwk, jws
from jwcrypto.common import JWSEHeaderParameter, base64url_encode, json_encode

from harness.ssf import legacy_sse
from harness.ssf.constants import SET_TYP
from harness.suite.forger import ForgedRequest, SetForger

_CRIT_EXTENSION = "x-ssf-conformance-unknown"
Builder = Callable[[SetForger, dict], ForgedRequest]


def _base(f: SetForger, ctx: dict) -> dict:
    """A valid SET of the probe (about ctx["subject"] when the scenario names one), fresh jti:
    each class breaks exactly one thing of it."""
    return f.probe_claims(ctx["probe"], ctx.get("subject"))


def _probe_twin(f: SetForger, ctx: dict) -> ForgedRequest:
    return f.request("valid", f.probe_claims(ctx["probe"]))


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


def _claims_changed(**changes) -> Builder:
    def build(f, ctx):
        claims = _base(f, ctx)
        claims.update({k: (v(f, ctx) if callable(v) else v) for k, v in changes.items()})
        return f.request("", claims)
    return build


def _header_changed(header: dict) -> Builder:
    return lambda f, ctx: f.request("", _base(f, ctx), header)


def _two_events(f, ctx):
    """The probe's event plus a second, different event type the receiver accepts on its own."""
    claims, probe = _base(f, ctx), ctx["probe"]
    claims["events"][probe.second_event] = dict(probe.second_payload)
    return f.request("", claims)


def _crit_header(f, ctx):
    claims, key = legacy_sse.shaped(f.shape, _base(f, ctx)), f.signing_key()
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


def _request_changed(**changes) -> Builder:
    def build(f, ctx):
        return replace(f.request("", _base(f, ctx)), **changes)
    return build


def _oversized(f, ctx):
    # Not a SET at all and far beyond any sane limit: refusing it is right whatever the limit.
    return ForgedRequest("", b"A" * (256 * 1024), "oversized-" + secrets.token_hex(6))


def _replayed_jti(f, ctx):
    """Another SET (new txn, same event type and subject) reusing the twin's jti."""
    claims = _base(f, ctx)
    claims["jti"] = ctx["replay_jti"]
    return f.request("", claims)


def _member_stripped(f, ctx):
    """sub_id keeps only its format: every member the format requires is gone."""
    fmt = (ctx.get("subject") or ctx["probe"].subject)["format"]
    return _claims_changed(sub_id={"format": fmt})(f, ctx)


def _wrong_state(f, ctx):
    return f.verification(ctx["stream_id"], "never-requested-" + secrets.token_hex(8))


def _unsolicited_verification(f, ctx):
    return f.verification(ctx["stream_id"], None)


def _wrong_sub_id(f, ctx):
    # The state the receiver did ask for, but about a stream that is not its own.
    return f.verification("not-" + ctx["stream_id"], ctx.get("state"))


@dataclass(frozen=True)
class HostileClass:
    name: str
    description: str
    build: Builder
    # The valid twin; None: the verification SET the persona sent when the receiver asked.
    twin: Callable[[SetForger, dict], ForgedRequest | None] = _probe_twin
    request_level: bool = False    # a defect of the HTTP request, not the SET: push only


def _h(name: str, description: str, build: Builder, **kw) -> tuple[str, HostileClass]:
    return name, HostileClass(name, description, build, **kw)


def _days(n: int):
    return lambda f, ctx: int(f.clock()) + n * 86400


HOSTILE: dict[str, HostileClass] = dict([
    _h("bad-signature", "signed with a key the transmitter never published, under its kid",
       _bad_signature),
    _h("unknown-kid", "signed with a key whose kid is not in the transmitter JWKS", _unknown_kid),
    _h("alg-none", "unsigned (alg none)", _alg_none),
    _h("hs256-public-key", "HS256, HMAC keyed with the transmitter's public key",
       _hs256_public_key),
    _h("wrong-iss", "iss names another issuer", _claims_changed(iss="https://evil.example/ssf")),
    _h("wrong-aud", "aud names another receiver",
       _claims_changed(aud="https://someone-else.example/receiver")),
    _h("missing-typ", "no typ header", _header_changed({"typ": None})),
    _h("wrong-typ", "typ JWT instead of secevent+jwt", _header_changed({"typ": "JWT"})),
    _h("crit-header", "crit names an extension nobody understands", _crit_header),
    _h("two-events", "two independent events in one SET", _two_events),
    _h("sub-claim", "carries the JWT sub claim", _claims_changed(sub="alice")),
    _h("sub-id-missing-member", "sub_id without the members its format requires",
       _member_stripped),
    _h("expired-iat", "iat 30 days in the past", _claims_changed(iat=_days(-30))),
    _h("future-iat", "iat one day in the future", _claims_changed(iat=_days(1))),
    _h("malformed-jws", "not valid base64url compact serialization", _malformed),
    _h("not-a-jwt", "a JSON object instead of a JWT", _not_a_jwt),
    _h("replayed-jti", "a different SET reusing the jti of its accepted twin", _replayed_jti),
    _h("wrong-state", "verification SET with a state the receiver never asked for",
       _wrong_state, twin=_unsolicited_verification),
    _h("wrong-sub-id", "verification SET with the requested state but another stream's sub_id",
       _wrong_sub_id, twin=lambda f, ctx: None),
    _h("wrong-content-type", "a valid SET sent as application/json",
       _request_changed(content_type="application/json"), request_level=True),
    _h("oversized", "256 KiB of non-SET bytes", _oversized, request_level=True),
    _h("missing-bearer", "a valid SET without the Authorization header",
       _request_changed(authorization=None), request_level=True),
    _h("wrong-bearer", "a valid SET with a wrong bearer token",
       _request_changed(authorization="Bearer not-the-right-token"), request_level=True),
])
