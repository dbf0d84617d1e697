"""Every class of profile error names its field, says what is wrong, and all are reported."""
from __future__ import annotations

import pytest

from harness.profiles import ProfileError, load_profile

from tests.profiles.conftest import MINIMAL_TX, with_changes


def test_minimal_profile_is_valid(load):
    assert load(MINIMAL_TX).transmitter.issuer == "https://tx.example/ssf"


def test_missing_required_field(problems):
    found = problems(with_changes(MINIMAL_TX, name=...))
    assert found == {"name": "required"}


def test_conditionally_required_field_says_when(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__auth={"type": "bearer"}))
    assert found == {"transmitter.auth.token_env": 'required when auth.type is "bearer"'}


def test_oauth_needs_a_client_secret_unless_tls_client_auth(problems, load):
    oauth = {"type": "oauth_client_credentials", "token_endpoint": "https://as.example/token",
             "client_id": "suite"}
    found = problems(with_changes(MINIMAL_TX, transmitter__auth=oauth))
    assert found == {"transmitter.auth.client_secret_env":
                     'required when auth.token_endpoint_auth_method is not "tls_client_auth"'}
    found = problems(with_changes(MINIMAL_TX, transmitter__auth={
        **oauth, "token_endpoint_auth_method": "tls_client_auth"}))
    assert found == {"tls.client_cert": "required when transmitter.auth uses a TLS client "
                                        "certificate (mtls or tls_client_auth)"}


def test_external_transmitter_needs_an_issuer_or_metadata_url(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__issuer=...))
    assert found == {"transmitter": 'at least one of "issuer", "metadata_url" is required'}


def test_a_profile_needs_a_target(problems):
    assert problems({"name": "x"}) == {
        "": 'at least one of "transmitter", "receiver", "directory" is required'}


def test_wrong_type(problems):
    found = problems(with_changes(MINIMAL_TX, timeouts={"trigger": "slow"}))
    assert found == {"timeouts.trigger": 'expected number, got "slow"'}
    found = problems(with_changes(MINIMAL_TX, transmitter__capabilities="push"))
    assert found == {"transmitter.capabilities": 'expected a mapping, got "push"'}


def test_bad_enum_suggests_the_closest_value(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__capabilities={
        "delivery_methods": ["pull"]}))
    assert found == {"transmitter.capabilities.delivery_methods[0]":
                     '"pull" is not one of "push", "poll" (did you mean "poll"?)'}


def test_unknown_field_is_an_error_with_a_hint(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__isuer="https://x.example"))
    assert found == {"transmitter.isuer": 'unknown field (did you mean "issuer"?)'}
    found = problems(with_changes(MINIMAL_TX, flavour="vanilla"))
    assert found == {"flavour": "unknown field"}


def test_field_of_another_trigger_type_is_not_allowed(problems):
    trigger = {"type": "http", "url": "/fire/{action}", "argv": ["fire"]}
    found = problems(with_changes(MINIMAL_TX, transmitter__trigger=trigger))
    assert found == {"transmitter.trigger.argv": 'not allowed when trigger type is "http"'}


@pytest.mark.parametrize("field,use", [("token", "token_env"),
                                       ("client_secret", "client_secret_env")])
def test_literal_secret_says_to_use_the_env_form(problems, field, use):
    found = problems(with_changes(MINIMAL_TX, **{f"transmitter__auth__{field}": "s3cr3t"}))
    message = found[f"transmitter.auth.{field}"]
    assert f'use "{use}: <ENV_VAR>"' in message and "s3cr3t" not in message
    assert list(found) == [f"transmitter.auth.{field}"], "not also reported as unknown"


def test_literal_password_in_tls_points_to_the_key_password_env(problems):
    found = problems(with_changes(MINIMAL_TX, tls={"password": "hunter2"}))
    assert 'use "client_key_password_env: <ENV_VAR>"' in found["tls.password"]


def test_literal_credential_in_a_header(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__trigger={
        "type": "http", "url": "/fire",
        "headers": {"Authorization": "Bearer abc", "X-Api-Version": "2026-04-07"}}))
    assert list(found) == ["transmitter.trigger.headers.Authorization"]
    assert "literal credential" in found["transmitter.trigger.headers.Authorization"]


def test_env_reference_outside_headers_and_bodies_is_an_error(problems):
    trigger = {"type": "http", "url": "/fire/${TUT_TOKEN}", "body": {"key": "${TUT_TOKEN}"}}
    found = problems(with_changes(MINIMAL_TX, transmitter__trigger=trigger))
    assert list(found) == ["transmitter.trigger.url"]
    assert "only allowed in header values and request bodies" in found["transmitter.trigger.url"]
    command = {"type": "command", "argv": ["fire", "${TUT_TOKEN}"]}
    found = problems(with_changes(MINIMAL_TX, transmitter__trigger=command))
    assert "reads its secrets from its environment" in found["transmitter.trigger.argv[1]"]


