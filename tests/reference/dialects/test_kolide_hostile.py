"""Bad input to the Kolide emulator is a 4xx JSON error naming what is wrong, never a 500."""
from __future__ import annotations

import pytest

from tests.reference.dialects.kolide_support import DCC, PUSH

BAD_CREATES = [
    b"not json", b"[]", b'{"ssf_stream": []}', b'{"ssf_stream": {}}',
    b'{"ssf_stream": {"name": "x", "delivery_type": "fax"}}',
    b'{"ssf_stream": {"name": 5, "delivery_type": "poll"}}',
    b'{"ssf_stream": {"name": "x", "delivery_type": "push"}}',
    b'{"ssf_stream": {"name": "x", "delivery_type": "push", "aud": "not a url"}}',
    b'{"ssf_stream": {"name": "x", "delivery_type": "poll", "event_subscriptions": "x"}}',
    b'{"ssf_stream": {"name": "x", "delivery_type": "poll", "spec_version": 1}}',
    b'{"delivery": "push"}', b'{"delivery": {"method": "urn:example"}}',
    b'{"delivery": {"method": "' + PUSH.encode() + b'"}}',
    b'{"delivery": {"method": "' + PUSH.encode() + b'", "endpoint_url": "ftp://x/y"}}',
    b'{"name": "a", "name": "b", "delivery": {}}', b'{"x": NaN}', b'{"x": "\\ud800"}',
    b'{"ssf_stream": {"name": "' + b"n" * 300 + b'", "delivery_type": "poll"}}',
]


@pytest.mark.parametrize("raw", BAD_CREATES)
def test_bad_create_bodies_are_client_errors(kolide, raw):
    answer = kolide.call("POST", "/ssf_streams", content=raw,
                         headers={**kolide.headers(), "Content-Type": "application/json"})
    assert 400 <= answer.status_code < 500, (raw, answer.status_code, answer.text)
    assert answer.json()["error"] and answer.json()["error_description"]


@pytest.mark.parametrize("path", ["/ssf_streams/9" * 3, "/ssf_streams/" + "9" * 40,
                                  "/ssf_streams/%00", "/ssf_streams/x/events",
                                  "/ssf_streams/-1"])
def test_odd_stream_addresses_are_not_found(kolide, path):
    answer = kolide.call("GET", path)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


@pytest.mark.parametrize("body", [{}, {"ack": "jti"}, {"ack": [1]}, {"ack": ["j"] * 1001}])
def test_bad_acks_are_validation_errors(kolide, body):
    stream = kolide.poll_stream()
    assert kolide.ack(stream, []).status_code == 204
    headers = {**kolide.headers(), "X-Kolide-Poll-Bearer-Token": stream["poll_bearer_token"]}
    answer = kolide.call("POST", f"/ssf_streams/{stream['stream_id']}/events", json=body,
                         headers=headers)
    assert answer.status_code == 422 and "ack" in answer.json()["errors"]


def test_polling_a_push_stream_is_refused(make_kolide):
    kolide = make_kolide()
    stream = kolide.create_standard(PUSH, "https://receiver.example.com/web",
                                    events_requested=[DCC]).json()
    assert kolide.poll(stream, token=None).status_code == 400


def test_bad_patches_are_client_errors(kolide):
    stream = kolide.poll_stream()
    for inner in ({"delivery_type": "push"}, {"enabled": "yes"}, {"name": ""},
                  {"event_subscriptions": ["urn:x"]}, {"spec_version": "v9"}):
        answer = kolide.call("PATCH", f"/ssf_streams/{stream['id']}",
                             json={"ssf_stream": inner})
        assert answer.status_code == 422, (inner, answer.text)
