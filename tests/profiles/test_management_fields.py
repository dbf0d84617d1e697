"""Profile fields that say what real products need (issue 11, item 4): per-event trigger
bodies, placeholders filled or refused where they are, ${ENV} secrets in bodies and literal
secrets refused everywhere, a create drive per delivery method, extra stream members, request
headers that are not credentials, OAuth token endpoints with query credentials or extra
parameters. Every bad value gives a field-named error."""
from __future__ import annotations

import pytest

from harness.profiles import TemplateError, render_http_trigger

from tests.profiles.conftest import MINIMAL_ENV, MINIMAL_TX, with_changes

CC = "https://schemas.openid.net/secevent/caep/event-type/credential-change"
ENV = {**MINIMAL_ENV, "ADMIN_KEY": "admin-key-value-41c2", "PUSH_SECRET": "push-secret-9d0e"}
RX = {"name": "rx", "receiver": {
    "base_url": "https://rp.example",
    "delivery": {"method": "push", "endpoint_url": "https://rp.example/push"}}}


def trigger(**fields) -> dict:
    return with_changes(MINIMAL_TX, transmitter__trigger={"type": "http", "url": "/fire",
                                                          **fields})


def test_per_event_bodies_with_a_default_and_a_secret_from_the_environment(load):
    profile = load(trigger(body={"email": "{email}", "key": "${ADMIN_KEY}"},
                           bodies={CC: {"email": "{email}", "credential_type": "password"}}),
                   env=ENV)
    fire = profile.transmitter.trigger
    assert set(fire.bodies) == {"credential-change"}           # a URI key becomes its slug
    changed = render_http_trigger(fire, base_url="https://tx.example",
                                  action="credential-change", email="a@x.example")
    assert changed.body == {"email": "a@x.example", "credential_type": "password"}
    revoked = render_http_trigger(fire, base_url="https://tx.example",
                                  action="session-revoked", email="a@x.example")
    assert revoked.body == {"email": "a@x.example", "key": "admin-key-value-41c2"}
    assert "admin-key-value-41c2" in profile.secrets()
    public = profile.public_dict()["transmitter"]["trigger"]
    assert public["body"]["key"] == "${ADMIN_KEY}" and "admin-key-value-41c2" not in str(public)


def test_bad_bodies_name_their_field(problems):
    found = problems(trigger(bodies={"credential-chang": {"a": 1}}))
    assert found == {"transmitter.trigger.bodies.credential-chang":
                     'unknown event "credential-chang" (did you mean "credential-change"?)'}
    doc = with_changes(RX, receiver__stream={"create": {"type": "http", "url": "/c",
                                                        "bodies": {"session-revoked": {}}}})
    assert problems(doc)["receiver.stream.create.bodies"] == \
        "per-event bodies apply to transmitter.trigger only; use body"
    found = problems(trigger(body={"k": "${NOT_SET_ANYWHERE}"}), env=MINIMAL_ENV)
    assert found == {"transmitter.trigger.body.k":
                     "environment variable NOT_SET_ANYWHERE (used in this body) is not set"}


@pytest.mark.parametrize("body,field", [
    ({"token": "abc123"}, "transmitter.trigger.body.token"),
    ({"user": {"Client-Secret": "s3cr3t"}}, "transmitter.trigger.body.user.Client-Secret"),
    ({"authorization": "Bearer abc"}, "transmitter.trigger.body.authorization"),
])
def test_a_literal_secret_in_a_body_is_refused(problems, body, field):
    found = problems(trigger(body=body))
    assert list(found) == [field]
    assert "secrets must not be written in a profile" in found[field]
    assert "abc" not in found[field] and "s3cr3t" not in found[field]


def test_secret_members_from_the_environment_or_filled_by_the_suite_are_fine(load):
    load(trigger(body={"token": "${ADMIN_KEY}", "api_key": "Key ${ADMIN_KEY}"}), env=ENV)
    doc = with_changes(RX, receiver__stream={"verify": {"type": "http", "url": "/v",
                                                        "body": {"token": "{state}"}}})
    load(doc, env=ENV)


