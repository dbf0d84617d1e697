"""The conformance statement: content per level, signature, and failure on any edit."""
from __future__ import annotations

import json

import pytest

from harness.jose import SigningKey
from harness.reporting.statement_files import verify_statement, write_statement
from tests.reporting.samples import write_sample_reports


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate("ES256")


@pytest.fixture
def written(tmp_path, key):
    results = write_sample_reports(tmp_path)
    return write_statement(tmp_path, results, key, "2026-11-22T06:00:00+00:00")


def test_statement_summarises_target_profile_roles_and_levels(written):
    statement = json.loads(written.json.read_text())
    assert statement["target"]["name"] == "acme-tx"
    assert statement["profile"] == "caep_interop"
    assert statement["roles"] == ["transmitter"]
    assert statement["outcome"] == "failed"
    assert statement["scenarios"]["failed"] == 1
    must, should = statement["requirements"]["MUST"], statement["requirements"]["SHOULD"]
    assert "SSF-DISC-01" in must["passed"] and "SSF-DISC-04" in must["failed"]
    assert "SSF-DISC-14" in should["warning"]
    assert statement["requirement_counts"]["MUST"]["untested"] == len(must["untested"]) > 0
    assert set(statement["requirement_counts"]) == {"MUST", "SHOULD", "MAY", "INFO"}


def test_statement_binds_markdown_results_and_junit_and_carries_the_public_key(written, key):
    statement = json.loads(written.json.read_text())
    assert set(statement["artifacts"]) == {"conformance-statement.md", "results.json",
                                           "junit.xml"}
    assert statement["signing_key"]["jwk"] == key.public_jwk()
    assert "d" not in statement["signing_key"]["jwk"]  # never the private part
    jwks = json.loads(written.jwks.read_text())
    assert jwks == {"keys": [key.public_jwk()]}


def test_markdown_is_rendered_from_the_same_data(written):
    text = written.markdown.read_text()
    assert "# SSF conformance statement: acme-tx" in text
    assert "| MUST | 1 | 1 | 0 |" in text
    assert "`SSF-DISC-04`" in text and written.thumbprint in text


def test_untouched_statement_verifies(written):
    result = verify_statement(written.json)
    assert result.ok, result.problems
    assert set(result.checked) >= {"conformance-statement.md", "results.json", "junit.xml"}
    assert not result.pinned


def test_signature_is_detached(written):
    header, payload, signature = written.signature.read_text().strip().split(".")
    assert payload == "" and header and signature


@pytest.mark.parametrize("edit", [
    lambda t: t.replace('"outcome": "failed"', '"outcome": "passed"'),
    lambda t: t.replace("\n", "\n ", 1),       # whitespace only
    lambda t: t + " ",
])
def test_any_edit_of_the_json_fails(written, edit):
    written.json.write_text(edit(written.json.read_text()))
    result = verify_statement(written.json)
    assert not result.ok
    assert "changed after signing" in result.problems[0]


@pytest.mark.parametrize("name", ["conformance-statement.md", "results.json", "junit.xml"])
def test_editing_a_bound_artifact_fails(written, name):
    path = written.json.with_name(name)
    path.write_text(path.read_text().replace("1", "2", 1))
    result = verify_statement(written.json)
    assert not result.ok
    assert any(name in p for p in result.problems)


def test_missing_artifact_is_reported_not_failed(written):
    written.json.with_name("junit.xml").unlink()
    result = verify_statement(written.json)
    assert result.ok and result.unchecked == ["junit.xml"]


def test_resigning_with_another_key_is_caught_only_by_pinning(written, key, tmp_path):
    # An editor swaps in their own key and re-signs: self-consistent, so only a pin catches it.
    forged = write_statement(tmp_path, json.loads((tmp_path / "results.json").read_text()),
                             SigningKey.generate("ES256"), "2026-11-22T06:00:00+00:00")
    assert verify_statement(forged.json).ok
    pinned = verify_statement(forged.json, expect_thumbprint=written.thumbprint)
    assert not pinned.ok and "thumbprint" in pinned.problems[0]
    trusted = verify_statement(forged.json, trusted_keys=[key.public_jwk()])
    assert not trusted.ok and "not one of the trusted keys" in trusted.problems[0]


def test_pinned_key_verifies(written, key):
    assert verify_statement(written.json, expect_thumbprint=written.thumbprint).pinned
    result = verify_statement(written.json, trusted_keys=[key.public_jwk()])
    assert result.ok and result.pinned


def test_signature_of_another_statement_fails(written, key, tmp_path):
    other = tmp_path / "other"
    write_sample_reports(other)
    results = json.loads((other / "results.json").read_text())
    results["summary"]["passed"] += 1
    second = write_statement(other, results, key, "2026-11-22T06:00:00+00:00")
    result = verify_statement(written.json, signature_path=second.signature)
    assert not result.ok


@pytest.mark.parametrize("garbage", ["", "not-a-jws", "a.b.c", "eyJhbGciOiJub25lIn0..x"])
def test_garbage_signature_fails_cleanly(written, garbage):
    written.signature.write_text(garbage)
    result = verify_statement(written.json)
    assert not result.ok and result.problems


def test_statement_that_is_no_longer_json_fails(written):
    written.json.write_text("{ truncated")
    result = verify_statement(written.json)
    assert not result.ok and "not a JSON object" in result.problems[0]


def test_missing_signature_file_raises_file_not_found(written):
    written.signature.unlink()
    with pytest.raises(FileNotFoundError):
        verify_statement(written.json)
