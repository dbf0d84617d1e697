"""Redaction rules (pure functions, shared by the addon and the rest of the suite)."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from harness.proxy import redact
from harness.proxy.redact import (fingerprint, marker, redact_body, redact_form,
                                  redact_header_value, redact_headers, redact_json,
                                  redact_json_text, redact_text, redact_url)


def test_authorization_keeps_the_scheme_and_a_comparable_fingerprint():
    first = redact_header_value("Authorization", "Bearer abc.def")
    assert first == f"Bearer [REDACTED fp:{fingerprint('abc.def')}]"
    assert redact_header_value("authorization", "Bearer abc.def") == first
    assert redact_header_value("Authorization", "Bearer other") != first
    assert redact_header_value("Proxy-Authorization", "Basic dXNlcjpwdw==").startswith("Basic [")


def test_empty_credentials_are_kept_as_evidence():
    assert redact_header_value("Authorization", "") == ""
    assert redact_header_value("Authorization", "Bearer ") == "Bearer "  # scheme, no credential


def test_unknown_scheme_or_bare_credential_is_redacted_whole():
    assert redact_header_value("Authorization", "s3cr3t") == marker("s3cr3t")
    assert redact_header_value("Authorization", "sk_live abc") == marker("sk_live abc")


@pytest.mark.parametrize("name", ["Cookie", "Set-Cookie", "X-Api-Key"])
def test_cookies_and_api_keys_are_redacted(name):
    assert redact_header_value(name, "sid=abc") == marker("sid=abc")


@pytest.mark.parametrize("name", ["X-Kolide-Poll-Bearer-Token", "X-Auth-Secret", "X-Csrf-Token"])
def test_a_header_named_as_a_credential_is_redacted(name):
    # A vendor's own credential header (Kolide's one-time poll token) is known by its name only.
    assert redact_header_value(name, "4f2a9c") == marker("4f2a9c")


def test_headers_keep_their_shape_and_other_values():
    pairs = [("Content-Type", "application/json"), ("Authorization", "Bearer t")]
    assert redact_headers(pairs)[0] == ("Content-Type", "application/json")
    assert isinstance(redact_headers(dict(pairs)), dict)
    assert redact_headers(dict(pairs))["Authorization"] == f"Bearer {marker('t')}"


def test_fingerprint_depends_on_the_key():
    assert fingerprint("pw", key=b"k1") != fingerprint("pw", key=b"k2")
    assert len(fingerprint("pw")) == 8
    assert bytes.fromhex(redact.fingerprint_key_hex())


def test_json_members_are_redacted_at_any_depth():
    doc = {"a": [{"clientSecret": "x1", "b": {"refresh_token": "x2", "ok": "visible"}}],
           "delivery": {"authorization_header": "Bearer x3"}, "bearer_token": "x4",
           "password": 1234, "token": None, "secret": ""}
    out = redact_json(doc)
    text = json.dumps(out)
    assert not any(s in text for s in ("x1", "x2", "x3", "x4", "1234"))
    assert out["a"][0]["b"]["ok"] == "visible"
    assert out["delivery"]["authorization_header"].startswith("Bearer [REDACTED fp:")
    assert out["password"] == "[REDACTED]"
    assert out["token"] is None and out["secret"] == ""  # nothing to hide, kept as evidence
    assert doc["bearer_token"] == "x4"  # input untouched


def test_private_jwk_members_are_redacted_public_ones_kept():
    jwk = {"kty": "EC", "crv": "P-256", "x": "pubx", "y": "puby", "d": "PRIVATE"}
    out = redact_json({"keys": [jwk]})["keys"][0]
    assert out["x"] == "pubx" and out["d"] != "PRIVATE"
    assert redact_json({"d": "not-a-jwk"}) == {"d": "not-a-jwk"}


def test_poll_sets_and_set_errors_keyed_by_jti_are_not_mistaken_for_secrets():
    doc = {"sets": {"reset-token": "eyJ.a.b"}, "setErrs": {"my-token": {"err": "jwtAud"}}}
    assert redact_json(doc) == doc


def test_json_text_untouched_keeps_exact_bytes_and_malformed_json_is_still_redacted():
    text = '{ "a" :  1 }'
    assert redact_json_text(text) == (text, False)
    out, changed = redact_json_text('{"client_secret": "cs1", "a": ')
    assert changed and "cs1" not in out and out.endswith('"a": ')


def test_form_redaction_leaves_other_bytes_alone():
    form = "grant_type=client_credentials&client_secret=a%2Bb&code=xyz&scope=a+b"
    out, changed = redact_form(form)
    assert changed
    assert out.startswith("grant_type=client_credentials&client_secret=[REDACTED%20fp:")
    assert "xyz" not in out and "a%2Bb" not in out and out.endswith("&scope=a+b")


def test_url_query_secrets():
    url = "https://h/p?access_token=A1&x=1&token=T1&client_secret=C1#frag"
    out = redact_url(url)
    assert not any(s in out for s in ("A1", "T1", "C1"))
    assert "&x=1&" in out and out.endswith("#frag")
    assert redact_url("https://h/p") == "https://h/p"


def test_body_by_content_type():
    set_token = "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiIxIn0.c2ln"
    assert redact_body(set_token, "application/secevent+jwt") == (set_token, False)
    assert redact_body('{"token":"t"}', "application/json; charset=utf-8")[1]
    assert redact_body("password=p", "application/x-www-form-urlencoded")[1]
    assert redact_body('<p>"password": "p"</p>', "text/html")[0] == \
        f'<p>"password": "{marker("p")}"</p>'


def test_redact_text_strips_known_secrets_in_every_encoding():
    secret = 'pa ss/"word"'
    text = f"raw {secret} url {quote(secret, safe='')} json {json.dumps(secret)}"
    out = redact_text(text, [secret, ""])
    assert "pa ss" not in out and "pa%20ss" not in out
    assert out.count(marker(secret)) == 3


def test_redact_text_replaces_the_longest_secret_first():
    out = redact_text("abcdef", ["abc", "abcdef"])
    assert out == marker("abcdef")
