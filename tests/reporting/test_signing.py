"""The statement key (kept outside git, created once, private) and detached JWS."""
from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.reporting.signing import (
    STATEMENT_KEY_ENV, SignatureError, StatementKeyError, default_key_path, load_or_create_key,
    public_key_info, sign_detached, verify_detached,
)


def test_key_is_created_once_with_owner_only_permissions(tmp_path):
    path = tmp_path / "cfg" / "statement-key.json"
    first = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.alg == "ES256"
    assert load_or_create_key(path).kid == first.kid
    assert not list(path.parent.glob(".*.tmp"))  # no temporary file left behind


def test_concurrent_first_use_agrees_on_one_key(tmp_path):
    path = tmp_path / "statement-key.json"
    with ThreadPoolExecutor(max_workers=4) as pool:
        kids = set(pool.map(lambda _: load_or_create_key(path).kid, range(8)))
    assert len(kids) == 1


def test_env_var_chooses_the_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv(STATEMENT_KEY_ENV, str(tmp_path / "k.json"))
    assert default_key_path() == tmp_path / "k.json"
    monkeypatch.delenv(STATEMENT_KEY_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_key_path() == tmp_path / "xdg" / "ssf-conformance" / "statement-key.json"


def test_unusable_key_file_is_a_clear_error_that_echoes_nothing(tmp_path):
    path = tmp_path / "statement-key.json"
    path.write_text('{"jwk": {"kty": "EC", "d": "PRIVATE-MATERIAL-42"}, "alg": "ES256"}')
    with pytest.raises(StatementKeyError) as info:
        load_or_create_key(path)
    assert str(path) in str(info.value)
    assert "PRIVATE-MATERIAL-42" not in str(info.value)


def test_public_info_has_thumbprint_and_no_private_members(tmp_path):
    info = public_key_info(load_or_create_key(tmp_path / "k.json"))
    assert set(info) == {"kid", "alg", "jwk", "thumbprint_sha256"}
    assert not {"d", "p", "q"} & set(info["jwk"])
    assert len(info["thumbprint_sha256"]) == 43  # base64url SHA-256


def test_detached_signature_round_trip_and_tamper(tmp_path):
    key = load_or_create_key(tmp_path / "k.json")
    public = key.public_jwk()
    detached = sign_detached(b"payload bytes", key)
    assert verify_detached(b"payload bytes", detached, public) == {"alg": "ES256",
                                                                  "kid": key.kid}
    with pytest.raises(SignatureError):
        verify_detached(b"payload bytez", detached, public)


def test_kid_mismatch_is_refused(tmp_path):
    key = load_or_create_key(tmp_path / "k.json")
    public = dict(key.public_jwk(), kid="someone-else")
    with pytest.raises(SignatureError, match="kid"):
        verify_detached(b"x", sign_detached(b"x", key), public)


def test_uncreatable_key_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the key's folder should be")
    with pytest.raises(StatementKeyError, match="cannot create the statement key file"):
        load_or_create_key(blocker / "statement-key.json")
