"""Redaction of credentials in recorded HTTP exchanges, logs and reports.

Standard library only: the mitmproxy addon (which runs in `.venv-mitm`, where `harness` is not
installed) loads this file by path, so the proxy and the rest of the suite share one rule set.

What counts as secret: bearer credentials, client secrets, passwords, cookies, assertions and
private key material. Rules match on *names* (header names, JSON member names, form and query
keys), never on the shape of a value: signed SETs in push bodies and in a poll's `sets` object
are public evidence and must survive untouched.

Redacted values keep a short keyed fingerprint, e.g. `Bearer [REDACTED fp:ab12cd34]`, so evidence
can still show whether two requests carried the same credential without revealing it. The key is
per run (env `SSF_REDACT_FP_KEY`, hex, else random per process), so a weak password cannot be
recovered from its fingerprint by a dictionary attack on a plain hash.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets as _secrets
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus, unquote_plus

REDACTED = "[REDACTED]"
FP_KEY_ENV = "SSF_REDACT_FP_KEY"

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie",
                            "x-api-key"})
# Member names compared after lower-casing and dropping "_" and "-" (client_secret == clientSecret).
_SECRET_NAMES = frozenset({"accesstoken", "refreshtoken", "idtoken", "clientsecret", "password",
                           "authorizationheader", "authorization", "proxyauthorization",
                           "secret", "token", "apikey", "privatekey", "cookie", "setcookie",
                           "clientassertion", "assertion", "codeverifier"})
_SECRET_SUFFIXES = ("token", "secret", "password")
# Extra names that are secret only in form bodies (OAuth token requests).
_FORM_ONLY_NAMES = frozenset({"code"})
# Private members of a JWK (RFC 7518 §6): redacted in any object that has a "kty".
_JWK_PRIVATE = frozenset({"d", "p", "q", "dp", "dq", "qi", "k", "oth"})
# Authorization schemes kept in clear; anything else is treated as part of the credential.
_KNOWN_SCHEMES = frozenset({"bearer", "basic", "digest", "dpop", "negotiate", "token", "apikey",
                            "mac", "hoba", "mutual", "ntlm", "aws4-hmac-sha256", "sharedkey"})
_AUTH_STYLE_NAMES = frozenset({"authorization", "proxyauthorization", "authorizationheader"})
_JTI_KEYED = frozenset({"sets", "seterrs"})


def _default_key() -> bytes:
    configured = os.environ.get(FP_KEY_ENV, "")
    try:
        return bytes.fromhex(configured) if configured else _secrets.token_bytes(32)
    except ValueError:
        return _secrets.token_bytes(32)


_FP_KEY = _default_key()


def fingerprint_key_hex() -> str:
    """The process's fingerprint key, for handing to child processes (the proxy) via env."""
    return _FP_KEY.hex()


def fingerprint(value: str | bytes, key: bytes | None = None) -> str:
    data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    return hmac.new(key or _FP_KEY, data, hashlib.sha256).hexdigest()[:8]


def marker(value: str) -> str:
    return f"[REDACTED fp:{fingerprint(value)}]"


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def is_secret_name(name: str) -> bool:
    n = _norm(name)
    return n in _SECRET_NAMES or n.endswith(_SECRET_SUFFIXES)


