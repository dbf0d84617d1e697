"""Configuration endpoint (SSF §8.1.1): create, read, PATCH, PUT, DELETE."""
from __future__ import annotations

import pytest

from tests.reference.transmitter.support import (
    CREDENTIAL_CHANGE, RISC, SESSION_REVOKED, TOKEN_A, TOKEN_B,
)

REQUIRED = {"stream_id", "iss", "aud", "delivery", "events_delivered"}
PUSH_DELIVERY = {"method": "urn:ietf:rfc:8935", "endpoint_url": "https://rx.example/events",
                 "authorization_header": "Bearer push-secret"}


def get(tx, stream_id, token=TOKEN_A):
    return tx.call("GET", "/ssf/stream", token, params={"stream_id": stream_id})


def test_create_push_stream_returns_201_with_full_config(tx):
    resp = tx.call("POST", "/ssf/stream", json={
        "delivery": PUSH_DELIVERY, "description": "mine",
        "events_requested": [SESSION_REVOKED, "urn:example:unknown", CREDENTIAL_CHANGE]})
    assert resp.status_code == 201 and resp.headers["cache-control"] == "no-store"
    cfg = resp.json()
    assert REQUIRED <= set(cfg)
    assert cfg["iss"] == tx.config.issuer and cfg["aud"] == "rx-a"
    assert cfg["delivery"] == PUSH_DELIVERY
    assert cfg["events_delivered"] == [SESSION_REVOKED, CREDENTIAL_CHANGE]  # unknown ignored
    assert set(cfg["events_delivered"]) <= set(cfg["events_supported"])
    assert cfg["description"] == "mine"
    assert RISC + "sessions-revoked" not in cfg["events_supported"]  # deprecated
    assert get(tx, cfg["stream_id"]).json() == cfg


def test_create_without_delivery_is_poll_with_transmitter_url(tx):
    a, b = tx.create(events_requested=[SESSION_REVOKED]), tx.create()
    assert a["delivery"] == {"method": "urn:ietf:rfc:8936", "endpoint_url":
                             f"{tx.config.issuer}/poll/{a['stream_id']}"}
    assert a["stream_id"] != b["stream_id"]
    assert a["delivery"]["endpoint_url"] != b["delivery"]["endpoint_url"]
    assert b["events_delivered"] == [] and "events_requested" not in b


