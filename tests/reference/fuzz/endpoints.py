"""Every endpoint of the three reference servers as a request strategy: method, path (with real
or hostile ids), query string, headers (good, missing or hostile credentials and media types)
and a body (a legitimate template with one member made hostile, or worse)."""
from __future__ import annotations

import json
import time
import uuid

from hypothesis import strategies as st
from jwcrypto import jws
from jwcrypto.common import base64url_encode

from tests.reference.fuzz.rig import ADMIN, ALICE, CONTROL, ORG, ORG_TOKEN, PUSH_BEARER, SR, TOKEN
from tests.reference.fuzz.strategies import (
    HEADER_VALUES, Request, body_bytes, body_text, query, render,
)

PUSH, POLL = "urn:ietf:rfc:8935", "urn:ietf:rfc:8936"
JSON, SET_TYPE = "application/json", "application/secevent+jwt"
HOSTILE_SEGMENTS = ["%ED%A0%80", "%FF", "..", "%2e%2e", "x" * 300, "%00", "a%2Fb", "\u0663"
                    .encode().decode("ascii", "ignore") or "3", "urn:uuid:1", "-"]


def _segment(real: list[str]) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(real), st.sampled_from(real),
                     st.sampled_from(HOSTILE_SEGMENTS))


@st.composite
def _headers(draw, good: str | None, media: str | None) -> dict:
    """Mostly the right credentials and media type (so the request gets deep), else not."""
    headers: dict = {}
    auth = draw(st.sampled_from(["good"] * 7 + ["lower", "upper", "hostile", "none"]))
    if good and auth != "none":
        scheme = {"lower": "bearer", "upper": "BEARER"}.get(auth, "Bearer")
        headers[b"authorization"] = (draw(st.sampled_from(HEADER_VALUES)) if auth == "hostile"
                                     else f"{scheme} {good}".encode())
    kind = draw(st.sampled_from(["good"] * 6 + ["other", "none"]))
    if media and kind == "good":
        headers[b"content-type"] = media.encode()
    elif kind == "other" or not media:
        headers[b"content-type"] = draw(st.sampled_from(
            [b"text/plain", b"application/json; charset=utf-8", b"application/x+json",
             b"application/x-www-form-urlencoded", *HEADER_VALUES]))
    for name in draw(st.lists(st.sampled_from([b"accept-language", b"accept", b"x-fapi-auth-date",
                                               b"x-fapi-interaction-id", b"content-language",
                                               b"x-hostile"]), max_size=2)):
        headers[name] = draw(st.sampled_from(HEADER_VALUES + [b"de", b"en;q=0.5, de"]))
    return headers


def _request(method: str, path: st.SearchStrategy | str, *, good: str | None,
             media: str | None = None, templates: list | None = None,
             params: list[str] | None = None, raw=None) -> st.SearchStrategy:
    path_st = path if isinstance(path, st.SearchStrategy) else st.just(path)
    if raw is not None:
        body = raw
    elif templates is not None:
        body = st.one_of(body_bytes(templates), st.none())
    else:
        body = st.one_of(st.none(), st.none(), body_bytes([]))
    return st.builds(Request, st.just(method), path_st, query(params or []),
                     _headers(good, media), body)


