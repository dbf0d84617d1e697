"""Receiver faults in what it sends to its transmitter (SSF §7, §8, RFC 8936) and in verification:
the same scenario on a clean receiver and on one with the fault shows a different, expected
result at the stand-in transmitter (which records every request) or at the push endpoint."""
import secrets

import pytest

from harness.ssf.events import VERIFICATION
from tests.reference.receiver.conftest import push

RX = "/ssf/receiver"
METADATA_PATH = "/.well-known/ssf-configuration/ssf"


def _sent(tx, since: int, path: str, method: str | None = None) -> list[dict]:
    """Requests the stand-in received after log position `since`."""
    return [r for r in tx.log[since:] if r["path"] == path
            and (method is None or r["method"] == method)]


def _create(http, rx, **body):
    return http.post(rx.url + RX + "/stream", json=body)


def _create_body(http, tx, rx) -> dict:
    since = len(tx.log)
    assert _create(http, rx).status_code == 201
    return _sent(tx, since, "/ssf/stream", "POST")[0]["body"]


def _first_creates(http, tx, rx, keys):
    """Two creates on a fresh receiver (cold metadata cache): answers, and POSTs sent."""
    since = len(tx.log)
    first = _create(http, rx).status_code
    first_sent = len(_sent(tx, since, "/ssf/stream", "POST"))
    http.delete(rx.url + RX + "/stream")
    second = _create(http, rx).status_code
    return first, first_sent, second, len(_sent(tx, since, "/ssf/stream", "POST"))


def _events_requested_sent(http, tx, rx, keys):
    return "events_requested" in _create_body(http, tx, rx)


def _authorization_header_sent(http, tx, rx, keys):
    return "authorization_header" in _create_body(http, tx, rx)["delivery"]


def _push_endpoint_scheme(http, tx, rx, keys):
    return _create_body(http, tx, rx)["delivery"]["endpoint_url"].split(":", 1)[0]


def _metadata_methods(http, tx, rx, keys):
    since = len(tx.log)
    status = _create(http, rx).status_code  # the first call that needs the metadata
    return status, [r["method"] for r in _sent(tx, since, METADATA_PATH)]


def _update(http, tx, rx, keys):
    _create(http, rx)
    since = len(tx.log)
    status = http.patch(rx.url + RX + "/stream", json={"description": "renamed"}).status_code
    return status, "stream_id" in _sent(tx, since, "/ssf/stream", "PATCH")[0]["body"]


def _delete(http, tx, rx, keys):
    _create(http, rx)
    since = len(tx.log)
    status = http.delete(rx.url + RX + "/stream").status_code
    named = "stream_id" in _sent(tx, since, "/ssf/stream", "DELETE")[0]["query"]
    # Whatever the transmitter answered, does the receiver still think it has a stream?
    still_has = http.get(rx.url + RX + "/stream").json()["streams"] != []
    return status, named, still_has


def _foreign_iss_stream(http, tx, rx, keys):
    tx.stream_overrides = {"iss": "https://evil.example"}
    try:
        created = _create(http, rx).status_code
    finally:
        tx.stream_overrides = {}
    since = len(tx.log)
    http.post(rx.url + RX + "/stream/verify", json={})
    return created, len(_sent(tx, since, "/ssf/verify"))


def _poll_content_type(http, tx, rx, keys):
    since = len(tx.log)
    response = http.post(rx.url + RX + "/poll", json={"endpoint_url": tx.base_url + "/ssf/poll"})
    assert response.status_code == 200, response.text  # the stand-in is lenient: it still works
    return _sent(tx, since, "/ssf/poll")[0]["headers"].get("content-type")


def _subjects_added(http, tx, rx, keys):
    since = len(tx.log)
    _create(http, rx)
    return sorted(r["body"]["subject"]["email"] for r in _sent(tx, since, "/ssf/subjects/add"))


def _verification_for_another_stream(http, tx, rx, keys):
    _create(http, rx)
    state = secrets.token_urlsafe(12)
    assert http.post(rx.url + RX + "/stream/verify", json={"state": state}).status_code == 202
    forged = tx.make_set(VERIFICATION.uri, {"format": "opaque", "id": "someone-elses-stream"},
                         {"state": state})
    answer = push(http, rx, forged)
    return answer.status_code, answer.json()["err"] if answer.content else None


# fault -> (scenario, clean result, faulty result, receiver config overrides)
CASES = {
    "first-create-not-sent": (_first_creates, (201, 1, 201, 2), (202, 0, 201, 1), {}),
    "create-without-events-requested": (_events_requested_sent, True, False, {}),
    "create-without-authorization-header": (_authorization_header_sent, True, False, {}),
    "push-endpoint-not-https": (_push_endpoint_scheme, "https", "http",
                                {"public_base_url": "https://receiver.example"}),
    "metadata-fetched-with-post": (_metadata_methods, (201, ["GET"]), (201, ["POST", "GET"]),
                                   {}),
    "update-without-stream-id": (_update, (200, True), (502, False), {}),
    "delete-without-stream-id": (_delete, (204, True, False), (204, False, False), {}),
    "accept-foreign-stream-iss": (_foreign_iss_stream, (502, 0), (201, 1), {}),
    "poll-without-json-content-type": (_poll_content_type, "application/json", None, {}),
    "add-subjects-after-create": (_subjects_added, [], ["alice@example.com", "bob@example.com",
                                                         "carol@example.com"], {}),
    "accept-verification-wrong-sub-id": (_verification_for_another_stream,
                                         (400, "invalid_state"), (202, None), {}),
}


@pytest.mark.parametrize("fault", sorted(CASES))
def test_fault_changes_observable_behaviour(fault, http, make_receiver, transmitter, rsa_keys):
    scenario, clean, faulty, overrides = CASES[fault]
    assert scenario(http, transmitter, make_receiver(**overrides), rsa_keys) == clean
    assert scenario(http, transmitter, make_receiver(faults=frozenset({fault}), **overrides),
                    rsa_keys) == faulty


def test_a_refused_nameless_delete_keeps_the_stream_on_a_clean_receiver(http, receiver,
                                                                        transmitter):
    """The clean receiver forgets its stream only when the transmitter confirmed the delete."""
    _create(http, receiver)
    transmitter.streams.clear()  # the transmitter lost it: DELETE answers 404
    assert http.delete(receiver.url + RX + "/stream").status_code == 502
    assert http.get(receiver.url + RX + "/stream").json()["streams"] != []
