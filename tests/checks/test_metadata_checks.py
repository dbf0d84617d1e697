"""Metadata checks: the issuer comparison when a profile gives only metadata_url, and the
checks graded per call (SSF 1.0 level in default runs, interop level in caep_interop runs)."""
import pytest

from harness.checks import metadata as m
from harness.profiles import load_profile

ISSUER = "https://tx.example/ssf"


def _metadata_url_only_profile(tmp_path, url):
    path = tmp_path / "profile.yaml"
    path.write_text(f"name: url-only\ntransmitter:\n  metadata_url: {url}\n"
                    "  auth: {type: bearer, token_env: TUT_TOKEN}\n"
                    "  capabilities: {delivery_methods: [push]}\n")
    return load_profile(path, env={"TUT_TOKEN": "tut-token-value-0001"}).transmitter


def test_a_profile_with_metadata_url_only_does_not_fail_on_an_empty_configured_issuer(tmp_path):
    # The TX-DISC-02 false failure: "expected '' actual 'https://tx.example/ssf'".
    tx = _metadata_url_only_profile(tmp_path, "https://tx.example/.well-known/ssf-configuration/ssf")
    assert tx.issuer is None
    verdict = m.check_issuer_matches_configured({"issuer": ISSUER}, tx.issuer or "",
                                                tx.discovery_url())
    assert verdict.passed, verdict


def test_the_issuer_is_derived_from_a_well_known_metadata_url_and_compared(tmp_path):
    tx = _metadata_url_only_profile(tmp_path, "https://tx.example/.well-known/ssf-configuration/ssf")
    verdict = m.check_issuer_matches_configured({"issuer": "https://tx.example/other"}, None,
                                                tx.discovery_url())
    assert not verdict.passed
    assert (verdict.expected, verdict.actual) == (ISSUER, "https://tx.example/other")


@pytest.mark.parametrize("url, issuer", [
    ("https://tx.example/.well-known/ssf-configuration", "https://tx.example"),
    ("https://tx.example/.well-known/ssf-configuration", "https://tx.example/"),
    ("https://tx.example/.well-known/ssf-configuration/a/b", "https://tx.example/a/b/"),
    ("https://tx.example/.well-known/risc-configuration", "https://tx.example"),
])
def test_every_issuer_that_builds_the_well_known_url_passes(url, issuer):
    assert m.check_issuer_matches_configured({"issuer": issuer}, None, url).passed


def test_a_metadata_url_elsewhere_says_nothing_about_the_issuer(tmp_path):
    tx = _metadata_url_only_profile(tmp_path, "https://tx.example/custom/ssf-configuration")
    verdict = m.check_issuer_matches_configured({"issuer": "https://anything.example"}, None,
                                                tx.discovery_url())
    assert verdict.passed and "nothing to compare" in verdict.message


def test_a_configured_issuer_is_compared_by_string_equality():
    assert m.check_issuer_matches_configured({"issuer": ISSUER}, ISSUER).passed
    assert not m.check_issuer_matches_configured({"issuer": ISSUER + "/"}, ISSUER).passed


@pytest.mark.parametrize("version, passed", [
    ("1_0", True), ("1_1", True), ("2_0-ID1", True),
    ("1_0-ID2", False), ("1_0-ID1", False), ("1.0", False), (None, False),
])
def test_spec_version_is_1_0_or_later(version, passed):
    metadata = {} if version is None else {"spec_version": version}
    assert m.check_spec_version(metadata, requirement="INTEROP-TX-01").passed is passed


@pytest.mark.parametrize("check, requirements", [
    (m.check_spec_version, ("SSF-DISC-08", "INTEROP-TX-01")),
    (m.check_delivery_methods_supported, ("SSF-DISC-10", "INTEROP-TX-02")),
    (m.check_jwks_uri_present, ("SSF-DISC-09", "INTEROP-TX-03")),
])
def test_shared_metadata_checks_name_only_the_requirement_of_the_call(check, requirements):
    for requirement in requirements:
        assert check({}, requirement=requirement).requirements == (requirement,)
    with pytest.raises(ValueError):
        check({})


def test_interop_endpoints_verdict_names_only_the_missing_endpoints():
    verdict = m.check_interop_endpoints_present({"configuration_endpoint": "https://x/c",
                                                 "verification_endpoint": "https://x/v"})
    assert not verdict.passed and verdict.requirements == ("INTEROP-TX-05",)


def test_metadata_served_names_the_rule_that_broke():
    from tests.checks.helpers import resp
    assert m.check_metadata_served(resp(404, {})).requirements == ("SSF-DISC-01", "SSF-DISC-02")
    assert m.check_metadata_served(resp(200, "<html>")).requirements == ("SSF-DISC-04",)
