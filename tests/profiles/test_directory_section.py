"""The `directory:` section (harness/profiles/directory.py): embedded or external trust
directory, its derived capability tags, and ssa_registration tied to it."""
from __future__ import annotations

from harness.profiles import load_reference_profile

from tests.profiles.conftest import MINIMAL_ENV, MINIMAL_TX, with_changes

EXTERNAL = {"base_url": "https://directory.example", "organisation_id": "org-1",
            "jwks_url": "https://directory.example/.well-known/jwks.json",
            "token_env": "DIR_TOKEN"}
ENV = {**MINIMAL_ENV, "DIR_TOKEN": "dir-token-1234"}


def test_an_embedded_directory_needs_nothing_and_supports_every_directory_tag(load):
    profile = load({"name": "d", "directory": {"embedded": True}}, env={})
    directory = profile.target("directory")
    assert directory.embedded and directory.organisation_id == "suite-org"
    assert directory.rate_limit_requests == 3 and directory.token is None
    for tag in ("directory_admin", "directory_rate_limit", "other_organisation"):
        assert directory.capabilities.supports(tag), tag
    assert profile.embedded


def test_an_external_directory_is_read_and_its_token_is_a_secret(load):
    profile = load({"name": "d", "directory": {**EXTERNAL, "issuer": "https://dir.example"}},
                   env=ENV)
    directory = profile.directory
    assert (directory.base_url, directory.ssa_issuer) == ("https://directory.example",
                                                          "https://dir.example")
    assert directory.token.value == "dir-token-1234" and "dir-token-1234" in profile.secrets()
    caps = directory.capabilities
    assert not caps.supports("directory_admin") and not caps.supports("other_organisation")
    assert "directory.rate_limit is not set" in caps.skip_reason("directory_rate_limit")
    assert profile.public_dict()["directory"]["token_env"] == "DIR_TOKEN"


def test_an_external_directory_needs_its_urls_organisation_and_token(problems):
    found = problems({"name": "d", "directory": {"base_url": "https://directory.example"}})
    assert set(found) == {"directory.jwks_url", "directory.organisation_id",
                          "directory.token_env"}


def test_ssa_registration_needs_a_directory(problems, load):
    doc = with_changes(MINIMAL_TX, transmitter__capabilities__optional=["ssa_registration"])
    assert "needs a directory section" in problems(doc)["transmitter.capabilities.optional"]
    profile = load({**doc, "directory": EXTERNAL}, env=ENV)
    caps = profile.capabilities("transmitter")
    assert caps.supports("ssa_registration") and caps.supports("directory")
    assert not caps.supports("directory_admin")


def test_an_embedded_target_without_a_directory_drops_ssa_registration(load):
    profile = load({"name": "e", "transmitter": {"embedded": True}}, env={})
    caps = profile.capabilities("transmitter")
    assert not caps.supports("ssa_registration")
    assert "no directory section" in caps.skip_reason("ssa_registration")


def test_the_reference_profile_has_an_embedded_directory_the_transmitter_registers_with():
    profile = load_reference_profile(env={})
    assert profile.directory.embedded
    caps = profile.capabilities("transmitter")
    assert caps.supports("ssa_registration") and caps.supports("directory_admin")


def test_a_rate_limit_of_an_external_directory_needs_its_token(problems):
    doc = {"name": "d", "directory": {**EXTERNAL, "rate_limit": {"requests": 5}}}
    assert "required" in problems(doc, env=ENV)["directory.rate_limit.token_env"]


def test_the_example_profiles_of_a_directory_and_a_registering_transmitter():
    from harness.profiles import load_profile
    from tests.profiles.conftest import EXAMPLE_ENV, EXAMPLES
    directory = load_profile(EXAMPLES / "external-directory.yaml", env=EXAMPLE_ENV).directory
    caps = directory.capabilities
    assert caps.supports("directory_rate_limit") and caps.supports("other_organisation")
    assert not caps.supports("directory_admin") and directory.rate_limit_requests == 20
    tx = load_profile(EXAMPLES / "ssa-registering-transmitter.yaml", env=EXAMPLE_ENV)
    caps = tx.capabilities("transmitter")
    assert caps.supports("ssa_registration") and not caps.supports("directory_admin")