def redact_credential(value: str) -> str:
    """`Bearer abc` -> `Bearer [REDACTED fp:..]`; unknown or missing scheme -> all redacted."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() in _KNOWN_SCHEMES:
        # A scheme with no credential ("Bearer ") hides nothing and is evidence of a bug.
        return f"{scheme} {marker(rest.strip())}" if rest.strip() else value
    return marker(value)


def redact_header_value(name: str, value: str) -> str:
    n = name.lower()
    # A vendor's own credential header (X-Kolide-Poll-Bearer-Token, X-Auth-Secret) by its name.
    if (n not in SECRET_HEADERS and not is_secret_name(n)) or not value.strip():
        return value  # an empty credential hides nothing, and is itself evidence
    return redact_credential(value) if n.endswith("authorization") else marker(value)


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]):
    """Same shape back: a dict for a mapping, a list of (name, value) pairs otherwise."""
    if isinstance(headers, Mapping):
        return {k: redact_header_value(k, v) for k, v in headers.items()}
    return [(k, redact_header_value(k, v)) for k, v in headers]


def _redact_value(name: str, value):
    if value is None or value == "":
        return value  # nothing to hide, and "empty credential sent" is itself evidence
    if isinstance(value, str):
        return redact_credential(value) if _norm(name) in _AUTH_STYLE_NAMES else marker(value)
    return REDACTED


def redact_json(obj):
    """A redacted deep copy of a JSON-like value (dicts, lists, scalars)."""
    if isinstance(obj, list):
        return [redact_json(item) for item in obj]
    if not isinstance(obj, dict):
        return obj
    is_jwk = "kty" in obj
    out = {}
    for key, value in obj.items():
        if is_secret_name(str(key)) or (is_jwk and key in _JWK_PRIVATE):
            out[key] = _redact_value(str(key), value)
        elif _norm(str(key)) in _JTI_KEYED and isinstance(value, dict):
            # RFC 8936 poll `sets` / `setErrs`: keys are jti values, not member names, so a jti
            # like "reset-token" must not be mistaken for a secret. SETs themselves are public.
            out[key] = {jti: redact_json(v) if _norm(str(key)) == "seterrs" else v
                        for jti, v in value.items()}
        else:
            out[key] = redact_json(value)
    return out


# "name": "value" pairs, for bodies that claim to be JSON but do not parse.
_JSON_PAIR = re.compile(r'"(?P<key>[^"\\]{1,100})"(?P<sep>\s*:\s*)"(?P<val>(?:[^"\\]|\\.)*)"')


def _redact_json_pairs(text: str) -> str:
    def replace(m: re.Match) -> str:
        if not is_secret_name(m["key"]):
            return m[0]
        return f'"{m["key"]}"{m["sep"]}"{_redact_value(m["key"], m["val"])}"'
    return _JSON_PAIR.sub(replace, text)


def redact_json_text(text: str) -> tuple[str, bool]:
    """(text, changed). Untouched bodies keep their exact bytes; redacted ones are re-serialised."""
    try:
        parsed = json.loads(text)
    except ValueError:
        out = _redact_json_pairs(text)
        return out, out != text
    redacted = redact_json(parsed)
    if redacted == parsed:
        return text, False
    return json.dumps(redacted, ensure_ascii=False, separators=(",", ":")), True


def _redact_pairs(raw: str, secret) -> str:
    """Redact values in an `a=1&b=2` string, leaving every other byte as it was."""
    parts = []
    for pair in raw.split("&"):
        name, sep, value = pair.partition("=")
        if sep and value and secret(unquote_plus(name)):
            value = quote(marker(unquote_plus(value)), safe="[]:")
        parts.append(f"{name}{sep}{value}")
    return "&".join(parts)


def _form_secret(name: str) -> bool:
    return is_secret_name(name) or _norm(name) in _FORM_ONLY_NAMES


def redact_form(text: str) -> tuple[str, bool]:
    out = _redact_pairs(text, _form_secret)
    return out, out != text


def redact_url(url: str) -> str:
    """Redact secret query parameters (access_token, token, client_secret, ...)."""
    base, sep, query = url.partition("?")
    if not sep:
        return url
    query, hash_sep, fragment = query.partition("#")
    return f"{base}?{_redact_pairs(query, is_secret_name)}{hash_sep}{fragment}"


def redact_body(text: str, content_type: str | None) -> tuple[str, bool]:
    """Redact a text body by its content type; (text, changed)."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype == "application/x-www-form-urlencoded":
        return redact_form(text)
    if ctype.endswith("json") or text.lstrip()[:1] in ("{", "["):
        return redact_json_text(text)
    # Anything else (plain text, HTML error pages, compact SETs): only explicit "k": "v" pairs.
    out = _redact_json_pairs(text)
    return out, out != text


def redact_text(text: str, known_secrets: Iterable[str]) -> str:
    """Strip secrets known by value (profile secrets, configured bearer tokens) from any text,
    including their URL-encoded and JSON-escaped forms. Longest first, so a secret that contains
    another is replaced whole."""
    for secret in sorted({s for s in known_secrets if s}, key=len, reverse=True):
        replacement = marker(secret)
        for variant in {secret, quote(secret, safe=""), quote_plus(secret),
                        json.dumps(secret)[1:-1]}:
            text = text.replace(variant, replacement)
    return text