def test_missing_env_var_is_named(problems):
    found = problems(MINIMAL_TX, env={})
    assert found == {"transmitter.auth.token_env": "environment variable TUT_TOKEN is not set"}
    found = problems(MINIMAL_TX, env={"TUT_TOKEN": ""})
    assert found == {"transmitter.auth.token_env": "environment variable TUT_TOKEN is empty"}


def test_missing_env_var_in_a_header_is_named(problems):
    doc = with_changes(MINIMAL_TX, transmitter__trigger={
        "type": "http", "url": "/fire", "headers": {"Authorization": "Bearer ${FIRE_TOKEN}"}})
    found = problems(doc)
    assert found == {"transmitter.trigger.headers.Authorization":
                     "environment variable FIRE_TOKEN (used in this header) is not set"}


def test_bad_env_var_name_is_reported_without_echoing_what_may_be_a_pasted_secret(problems):
    found = problems(with_changes(MINIMAL_TX, transmitter__auth__token_env="eyJhbGci.s3cr3t"))
    message = found["transmitter.auth.token_env"]
    assert "must be an environment variable name" in message and "s3cr3t" not in message
    found = problems(with_changes(MINIMAL_TX, transmitter__auth__token_env=123456))
    assert "123456" not in found["transmitter.auth.token_env"]


def test_yaml_errors_give_the_position_but_do_not_quote_the_line(write):
    path = write('name: x\ntransmitter:\n  auth: {token: "s3cr3t-token\n')
    with pytest.raises(ProfileError) as info:
        load_profile(path, env={})
    assert "line" in str(info.value) and "s3cr3t" not in str(info.value)


def test_invalid_env_reference_in_a_header_is_not_echoed(problems):
    doc = with_changes(MINIMAL_TX, transmitter__headers={"X-Key": "${Bearer s3cr3t}"})
    found = problems(doc)
    assert "valid environment variable name" in found["transmitter.headers.X-Key"]
    assert "s3cr3t" not in found["transmitter.headers.X-Key"]


@pytest.mark.parametrize("url", ["not a url", "ftp://tx.example", "https://", "tx.example/ssf",
                                 "https://tx.example/{stream_id}"])
def test_bad_url(problems, url):
    found = problems(with_changes(MINIMAL_TX, transmitter__issuer=url))
    assert found == {"transmitter.issuer": f'"{url}" is not an absolute http(s) URL'}


def test_bad_url_template(problems):
    trigger = {"type": "http", "url": "fire/{action}"}
    found = problems(with_changes(MINIMAL_TX, transmitter__trigger=trigger))
    assert found == {"transmitter.trigger.url":
                     '"fire/{action}" is not an http(s) URL or a path starting with \'/\''}


@pytest.mark.parametrize("value", [-1, 0])
def test_negative_or_zero_timeout(problems, value):
    found = problems(with_changes(MINIMAL_TX, timeouts={"push_delivery": value}))
    assert found == {"timeouts.push_delivery": f"must be > 0, got number {value}"}


def test_unknown_placeholder_and_unknown_event_suggest_fixes(problems):
    doc = with_changes(MINIMAL_TX, transmitter__trigger={"type": "command",
                                                         "argv": ["fire", "{acton}"]},
                       transmitter__capabilities={"delivery_methods": ["push"],
                                                  "events": ["session-revoke", "verification"]})
    found = problems(doc)
    assert found["transmitter.trigger.argv[1]"] == \
        'unknown placeholder {acton} (did you mean "action"?)'
    assert found["transmitter.capabilities.events[0]"] == \
        'unknown event "session-revoke" (did you mean "session-revoked"?)'
    assert "SSF control event" in found["transmitter.capabilities.events[1]"]


def test_relative_url_without_a_base(problems):
    doc = {"name": "rx", "receiver": {"delivery": {"method": "poll"},
                                      "observation": {"type": "http",
                                                      "actions_url": "/actions"}}}
    found = problems(doc)
    assert "set receiver.base_url" in found["receiver.observation.actions_url"]


def test_cross_field_conflicts(problems):
    doc = with_changes(MINIMAL_TX, proxy={"insecure": True, "upstream_ca": "ca.pem"},
                       reference={"faults": ["push-wrong-aud"]})
    found = problems(doc, check_files=False)
    assert found == {
        "proxy.insecure": "conflicts with proxy.upstream_ca; choose one",
        "reference.faults": "fault switches only apply to an embedded target "
                            "(transmitter.embedded or receiver.embedded)"}


def test_missing_file_is_named_with_its_resolved_path(problems, tmp_path):
    found = problems(with_changes(MINIMAL_TX, tls={"ca_file": "certs/ca.pem"}))
    assert found == {"tls.ca_file": f"file not found: {tmp_path / 'certs/ca.pem'}"}