def transmitter(rig) -> st.SearchStrategy:
    sids = [rig.push_stream, rig.poll_stream]
    push = {"method": PUSH, "endpoint_url": rig.rx_url + "/ssf/receiver/push",
            "authorization_header": f"Bearer {PUSH_BEARER}"}
    create = [{"events_requested": [SR], "delivery": push, "description": "d"},
              {"events_requested": [SR]}]
    update = [{"stream_id": rig.push_stream, "events_requested": [SR], "delivery": push,
               "description": "x"}, {"stream_id": rig.poll_stream, "description": "y"}]
    status = [{"stream_id": s, "status": st_, "reason": "r"} for s in sids
              for st_ in ("enabled", "paused")]
    subject = [{"stream_id": rig.push_stream, "subject": ALICE, "verified": True},
               {"stream_id": rig.push_stream, "subject": {
                   "format": "complex", "user": ALICE,
                   "session": {"format": "opaque", "id": "s1"}}}]
    verify = [{"stream_id": s, "state": "st"} for s in sids]
    poll = [{"maxEvents": 2, "returnImmediately": True, "ack": ["a"],
             "setErrs": {"b": {"err": "invalid_request", "description": "d"}}}]
    action = [{"subject": ALICE, "stream_id": rig.push_stream, "event": {"reason_admin":
                                                                           {"en": "x"}},
               "txn": "t", "event_timestamp": 1}, {"email": "bob@example.com"}]
    inject = [{"token": "a.b.c", "jti": "j", "control": False}]
    actions = st.sampled_from(["session-revoked", "credential-change", "account-disabled",
                               "verification", "nope", "%ED%A0%80"])
    form = st.sampled_from([b"grant_type=client_credentials&client_id=fz-rx&client_secret="
                            b"fz-secret", b"grant_type=client_credentials&scope=%FF", b"a=%ED%A0%80",
                            b"grant_type=client_credentials&grant_type=x", b"\xff", b"&&=",
                            b"client_id=fz-rx&client_secret=fz-secret&scope=ssf.read%20ssf.x"])
    return st.one_of(
        _request("GET", "/.well-known/ssf-configuration/ssf", good=None),
        _request("GET", "/.well-known/oauth-authorization-server/ssf", good=None),
        _request("GET", "/ssf/jwks", good=None),
        _request("POST", "/ssf/token", good=None, media="application/x-www-form-urlencoded",
                 raw=form),
        _request("POST", "/ssf/stream", good=TOKEN, media=JSON, templates=create),
        _request("GET", "/ssf/stream", good=TOKEN, params=["stream_id", "access_token"]),
        _request("PATCH", "/ssf/stream", good=TOKEN, media=JSON, templates=update),
        _request("PUT", "/ssf/stream", good=TOKEN, media=JSON, templates=update),
        _request("DELETE", "/ssf/stream", good=TOKEN, params=["x"]),
        _request("GET", "/ssf/status", good=TOKEN, params=["stream_id"]),
        _request("POST", "/ssf/status", good=TOKEN, media=JSON, templates=status),
        _request("POST", "/ssf/subjects/add", good=TOKEN, media=JSON, templates=subject),
        _request("POST", "/ssf/subjects/remove", good=TOKEN, media=JSON, templates=subject),
        _request("POST", "/ssf/verify", good=TOKEN, media=JSON, templates=verify),
        _request("POST", _segment(sids).map(lambda s: f"/ssf/poll/{s}"), good=TOKEN,
                 media=JSON, templates=poll),
        _request("POST", actions.map(lambda a: f"/ssf/actions/{a}"), good=ADMIN, media=JSON,
                 templates=action),
        _request("POST", _segment(sids).map(lambda s: f"/ssf/admin/streams/{s}/status"),
                 good=ADMIN, media=JSON, templates=status),
        _request("POST", _segment(sids).map(lambda s: f"/ssf/admin/streams/{s}/sets"),
                 good=ADMIN, media=JSON, templates=inject),
        _request("POST", _segment(sids).map(lambda s: f"/ssf/admin/streams/{s}/replay"),
                 good=ADMIN, media=JSON, templates=[{"jtis": ["j"], "states": ["failed"]}]),
        _request("GET", "/ssf/events", good=ADMIN, params=["limit", "stream_id"]),
        _request("GET", "/ssf/events/stream", good=ADMIN, params=["stream_id"]),
        _request("POST", "/ssf/decode", good=None, media=JSON, templates=[{"token": "a.b.c"}]),
        _request("POST", "/ssf/decode", good=None, media=JSON, raw=_token_body(rig)),
        _request("POST", _segment(sids).map(lambda s: f"/ssf/admin/streams/{s}/sets"),
                 good=ADMIN, media=JSON, raw=_token_body(rig)),
        _request("GET", "/ssf/receiver/events", good=CONTROL, params=["limit", "wait"]),
        _request("POST", "/ssf/receiver/push", good=PUSH_BEARER, media=SET_TYPE,
                 templates=[{"not": "a set"}]),
    )


