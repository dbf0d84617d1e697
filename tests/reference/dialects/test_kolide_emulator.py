"""The Kolide emulator answers what the Kolide SSF streams document describes
(../shared/seeds/kolide-ssf-streams-api.txt), on a real server over real HTTP."""
from __future__ import annotations

import pytest

from harness.jose import verify_set
from tests.reference.dialects.kolide_support import (
    ADMIN, DCC, POLL, PUSH, VERIFICATION, VERSION,
)

PUBLIC_PUSH = "https://receiver.example.com/web"
SHAPE = ["id", "iss", "stream_id", "name", "aud", "delivery_type", "enabled", "events_supported",
         "events_requested", "spec_version", "created_at", "updated_at", "delivery"]


def test_discovery_is_the_documented_document_without_headers(kolide):
    doc = kolide.http.get(kolide.url + "/.well-known/ssf-configuration").json()
    assert doc == {
        "issuer": kolide.url, "jwks_uri": kolide.url + "/ssf/jwks.json",
        "delivery_methods_supported": [PUSH, POLL], "events_supported": [DCC],
        "configuration_endpoint": kolide.url + "/ssf_streams",
        "verification_endpoint": kolide.url + "/ssf_streams/{stream_id}/test"}
    assert kolide.jwks()["keys"][0]["kid"]


@pytest.mark.parametrize("drop, status, error", [
    ("Authorization", 401, "unauthorized"),
    ("X-Kolide-Api-Version", 400, "missing_api_version")])
def test_every_call_needs_the_token_and_the_version_header(kolide, drop, status, error):
    headers = {k: v for k, v in kolide.headers().items() if k != drop}
    answer = kolide.call("GET", "/ssf_streams", headers=headers)
    assert answer.status_code == status and answer.json()["error"] == error
    assert "X-Kolide-Api-Version" in answer.json()["error_description"] or status == 401