@pytest.mark.parametrize("changes,field", [
    ({"transmitter__trigger": {"type": "http", "url": "/fire?access_token=abcdef"}},
     "transmitter.trigger.url"),
    ({"transmitter__trigger": {"type": "command",
                               "argv": ["curl", "-H", "Authorization: Bearer abcdef123"]}},
     "transmitter.trigger.argv[2]"),
    ({"transmitter__trigger": {"type": "command", "argv": ["fire", "--token=abcdef"]}},
     "transmitter.trigger.argv[1]"),
])
def test_a_credential_in_a_url_or_a_command_line_is_refused(problems, changes, field):
    found = problems(with_changes(MINIMAL_TX, **changes))
    assert "literal credential" in found[field] and list(found) == [field]


@pytest.mark.parametrize("where,template,message", [
    ("transmitter__trigger", {"type": "http", "url": "/fire/{state}"},
     "placeholder {state} cannot be filled in the event trigger; available there: {action}, "
     "{event_uri}, {email}, {stream_id}"),
    ("transmitter__create_extra", {"sid": "{stream_id}"},
     "placeholder {stream_id} cannot be filled in stream create members (no stream yet); "
     "available there: {email}"),
    ("transmitter__status_trigger", {"type": "command", "argv": ["x", "{action}"]},
     "placeholder {action} cannot be filled in the status trigger; available there: "
     "{stream_id}, {status}, {email}"),
])
def test_a_placeholder_the_suite_cannot_fill_there_is_a_profile_error(problems, where, template,
                                                                       message):
    found = problems(with_changes(MINIMAL_TX, **{where: template}))
    assert message in found.values(), found


def test_receiver_drive_placeholders_follow_the_stream_lifecycle(problems, load):
    doc = with_changes(RX, receiver__stream={
        "create": {"type": "http", "url": "/c/{stream_id}"},
        "verify": {"type": "http", "url": "/v/{stream_id}", "body": {"state": "{state}"}}})
    found = problems(doc)
    assert found == {"receiver.stream.create.url":
                     "placeholder {stream_id} cannot be filled in receiver.stream.create (it "
                     "runs before the stream exists); available there: {issuer}, "
                     "{metadata_url}, {audience}, {email}"}
    profile = load(with_changes(doc, receiver__stream__create={"type": "http", "url": "/c"}))
    with pytest.raises(TemplateError, match=r"no value for placeholder \{stream_id\}"):
        render_http_trigger(profile.receiver.stream.verify, base_url="https://rp.example",
                            stream_id=None, state="s1")


def test_a_create_drive_per_delivery_method(load, problems):
    per_method = {"push": {"type": "http", "url": "/s", "body": {"delivery": "push"}},
                  "poll": {"type": "command", "argv": ["make-poll-stream"]}}
    profile = load(with_changes(RX, receiver__stream={"provisioning": "receiver",
                                                      "create": per_method}))
    stream = profile.receiver.stream
    assert stream.create.type == "http" and stream.create_for("push", "push") is stream.create
    assert stream.create_for("poll", "push").argv == ("make-poll-stream",)
    assert profile.receiver.capabilities.delivery_methods == ("poll", "push")
    assert profile.capabilities("receiver").supports("drive:create")
    found = problems(with_changes(RX, receiver__stream={"provisioning": "receiver",
                                                        "create": {"poll": per_method["poll"]}}))
    assert found == {"receiver.stream.create.push": 'required when stream.provisioning is '
                                                    '"receiver": a create drive for '
                                                    'delivery.method "push"'}
    found = problems(with_changes(RX, receiver__stream={"create": {"pull": {"type": "none"}}}))
    assert found == {"receiver.stream.create.pull":
                     'not allowed for a create drive per delivery method (no "type": keys '
                     'push and/or poll)'}