@pytest.mark.parametrize("body", [
    {"delivery": {"method": "urn:example:bogus"}},
    {"delivery": {"method": "urn:ietf:rfc:8935"}},
    {"delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "not a url"}},
    {"delivery": "push"},
    {"events_requested": "x"},
    {"events_requested": [1]},
    {"description": 5},
])
def test_create_rejects_invalid_body(tx, body):
    resp = tx.call("POST", "/ssf/stream", json=body)
    assert resp.status_code == 400
    assert resp.json()["error"] == "invalid_request" and resp.json()["error_description"]
    assert tx.call("GET", "/ssf/stream").json() == []


def test_push_only_transmitter_rejects_create_without_delivery(make_tx):
    tx = make_tx(delivery_methods=("urn:ietf:rfc:8935",))
    assert tx.call("POST", "/ssf/stream", json={}).status_code == 400


def test_single_stream_transmitter_answers_409(make_tx):
    tx = make_tx(allow_multiple_streams=False)
    tx.create()
    resp = tx.call("POST", "/ssf/stream", json={})
    assert resp.status_code == 409
    assert tx.call("POST", "/ssf/stream", TOKEN_B, json={}).status_code == 201  # other receiver


def test_list_is_array_and_empty_when_none(tx):
    assert tx.call("GET", "/ssf/stream").json() == []
    first, second = tx.create(), tx.create()
    assert tx.call("GET", "/ssf/stream").json() == [first, second]


def test_unknown_stream_is_404(tx):
    resp = get(tx, "does-not-exist")
    assert resp.status_code == 404 and resp.json()["error"] == "not_found"


def test_description_is_truncated_and_optional_fields_echoed(make_tx):
    tx = make_tx(description_max_length=5, min_verification_interval=30, inactivity_timeout=600)
    cfg = tx.create(description="abcdefgh")
    assert cfg["description"] == "abcde"
    assert cfg["min_verification_interval"] == 30 and cfg["inactivity_timeout"] == 600


def test_patch_updates_only_given_members_and_returns_whole_config(tx):
    cfg = tx.create(delivery=PUSH_DELIVERY, events_requested=[SESSION_REVOKED], description="a")
    resp = tx.call("PATCH", "/ssf/stream", json={"stream_id": cfg["stream_id"],
                                                 "description": "b"})
    assert resp.status_code == 200
    assert resp.json() == {**cfg, "description": "b"}
    changed = tx.call("PATCH", "/ssf/stream", json={
        "stream_id": cfg["stream_id"], "events_requested": [CREDENTIAL_CHANGE],
        "events_delivered": [SESSION_REVOKED], "iss": cfg["iss"], "aud": cfg["aud"]}).json()
    assert changed["events_delivered"] == [CREDENTIAL_CHANGE]
    assert changed["delivery"] == PUSH_DELIVERY and changed["description"] == "b"
    assert get(tx, cfg["stream_id"]).json() == changed


@pytest.mark.parametrize("member,value", [
    ("iss", "https://attacker.example"), ("aud", "someone-else"),
    ("events_delivered", [CREDENTIAL_CHANGE]), ("events_supported", [SESSION_REVOKED]),
    ("min_verification_interval", 5),
])
@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_changed_transmitter_supplied_member_is_400_and_changes_nothing(tx, method, member,
                                                                       value):
    cfg = tx.create(events_requested=[SESSION_REVOKED], description="keep")
    resp = tx.call(method, "/ssf/stream", json={"stream_id": cfg["stream_id"], member: value,
                                                "description": "changed"})
    assert resp.status_code == 400 and member in resp.json()["error_description"]
    assert get(tx, cfg["stream_id"]).json() == cfg


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_errors(tx, method):
    assert tx.call(method, "/ssf/stream", json={"description": "x"}).status_code == 400
    assert tx.call(method, "/ssf/stream", json={"stream_id": "nope"}).status_code == 404
    assert tx.call(method, "/ssf/stream", json={"stream_id": 7}).status_code == 400
    cfg = tx.create()
    bad = tx.call(method, "/ssf/stream", json={"stream_id": cfg["stream_id"],
                                               "events_requested": "x"})
    assert bad.status_code == 400


def test_put_deletes_omitted_receiver_supplied_members(tx):
    cfg = tx.create(delivery=PUSH_DELIVERY, events_requested=[SESSION_REVOKED], description="d")
    resp = tx.call("PUT", "/ssf/stream", json={
        "stream_id": cfg["stream_id"], "delivery": PUSH_DELIVERY,
        "events_requested": [SESSION_REVOKED, CREDENTIAL_CHANGE]})
    assert resp.status_code == 200
    replaced = resp.json()
    assert "description" not in replaced
    assert replaced["events_delivered"] == [SESSION_REVOKED, CREDENTIAL_CHANGE]
    without_delivery = tx.call("PUT", "/ssf/stream", json={"stream_id": cfg["stream_id"]}).json()
    assert without_delivery["delivery"]["method"] == "urn:ietf:rfc:8936"
    assert "events_requested" not in without_delivery
    assert without_delivery["events_delivered"] == []


def test_poll_endpoint_url_is_transmitter_supplied_on_update(tx):
    cfg = tx.create()
    resp = tx.call("PATCH", "/ssf/stream", json={
        "stream_id": cfg["stream_id"],
        "delivery": {"method": "urn:ietf:rfc:8936", "endpoint_url": "https://evil.example"}})
    assert resp.status_code == 400
    same = tx.call("PATCH", "/ssf/stream", json={"stream_id": cfg["stream_id"],
                                                 "delivery": cfg["delivery"]})
    assert same.status_code == 200 and same.json() == cfg


def test_delete_returns_empty_204_then_404(tx):
    cfg = tx.create()
    resp = tx.call("DELETE", "/ssf/stream", params={"stream_id": cfg["stream_id"]})
    assert resp.status_code == 204 and resp.content == b""
    assert get(tx, cfg["stream_id"]).status_code == 404
    assert tx.poll(cfg, returnImmediately=True).status_code == 404
    assert tx.call("DELETE", "/ssf/stream", params={"stream_id": cfg["stream_id"]}) \
        .status_code == 404
    assert tx.call("DELETE", "/ssf/stream").status_code == 400
