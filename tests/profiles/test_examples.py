"""Every shipped profile loads; the schema is a valid 2020-12 document that describes every field."""
from __future__ import annotations

import json
import shutil

import pytest
import trustme
from jsonschema import Draft202012Validator

from harness.profiles import (PROFILES_DIR, REFERENCE_PROFILE, SCHEMA_PATH, Timeouts,
                              load_profile, load_reference_profile)
from harness.profiles.capabilities import OPTIONAL_FEATURES, SUBJECT_FORMATS

from tests.profiles.conftest import EXAMPLE_ENV, EXAMPLES, example_paths

def test_the_five_profiles_the_brief_asks_for_exist():
    names = {p.name for p in example_paths()}
    assert names == {"external-transmitter.yaml", "oauth-transmitter.yaml",
                     "external-receiver.yaml", "polling-receiver.yaml",
                     "sandbox-transmitter.yaml", "sandbox-receiver.yaml",
                     # issue 13: a directory under test, a transmitter registering by SSA
                     "external-directory.yaml", "ssa-registering-transmitter.yaml",
                     # issue 12: each vendor dialect against its embedded emulator
                     "kolide-embedded.yaml", "starfly-embedded.yaml",
                     "sse-draft-embedded.yaml", "sse-draft-google-embedded.yaml",
                     # and a receiver that speaks only the legacy draft (ABM style)
                     "sse-draft-receiver-embedded.yaml"}
    assert REFERENCE_PROFILE.is_file()


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_every_example_loads_with_its_env_vars(path):
    profile = load_profile(path, env=EXAMPLE_ENV, check_files=False)
    # A dialect's example runs against its emulator (embedded); the others reach a real target.
    assert profile.name and profile.embedded == path.stem.endswith("-embedded")
    assert profile.secrets(), "every example authenticates with at least one secret"
    if not profile.embedded:   # an emulator's unset secrets are generated per run
        assert set(profile.secrets()) <= set(EXAMPLE_ENV.values())


def test_oauth_example_loads_with_its_certificate_files_present(tmp_path):
    """The mTLS example names real files; materialise them (trustme) next to a copy of it."""
    copy = tmp_path / "oauth-transmitter.yaml"
    shutil.copy(EXAMPLES / "oauth-transmitter.yaml", copy)
    (tmp_path / "certs").mkdir()
    ca = trustme.CA()
    client = ca.issue_cert("ssf-conformance-suite@example.com")
    ca.cert_pem.write_to_path(str(tmp_path / "certs/ca.pem"))
    client.cert_chain_pems[0].write_to_path(str(tmp_path / "certs/suite-client.pem"))
    client.private_key_pem.write_to_path(str(tmp_path / "certs/suite-client-key.pem"))
    profile = load_profile(copy, env=EXAMPLE_ENV)
    assert profile.tls.client_cert == tmp_path / "certs/suite-client.pem"
    assert profile.tls.client_key_password.value == "key-password-77"
    assert profile.proxy.upstream_ca == tmp_path / "certs/ca.pem"
    assert profile.transmitter.auth.client_secret.value == "tut-client-secret-91ab"
    assert profile.transmitter.auth.scopes == ("ssf.read", "ssf.manage")
    assert profile.variant.profile == "caep_interop"


def test_reference_profile_loads_without_any_env_and_generates_its_secrets():
    first, second = load_reference_profile(env={}), load_reference_profile(env={})
    assert first.embedded and first.transmitter.embedded and first.receiver.embedded
    assert len(first.secrets()) == 5
    assert all(len(s) >= 32 for s in first.secrets())
    assert set(first.secrets()).isdisjoint(second.secrets()), "fresh values on every load"
    assert first.transmitter.auth.token.generated


def test_reference_profile_uses_a_pinned_env_value():
    profile = load_reference_profile(env={"SSF_REFERENCE_TX_TOKEN": "pinned-token-value"})
    assert profile.transmitter.auth.token.value == "pinned-token-value"
    assert not profile.transmitter.auth.token.generated


def test_reference_profile_declares_everything_and_the_sandbox_layout():
    profile = load_reference_profile(env={})
    tx, rx = profile.transmitter, profile.receiver
    assert all(tx.capabilities.supports(t) for t in ("push", "poll", *OPTIONAL_FEATURES))
    assert tx.capabilities.supports("event:account-disabled")
    assert tx.capabilities.supports("subject:complex")
    assert (tx.trigger.type, tx.trigger.url) == ("http", "/ssf/actions/{action}")
    assert rx.observation.actions_url == "/ssf/receiver/actions"
    assert rx.observation.security_state_url == "/ssf/security-state/{email}"
    assert rx.stream.provisioning == "receiver"


def test_a_profile_in_toml_loads_the_same(tmp_path):
    (tmp_path / "tx.toml").write_text(
        'name = "tiny"\n[transmitter]\nissuer = "https://tx.example"\n'
        '[transmitter.auth]\ntype = "bearer"\ntoken_env = "T"\n'
        '[transmitter.capabilities]\ndelivery_methods = ["poll"]\n')
    profile = load_profile(tmp_path / "tx.toml", env={"T": "token-from-env"})
    assert profile.transmitter.capabilities.supports("poll")
    assert profile.secrets() == ["token-from-env"]


def test_schema_is_valid_2020_12_with_an_id():
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/profiles/profile.schema.json")


def _declared_properties(node, path=""):
    """(path, property schema) for every property declared in the schema (not the branches'
    allow-lists, which are `true`, nor the conditions of if/then)."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if sub is not True:
                yield f"{path}.{name}", sub
        for key, sub in node.items():
            if key != "if":     # conditions repeat a field to test it, they do not declare it
                yield from _declared_properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _declared_properties(sub, f"{path}[{index}]")


def test_every_field_in_the_schema_has_a_description():
    schema = json.loads(SCHEMA_PATH.read_text())
    declared = list(_declared_properties(schema))
    assert len(declared) > 60
    missing = [path for path, sub in declared if "description" not in sub
               and "$ref" not in sub]
    refs_missing = [path for path, sub in declared if "$ref" in sub and "description" not in sub
                    and "description" not in schema["$defs"][sub["$ref"].split("/")[-1]]]
    assert missing == [] and refs_missing == []


def test_schema_defaults_and_enums_agree_with_the_code():
    schema = json.loads(SCHEMA_PATH.read_text())
    timeouts = schema["properties"]["timeouts"]["properties"]
    assert {k: v["default"] for k, v in timeouts.items()} == Timeouts.defaults()
    caps = schema["$defs"]["capabilities"]["properties"]
    assert caps["subject_formats"]["items"]["enum"] == list(SUBJECT_FORMATS) + ["*"]
    assert caps["optional"]["items"]["enum"] == list(OPTIONAL_FEATURES)


def test_readme_documents_every_field_of_the_schema():
    schema = json.loads(SCHEMA_PATH.read_text())
    readme = (PROFILES_DIR / "README.md").read_text()
    names = {path.rsplit(".", 1)[-1] for path, _ in _declared_properties(schema)}
    undocumented = sorted(n for n in names if n not in readme)
    assert undocumented == []