def _set_token(rig, claims_text: str, header: dict, sign: bool) -> bytes:
    payload = claims_text.encode("utf-8", "surrogatepass")
    if not sign:
        return (base64url_encode(b'{"alg":"none","typ":"secevent+jwt"}') + "."
                + base64url_encode(payload) + ".").encode()
    signer = jws.JWS(payload)
    key = rig.signing_key
    signer.add_signature(key.key, alg=key.alg, protected=header | {"alg": key.alg,
                                                                   "kid": key.kid})
    return signer.serialize(compact=True).encode()


def _token_body(rig) -> st.SearchStrategy:
    """{"token": <unsigned SET whose claims are hostile JSON text>, "jti": ...}."""
    def body(claims: str) -> bytes:
        token = _set_token(rig, claims, {}, sign=False).decode()
        return json.dumps({"token": token, "jti": uuid.uuid4().hex}).encode()
    return body_text([_claims(rig)]).map(body)


def _claims(rig) -> dict:
    now = int(time.time())
    return {"iss": rig.tx_url + "/ssf", "aud": rig.rx_url, "iat": now,
            "jti": uuid.uuid4().hex, "sub_id": ALICE, "events": {SR: {"event_timestamp": now}}}


@st.composite
def _push(draw, rig) -> Request:
    templates = [_claims(rig), {**_claims(rig), "events": {
        "https://schemas.openid.net/secevent/ssf/event-type/verification": {"state": "s"}}}]
    good = st.sampled_from(templates).map(lambda c: render({**c, "jti": uuid.uuid4().hex}))
    claims = draw(st.one_of(good, body_text(templates)))
    header = draw(st.sampled_from([{"typ": "secevent+jwt"}] * 4 + [{"typ": "JWT"}, {}]))
    token = _set_token(rig, claims, header, sign=draw(st.integers(0, 4)) > 0)
    if draw(st.integers(0, 9)) == 0:
        token = draw(st.sampled_from([token[:-5], token + b".x", b"\xff." + token, b"a.b.c"]))
    return Request("POST", "/ssf/receiver/push", draw(query([])),
                   draw(_headers(PUSH_BEARER, SET_TYPE)), token)


