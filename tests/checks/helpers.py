from harness.checks.base import Response
from harness.jose import KeyRing, decode_set, sign_set

RING = KeyRing.generate("RS256")
ISSUER = "https://tx.example/ssf"
SR = "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
CC = "https://schemas.openid.net/secevent/caep/event-type/credential-change"
VERIF = "https://schemas.openid.net/secevent/ssf/event-type/verification"


def resp(status=200, body="", ctype="application/json", headers=None, **kw) -> Response:
    import json
    text = body if isinstance(body, str) else json.dumps(body)
    hdrs = {"content-type": ctype} if ctype else {}
    hdrs.update({k.lower(): v for k, v in (headers or {}).items()})
    return Response(status=status, headers=hdrs, text=text, evidence=("ex-1",), **kw)


def claims(**over):
    base = {"iss": ISSUER, "aud": "https://rx.example", "iat": 1_700_000_000, "jti": "j-1",
            "sub_id": {"format": "email", "email": "a@example.com"},
            "events": {SR: {"event_timestamp": 1_700_000_000,
                            "reason_admin": {"en": "policy"}}}}
    for k, v in over.items():
        if v is None:
            base.pop(k, None)
        else:
            base[k] = v
    return base


def set_(header=None, **over):
    return decode_set(sign_set(claims(**over), RING.current, header=header))