def test_an_unknown_api_version_is_refused_naming_the_current_one(kolide):
    answer = kolide.call("GET", "/ssf_streams", headers=kolide.headers(
        X_Kolide_Api_Version="2020-01-01"))
    assert answer.status_code == 400 and answer.json()["error"] == "unsupported_api_version"
    assert VERSION in answer.json()["error_description"]
    wrong = kolide.call("GET", "/ssf_streams", headers={**kolide.headers(),
                                                        "Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_standard_body_creates_a_push_stream_of_the_documented_shape(kolide):
    created = kolide.create_standard(PUSH, PUBLIC_PUSH)
    assert created.status_code == 201, created.text
    body = created.json()
    assert list(body) == SHAPE and body["id"].isdigit() and len(body["stream_id"]) == 36
    assert body["iss"] == kolide.url and body["aud"] == PUBLIC_PUSH
    assert body["delivery"] == {"method": PUSH, "endpoint_url": PUBLIC_PUSH}
    assert body["events_supported"] == [DCC]
    assert body["events_requested"] == [DCC, VERIFICATION]
    assert body["delivery_type"] == "push" and body["enabled"] is True
    assert body["spec_version"] == "v1.0" and body["created_at"].endswith("Z")


def test_legacy_body_creates_the_same_stream(kolide):
    body = kolide.create_legacy(aud=PUBLIC_PUSH, delivery_type="push").json()
    assert list(body) == SHAPE and body["delivery"] == {"method": PUSH,
                                                        "endpoint_url": PUBLIC_PUSH}
    assert body["events_requested"] == [DCC, VERIFICATION]


def test_poll_bearer_token_is_returned_once(kolide):
    created = kolide.poll_stream()
    token = created["poll_bearer_token"]
    assert len(token) == 32 and created["aud"] is None
    assert created["delivery"] == {"method": POLL}
    assert list(created) == SHAPE[:7] + ["poll_bearer_token"] + SHAPE[7:]
    read = kolide.call("GET", f"/ssf_streams/{created['id']}").json()
    listed = kolide.call("GET", "/ssf_streams").json()
    patched = kolide.call("PATCH", f"/ssf_streams/{created['stream_id']}",
                          json={"ssf_stream": {"name": "New Name"}}).json()
    for answer in (read, listed, patched):
        assert token not in str(answer) and "poll_bearer_token" not in str(answer)
    standard = kolide.create_standard(POLL).json()
    assert len(standard["poll_bearer_token"]) == 32


@pytest.mark.parametrize("url", [
    "http://10.0.0.1/web", "https://10.1.2.3/web", "https://localhost/web",
    "https://127.0.0.1:8443/web", "https://192.168.1.10/web", "https://172.16.0.1/web",
    "https://172.31.255.1/web", "http://receiver.example.com/web"])
def test_private_or_plain_push_urls_are_a_validation_error(kolide, url):
    legacy = kolide.create_legacy(aud=url, delivery_type="push")
    assert legacy.status_code == 422 and "aud" in legacy.json()["errors"], legacy.text
    standard = kolide.create_standard(PUSH, url)
    assert standard.status_code == 422
    assert "delivery.endpoint_url" in standard.json()["errors"]
    assert kolide.call("GET", "/ssf_streams").json()["data"] == []


def test_the_suite_option_lets_pushes_reach_this_machine(make_kolide, receiver):
    kolide = make_kolide(allow_private_push_targets=True)
    created = kolide.create_legacy(aud=receiver.url, delivery_type="push")
    assert created.status_code == 201, created.text
    assert kolide.trigger().status_code == 202
    push = receiver.wait_for(1)[0]
    assert push.headers["content-type"] == "application/secevent+jwt"
    claims = verify_set(push.body, kolide.jwks()).claims
    assert claims["sub_id"] == {"format": "email", "email": "user@example.com"}
    assert list(claims["events"]) == [DCC] and claims["aud"] == receiver.url


@pytest.mark.parametrize("events", [
    [DCC, "https://schemas.openid.net/secevent/caep/event-type/session-revoked"],
    ["urn:example:other"]])
def test_only_device_compliance_change_may_be_requested(kolide, events):
    legacy = kolide.create_legacy(delivery_type="poll", event_subscriptions=events)
    assert legacy.status_code == 422 and "event_subscriptions" in legacy.json()["errors"]
    standard = kolide.create_standard(POLL, events_requested=events)
    assert standard.status_code == 422 and "events_requested" in standard.json()["errors"]
    ok = kolide.create_standard(POLL, events_requested=[DCC, VERIFICATION])
    assert ok.status_code == 201


def test_list_is_wrapped_with_pagination(kolide):
    kolide.poll_stream()
    kolide.create_standard(PUSH, PUBLIC_PUSH)
    listed = kolide.call("GET", "/ssf_streams").json()
    assert set(listed) == {"data", "pagination"} and len(listed["data"]) == 2
    assert listed["pagination"] == {"next": "", "next_cursor": "", "current_cursor": "",
                                    "count": 2}


def test_a_stream_is_addressed_by_id_or_stream_id(kolide):
    created = kolide.poll_stream()
    by_id = kolide.call("GET", f"/ssf_streams/{created['id']}").json()
    by_uuid = kolide.call("GET", f"/ssf_streams/{created['stream_id']}").json()
    assert by_id == by_uuid and by_id["stream_id"] == created["stream_id"]
    missing = kolide.call("GET", "/ssf_streams/999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_patch_takes_the_legacy_body(kolide):
    created = kolide.create_standard(PUSH, PUBLIC_PUSH).json()
    patched = kolide.call("PATCH", f"/ssf_streams/{created['id']}",
                          json={"ssf_stream": {"name": "New Name"}})
    assert patched.status_code == 200 and patched.json()["name"] == "New Name"
    assert patched.json()["aud"] == PUBLIC_PUSH and list(patched.json()) == SHAPE
    unwrapped = kolide.call("PATCH", f"/ssf_streams/{created['id']}", json={"name": "x"})
    assert unwrapped.status_code == 400 and "ssf_stream" in unwrapped.json()["error_description"]
    private = kolide.call("PATCH", f"/ssf_streams/{created['id']}",
                          json={"ssf_stream": {"aud": "http://10.0.0.1/web"}})
    assert private.status_code == 422 and "aud" in private.json()["errors"]


def test_rotation_is_delete_and_create_with_a_new_stream_id_and_token(kolide):
    old = kolide.poll_stream()
    assert kolide.call("DELETE", f"/ssf_streams/{old['id']}").status_code == 204
    assert kolide.call("GET", f"/ssf_streams/{old['stream_id']}").status_code == 404
    new = kolide.poll_stream()
    assert new["stream_id"] != old["stream_id"]
    assert new["poll_bearer_token"] != old["poll_bearer_token"]
    assert kolide.poll(new, old["poll_bearer_token"]).status_code == 401


def test_poll_and_ack_need_the_poll_bearer_token(kolide):
    stream = kolide.poll_stream()
    assert kolide.trigger().json()["jti"]
    without = kolide.poll(stream, token=None)
    assert without.status_code == 401 and "X-Kolide-Poll-Bearer-Token" in without.text
    assert kolide.poll(stream, token="x" * 32).status_code == 401
    assert kolide.ack(stream, [], token=None).status_code == 401
    polled = kolide.poll(stream)
    assert polled.status_code == 200 and list(polled.json()) == ["sets"]
    (jti, token), = polled.json()["sets"].items()
    claims = verify_set(token, kolide.jwks()).claims
    assert claims["jti"] == jti and claims["iss"] == kolide.url
    assert claims["aud"] == stream["stream_id"] and "sub_id" in claims
    assert kolide.ack(stream, [jti]).status_code == 204
    assert kolide.poll(stream).json() == {"sets": {}}


def test_a_legacy_stream_polls_without_the_header(kolide):
    made = kolide.admin("/legacy-streams", {"ssf_stream": {"name": "Old"}})
    assert made.status_code == 201 and "poll_bearer_token" not in made.json()
    stream = made.json()
    kolide.trigger()
    polled = kolide.poll(stream, token=None)
    assert polled.status_code == 200 and len(polled.json()["sets"]) == 1
    assert kolide.ack(stream, list(polled.json()["sets"]), token=None).status_code == 204
    assert kolide.poll(stream, token=None).json() == {"sets": {}}
    refused = kolide.http.post(kolide.url + "/_emulator/legacy-streams", json={},
                               headers=kolide.headers())
    assert refused.status_code == 401


def test_the_test_call_needs_an_email_and_sends_a_verification(make_kolide, receiver):
    kolide = make_kolide(allow_private_push_targets=True)
    stream = kolide.create_legacy(aud=receiver.url, delivery_type="push").json()
    missing = kolide.call("POST", f"/ssf_streams/{stream['id']}/test", json={})
    assert missing.status_code == 422 and "email" in missing.json()["errors"]
    answer = kolide.call("POST", f"/ssf_streams/{stream['id']}/test",
                         json={"email": "johnappleseed@kolide.co"})
    assert answer.status_code == 200
    assert answer.json() == {"success": True, "response_code": "202",
                             "ssf_stream_event_id": answer.json()["ssf_stream_event_id"]}
    assert isinstance(answer.json()["ssf_stream_event_id"], int)
    claims = verify_set(receiver.wait_for(1)[0].body, kolide.jwks()).claims
    assert list(claims["events"]) == [VERIFICATION]
    assert claims["sub_id"]["email"] == "johnappleseed@kolide.co"


def test_the_test_call_on_a_poll_stream_queues_the_verification(kolide):
    stream = kolide.poll_stream()
    answer = kolide.call("POST", f"/ssf_streams/{stream['stream_id']}/test",
                         json={"email": "a@example.com"}).json()
    assert answer["success"] is True and answer["response_code"] == "200"
    (token,) = kolide.poll(stream).json()["sets"].values()
    assert list(verify_set(token, kolide.jwks()).claims["events"]) == [VERIFICATION]


@pytest.mark.parametrize("create", ["legacy", "standard"])
def test_draft_spec_version_puts_the_subject_in_the_event(kolide, create):
    if create == "legacy":
        stream = kolide.poll_stream(spec_version="draft")
    else:
        stream = kolide.create_standard(POLL, spec_version="draft").json()
    assert stream["spec_version"] == "draft"
    kolide.trigger(email="d@example.com")
    (token,) = kolide.poll(stream).json()["sets"].values()
    claims = verify_set(token, kolide.jwks()).claims
    assert "sub_id" not in claims
    assert claims["events"][DCC]["subject"] == {"format": "email", "email": "d@example.com"}
    bad = kolide.create_legacy(delivery_type="poll", spec_version="v2")
    assert bad.status_code == 422 and "spec_version" in bad.json()["errors"]


def test_triggers_reach_only_streams_that_take_the_event(kolide):
    stream = kolide.poll_stream()
    other = kolide.trigger("session-revoked")
    assert other.status_code == 202 and other.json() == {"jti": []}
    assert kolide.trigger("no-such-action").status_code == 404
    off = kolide.admin(f"/streams/{stream['stream_id']}/status", {"status": "disabled"})
    assert off.status_code == 200 and off.json()["status"] == "disabled"
    assert kolide.call("GET", f"/ssf_streams/{stream['id']}").json()["enabled"] is False
    assert kolide.trigger().json() == {"jti": []}
    kolide.admin(f"/streams/{stream['stream_id']}/status", {"status": "enabled"})
    assert len(kolide.trigger().json()["jti"]) == 1
    assert kolide.http.post(kolide.url + "/_emulator/actions/device-compliance-change",
                            json={"email": "a@example.com"},
                            headers={"Authorization": "Bearer " + ADMIN[::-1]}
                            ).status_code == 401


def test_the_suite_option_exempts_this_machine_only(make_kolide):
    kolide = make_kolide(allow_private_push_targets=True)
    for url in ("http://127.0.0.1:9/push", "https://localhost/push", "http://[::1]:9/push"):
        assert kolide.create_legacy(aud=url, delivery_type="push").status_code == 201, url
    for url in ("http://10.0.0.1/web", "https://192.168.1.10/web", "http://example.com/web"):
        refused = kolide.create_legacy(aud=url, delivery_type="push")
        assert refused.status_code == 422 and "aud" in refused.json()["errors"], url