def test_client_cert_needs_its_key(problems, tmp_path):
    (tmp_path / "c.pem").write_text("x")
    found = problems(with_changes(MINIMAL_TX, tls={"client_cert": "c.pem"}))
    assert found == {"tls.client_key": "required when tls.client_cert is set"}


def test_all_problems_are_reported_at_once_and_the_message_names_the_file(write):
    doc = with_changes(MINIMAL_TX, name=..., timeouts={"poll_wait": -5},
                       transmitter__isuer="x", transmitter__auth={"type": "bearer",
                                                                  "token": "abc"})
    path = write(doc)
    with pytest.raises(ProfileError) as info:
        load_profile(path, env={})
    text = str(info.value)
    assert text.startswith(f"{path}: 5 problems in target profile")
    for line in ('profile field "name": required',
                 'profile field "timeouts.poll_wait": must be > 0',
                 'profile field "transmitter.isuer": unknown field',
                 'profile field "transmitter.auth.token": secrets must not be written',
                 'profile field "transmitter.auth.token_env": required when auth.type is'):
        assert line in text
    assert "abc" not in text


def test_yaml_syntax_error_names_the_line(problems):
    found = problems("name: x\ntransmitter: [unclosed\n")
    assert "cannot parse yaml" in found[""] and "line" in found[""]


def test_duplicate_yaml_key_is_an_error(write):
    path = write("name: a\nname: b\ntransmitter:\n  issuer: https://t.example\n"
                 "  capabilities: {delivery_methods: [push]}\n")
    with pytest.raises(ProfileError, match='line 2: duplicate key "name"'):
        load_profile(path, env={})


@pytest.mark.parametrize("text,expected", [
    ("", "the document must be a mapping of fields"),
    ("- a\n- b\n", "the document must be a mapping of fields"),
    ("name: x\n1: y\n", "key 1 must be a string (quote it in YAML)"),
])
def test_documents_that_are_not_mappings_of_strings(problems, text, expected):
    assert expected in problems(text)[""]


def test_unreadable_file_is_a_profile_error(tmp_path):
    with pytest.raises(ProfileError, match="cannot read file"):
        load_profile(tmp_path / "missing.yaml", env={})


@pytest.mark.parametrize("changes,field,message", [
    ({"version": 2}, "version", "must be 1, got number 2"),
    ({"transmitter__capabilities": {"delivery_methods": []}},
     "transmitter.capabilities.delivery_methods", "must not be empty"),
    ({"transmitter__capabilities": {"delivery_methods": ["push", "push"]}},
     "transmitter.capabilities.delivery_methods", "lists the same item more than once"),
    ({"transmitter__auth": {"type": "mtls"}}, "tls.client_cert",
     "required when transmitter.auth uses a TLS client certificate (mtls or tls_client_auth)"),
    ({"transmitter__trigger": {"type": "manual", "prompt": "fire it"}},
     "transmitter.trigger.deadline", 'required when trigger type is "manual"'),
])
def test_more_rules_each_name_their_field(problems, changes, field, message):
    assert problems(with_changes(MINIMAL_TX, **changes)) == {field: message}


RECEIVER = {"name": "rx", "receiver": {"delivery": {"method": "push",
                                                    "endpoint_url": "https://rp.example/push"}}}


def test_receiver_push_bearer_is_one_of_two_forms(problems):
    doc = with_changes(RECEIVER, receiver__delivery__token_env="A",
                       receiver__delivery__authorization_header_env="B")
    assert problems(doc, env={"A": "a-value", "B": "b-value"}) == {
        "receiver.delivery.authorization_header_env":
            "conflicts with receiver.delivery.token_env; set only one"}


def test_receiver_that_provisions_its_own_stream_needs_a_create_trigger(problems):
    doc = with_changes(RECEIVER, receiver__stream={"provisioning": "receiver"})
    assert problems(doc) == {"receiver.stream.create":
                             'required when stream.provisioning is "receiver"'}
    doc = with_changes(RECEIVER, receiver__stream={"provisioning": "receiver",
                                                   "create": {"type": "none"}})
    assert problems(doc) == {"receiver.stream.create.type":
                             'must not be "none" when stream.provisioning is "receiver"'}


def test_external_push_receiver_needs_its_endpoint(problems):
    doc = with_changes(RECEIVER, receiver__delivery={"method": "push"})
    assert problems(doc) == {"receiver.delivery.endpoint_url":
                             'required when delivery.method is "push" (external receiver)'}


def test_yaml_only_values_are_described_plainly(problems):
    found = problems("name: !!set {a, b}\ntransmitter: {issuer: 'https://t.example', "
                     "capabilities: {delivery_methods: [push]}}\n")
    assert found == {"name": "expected string, got a YAML set value"}