def test_extra_stream_members_are_templates_with_secrets_per_delivery_method(load):
    profile = load(with_changes(
        MINIMAL_TX, transmitter__create_extra={"aud": "https://rp.example", "who": "{email}"},
        transmitter__update_extra={"aud": "https://rp.example", "sid": "{stream_id}"},
        transmitter__extra_by_method={"push": {"create": {
            "delivery": {"authorization_header": "Bearer ${PUSH_SECRET}"}}}}), env=ENV)
    extras = profile.transmitter.stream_extras
    assert extras.members("create", "push", email="a@x.example") == {
        "delivery": {"authorization_header": "Bearer push-secret-9d0e"},
        "aud": "https://rp.example", "who": "a@x.example"}
    assert extras.members("create", "poll", email="a@x.example") == {
        "aud": "https://rp.example", "who": "a@x.example"}
    assert extras.members("update", None, email="a", stream_id="s-1")["sid"] == "s-1"
    assert "push-secret-9d0e" in profile.secrets()


def test_management_headers_are_not_credentials(problems, load):
    found = problems(with_changes(MINIMAL_TX, transmitter__headers={
        "X-Api-Key": "${ADMIN_KEY}"}), env=ENV)
    assert list(found) == ["transmitter.headers.X-Api-Key"]
    assert "management credentials go in transmitter.auth" in found["transmitter.headers.X-Api-Key"]
    profile = load(with_changes(MINIMAL_TX, transmitter__headers={"X-Api-Version": "2026-04-07"}))
    assert profile.transmitter.headers.render({}) == {"X-Api-Version": "2026-04-07"}


def test_a_receiver_push_token_minted_by_its_own_token_endpoint(load, problems):
    oauth = {"token_endpoint": "https://rp.example/token", "client_id": "suite",
             "client_secret_env": "ADMIN_KEY", "token_endpoint_auth_method": "client_secret_query",
             "extra_params": {"resource": "https://rp.example/push"}}
    delivery = load(with_changes(RX, receiver__delivery__oauth=oauth), env=ENV).receiver.delivery
    assert delivery.oauth.token_endpoint_auth_method == "client_secret_query"
    assert delivery.oauth.client_secret.value == "admin-key-value-41c2"
    assert delivery.authorization_value() is None
    found = problems(with_changes(RX, receiver__delivery__oauth=oauth,
                                  receiver__delivery__token_env="ADMIN_KEY"), env=ENV)
    assert found == {"receiver.delivery.oauth":
                     "conflicts with receiver.delivery.token_env; set only one"}
    found = problems(with_changes(RX, receiver__delivery__oauth={"client_id": "suite"}), env=ENV)
    assert set(found) == {"receiver.delivery.oauth.token_endpoint",
                          "receiver.delivery.oauth.client_secret_env"}


def test_oauth_with_query_credentials_and_extra_parameters(load, problems):
    auth = {"type": "oauth_client_credentials", "token_endpoint": "https://as.example/token",
            "client_id": "suite", "client_secret_env": "ADMIN_KEY",
            "token_endpoint_auth_method": "client_secret_query",
            "extra_params": {"resource": "https://tx.example", "audience": "${PUSH_SECRET}"}}
    profile = load(with_changes(MINIMAL_TX, transmitter__auth=auth), env=ENV)
    assert profile.transmitter.auth.token_endpoint_auth_method == "client_secret_query"
    assert profile.transmitter.auth.token_params() == {"resource": "https://tx.example",
                                                       "audience": "push-secret-9d0e"}
    found = problems(with_changes(MINIMAL_TX, transmitter__auth__extra_params={"a": "b"}))
    assert found == {"transmitter.auth.extra_params":
                     'not allowed when auth.type is "bearer"'}
    found = problems(with_changes(MINIMAL_TX, transmitter__auth={
        **auth, "extra_params": {"client_secret": "literal-value"}}), env=ENV)
    assert list(found) == ["transmitter.auth.extra_params.client_secret"]
    found = problems(with_changes(MINIMAL_TX, transmitter__auth={
        **auth, "token_endpoint_auth_method": "client_secret_qurey"}), env=ENV)
    assert 'did you mean "client_secret_query"' in found[
        "transmitter.auth.token_endpoint_auth_method"]