def receiver(rig) -> st.SearchStrategy:
    users = [{"email": "eve@example.com", "sessions": [{"id": "s-eve", "device_id": "d"}],
              "credentials": [{"type": "password"}], "account_state": "enabled"},
             {"iss": "https://idp", "sub": "x", "phone_number": "+12065550111"}]
    rx = "/ssf/receiver"
    others = st.one_of(
        _request("POST", rx + "/stream", good=CONTROL, media=JSON, templates=[
            {"delivery": "push", "events_requested": [SR], "description": "d",
             "start_poller": False}, {"delivery": "poll", "start_poller": False}]),
        _request("GET", rx + "/stream", good=CONTROL),
        _request("PATCH", rx + "/stream", good=CONTROL, media=JSON,
                 templates=[{"events_requested": [SR], "description": "p"}]),
        _request("DELETE", rx + "/stream", good=CONTROL, params=["stream_id"]),
        _request("POST", rx + "/stream/verify", good=CONTROL, media=JSON,
                 templates=[{"state": "s"}, {}]),
        _request("GET", rx + "/stream/status", good=CONTROL, params=["stream_id"]),
        _request("POST", rx + "/stream/status", good=CONTROL, media=JSON,
                 templates=[{"status": "enabled", "reason": "r"}]),
        _request("POST", rx + "/stream/subjects/add", good=CONTROL, media=JSON,
                 templates=[{"subject": ALICE, "verified": True}]),
        _request("POST", rx + "/stream/subjects/remove", good=CONTROL, media=JSON,
                 templates=[{"subject": ALICE}]),
        _request("POST", rx + "/poll", good=CONTROL, media=JSON, templates=[
            {"endpoint_url": rig.tx_url + f"/ssf/poll/{rig.poll_stream}", "max_events": 2,
             "return_immediately": True}]),
        _request("GET", rx + "/poller", good=CONTROL),
        _request("POST", rx + "/poller", good=CONTROL, media=JSON, templates=[
            {"enabled": False, "endpoint_url": rig.tx_url + f"/ssf/poll/{rig.poll_stream}"}]),
        _request("GET", rx + "/idp/users", good=CONTROL),
        _request("POST", rx + "/idp/users", good=CONTROL, media=JSON, templates=users),
        _request("GET", rx + "/status", good=CONTROL),
        _request("GET", rx + "/events", good=CONTROL, params=[
            "limit", "wait", "jti", "accepted", "duplicate", "event_type", "event_uri", "order",
            "since", "min_count", "delivery", "err"]),
        _request("GET", rx + "/actions", good=CONTROL, params=["limit", "wait", "jti",
                                                                "user_id", "action"]),
        _request("GET", rx + "/verifications", good=CONTROL, params=["state", "wait"]),
        _request("GET", "/ssf/security-state", good=CONTROL),
        _request("GET", st.sampled_from(["alice@example.com", "%ED%A0%80", "%FF", "x" * 300])
                 .map(lambda e: f"/ssf/security-state/{e}"), good=CONTROL),
    )
    return st.one_of(_push(rig), others)  # half of it at the push endpoint


def directory(rig) -> st.SearchStrategy:
    org = f"/organisations/{ORG}"
    orgs = st.sampled_from([ORG, "other", "%ED%A0%80", "x" * 60, "a<b"])
    stmts = _segment([rig.statement])
    create = [{"ClientName": "c", "Description": "d", "RedirectUri": ["https://a.example/cb"],
               "Roles": [{"Status": "Active", "AuthorisationDomain": "SSF", "Role": "r"}],
               "Environment": "production", "Mode": "Test"}, {}]
    jwks = [{"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "kid": "k"}]}]
    return st.one_of(
        _request("POST", orgs.map(lambda o: f"/organisations/{o}/softwarestatements"),
                 good=ORG_TOKEN, media=JSON, templates=create),
        _request("POST", org + "/softwarestatements", good=ORG_TOKEN, media=JSON,
                 templates=create),
        _request("GET", stmts.map(lambda s: f"{org}/softwarestatements/{s}/assertion"),
                 good=ORG_TOKEN),
        _request("GET", "/.well-known/jwks.json", good=None),
        _request("GET", orgs.map(lambda o: f"/keystore/{o}/application.jwks"), good=None),
        _request("GET", stmts.map(lambda s: f"/keystore/{ORG}/{s}/application.jwks"),
                 good=None),
        _request("POST", orgs.map(lambda o: f"/admin/organisations/{o}/status"), good=ADMIN,
                 media=JSON, templates=[{"Status": "Active"}]),
        _request("PUT", org.join(["/admin", "/jwks"]), good=ADMIN, media=JSON, templates=jwks),
        _request("GET", stmts.map(lambda s: f"/admin{org}/softwarestatements/{s}"),
                 good=ADMIN),
        _request("POST", stmts.map(lambda s: f"/admin{org}/softwarestatements/{s}/status"),
                 good=ADMIN, media=JSON, templates=[{"Status": "Active"}]),
        _request("PUT", stmts.map(lambda s: f"/admin{org}/softwarestatements/{s}/jwks"),
                 good=ADMIN, media=JSON, templates=jwks),
        _request("POST", stmts.map(lambda s: f"/admin{org}/softwarestatements/{s}/mint"),
                 good=ADMIN),
    )
