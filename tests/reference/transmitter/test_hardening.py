"""Issue 14 on the reference transmitter: strict JSON naming the member, ASCII-only numbers in
queries, URL validation, the address policy for push targets (checked early and again when
connecting), and delivery by retry budget with replay of what was given up."""
from __future__ import annotations

import pytest

from tests.reference.transmitter.support import ADMIN, SESSION_REVOKED
from tests.reference.transmitter.test_bad_input import JSON, assert_json_error

PUSH = "urn:ietf:rfc:8935"


@pytest.mark.parametrize("raw, member", [
    (b'{"description": "\\ud800"}', "description"),
    (b'{"events_requested": ["\\udfff"]}', "events_requested[0]"),
    (b'{"events_requested": [9223372036854775808]}', "events_requested[0]"),
    (b'{"description": NaN}', "description"),
    (b'{"description": -Infinity}', "description"),
    (b'{"description": 1e999}', "description"),
    (b'{"description": "a", "description": "b"}', "description"),
    (b'{"delivery": {"method": "x", "method": "y"}}', "method"),
    (b'{"d": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested"),
    (b'{"d": ' + b"[" * 40 + b"]" * 40 + b"}", "nested deeper than"),
])
def test_json_that_is_not_strict_is_400_naming_the_member(shared_tx, raw, member):
    body = assert_json_error(shared_tx.call("POST", "/ssf/stream", content=raw, headers=JSON), 400)
    assert member in body["error_description"], body


@pytest.mark.parametrize("url", ["http://[", "http://[::1", "https://a:99999/p", "http://exa mple/",
                                 "http://\u00e9.example/", "ftp://x/", "http:///p"])
def test_malformed_push_urls_are_400_naming_the_field(shared_tx, url):
    body = assert_json_error(shared_tx.call("POST", "/ssf/stream", json={
        "delivery": {"method": PUSH, "endpoint_url": url}}), 400)
    assert "delivery.endpoint_url" in body["error_description"]


@pytest.mark.parametrize("limit", ["٣", "²", "1e3", "-1", "0", "99999999999999999999"])
def test_history_limit_takes_ascii_digits_only(shared_tx, limit):
    assert_json_error(shared_tx.call("GET", "/ssf/events", ADMIN, params={"limit": limit}), 400)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/push", "http://192.168.0.9/p",
    "http://[::1]:9/push", "http://127.0.0.1:9/push", "http://localhost:9/push",
    "http://[::ffff:127.0.0.1]:9/p", "http://[fe80::1]/p", "http://0.0.0.0:9/p",
])
def test_push_targets_on_internal_addresses_are_refused_by_default(make_tx, url):
    tx = make_tx(allow_loopback_addresses=False)
    body = assert_json_error(tx.call("POST", "/ssf/stream", json={
        "delivery": {"method": PUSH, "endpoint_url": url}}), 400)
    assert "delivery.endpoint_url" in body["error_description"]
    assert "address policy" in body["error_description"]


def test_the_address_policy_opens_by_flag_or_allow_list(make_tx):
    listed = make_tx(allow_loopback_addresses=False, address_allow_list=("10.0.0.0/8",))
    assert listed.call("POST", "/ssf/stream", json={
        "delivery": {"method": PUSH, "endpoint_url": "http://10.1.2.3/p"}}).status_code == 201
    assert listed.call("POST", "/ssf/stream", json={
        "delivery": {"method": PUSH, "endpoint_url": "http://192.168.1.1/p"}}).status_code == 400
    private = make_tx(allow_private_addresses=True)
    assert private.call("POST", "/ssf/stream", json={
        "delivery": {"method": PUSH, "endpoint_url": "http://169.254.169.254/"}}
    ).status_code == 201


def test_a_name_for_a_refused_address_is_stopped_when_connecting(make_tx, receiver):
    """2130706433 is 127.0.0.1 written as one number: no address literal, so only the check at
    connection time (after resolution) can see it. The SET fails at once, nothing is sent."""
    tx = make_tx(allow_loopback_addresses=False)
    port = receiver.server.port
    stream = tx.create(events_requested=[SESSION_REVOKED], delivery={
        "method": PUSH, "endpoint_url": f"http://2130706433:{port}/push"})
    tx.trigger("session-revoked", {"email": "alice@example.com",
                                   "stream_id": stream["stream_id"]})
    failed = tx.wait_record(lambda r: r["event"] == SESSION_REVOKED and r["status"] == "failed")
    assert failed["last_error"].startswith("address policy")
    assert receiver.pushes == []


def test_pushes_retry_for_the_budget_then_fail_and_can_be_replayed(make_tx, receiver):
    tx = make_tx(push_max_attempts=None, push_retry_budget_seconds=0.3)
    receiver.script = [(503, {}, b"")] * 10_000  # down until told otherwise
    stream = tx.push_stream(receiver)
    jti = tx.trigger("session-revoked", {"email": "alice@example.com",
                                         "stream_id": stream["stream_id"]})["deliveries"][0]["jti"]
    failed = tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "failed")
    assert "gave up" in failed["last_error"] and failed["attempts"] >= 2
    receiver.script.clear()  # the receiver is back
    resp = tx.call("POST", f"/ssf/admin/streams/{stream['stream_id']}/replay", ADMIN)
    assert resp.status_code == 202 and resp.json()["replayed"] == [jti]
    tx.wait_record(lambda r: r["jti"] == jti and r["status"] == "delivered")
    assert receiver.pushes[-1].claims["jti"] == jti  # the same SET again (RFC 8935 §2)
    again = tx.call("POST", f"/ssf/admin/streams/{stream['stream_id']}/replay", ADMIN,
                    json={"states": ["acked"]})
    assert_json_error(again, 400)


@pytest.mark.parametrize("claims", [b'{"jti": "\\ud800", "sub_id": {"format": "\\udfff"}}',
                                    b"[" * 3000 + b"]" * 3000])
def test_decoded_and_injected_tokens_never_break_a_read(tx, claims):
    import base64

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    token = f"{b64(b'{}')}.{b64(claims)}."
    assert_json_error(tx.call("POST", "/ssf/decode", json={"token": token}), 400)
    sid = tx.create()["stream_id"]
    injected = tx.call("POST", f"/ssf/admin/streams/{sid}/sets", ADMIN,
                       json={"token": token, "jti": "j-1"})
    assert injected.status_code == 202, injected.text
    assert tx.history(sid)[0]["subject"] == {}  # claims that are not strict JSON are not kept
