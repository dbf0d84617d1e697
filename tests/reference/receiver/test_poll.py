"""The RFC 8936 poll client: control-endpoint polls and the background long-poller."""
import time

from tests.reference.receiver.conftest import ALICE, MGMT_TOKEN, events
from tests.reference.receiver.hostile import SESSION_REVOKED, flip_signature

RX = "/ssf/receiver"


def poll_url(transmitter) -> str:
    return transmitter.base_url + "/ssf/poll"


def good(transmitter) -> tuple[str, str]:
    claims = transmitter.claims(SESSION_REVOKED, ALICE)
    return claims["jti"], transmitter.sign(claims)


def poll_bodies(transmitter) -> list[dict]:
    return [r["body"] for r in transmitter.requests_to("/ssf/poll")]


def test_poll_acks_good_sets_and_reports_bad_ones_in_set_errs(http, make_receiver, transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter))
    good_jtis = [transmitter.enqueue(good(transmitter)[1]) for _ in range(2)]
    bad_claims = transmitter.claims(SESSION_REVOKED, ALICE, iss="https://evil.example")
    bad_jti = transmitter.enqueue(transmitter.sign(bad_claims))
    forged_jti = transmitter.enqueue(flip_signature(good(transmitter)[1]))
    response = http.post(receiver.url + RX + "/poll", json={})
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["received"] == 4 and summary["accepted"] == 2 and summary["rejected"] == 2
    assert sorted(transmitter.acks) == sorted(good_jtis)  # never a bad one
    assert transmitter.set_errs[bad_jti]["err"] == "invalid_issuer"
    assert transmitter.set_errs[forged_jti]["err"] == "invalid_key"
    flush = transmitter.requests_to("/ssf/poll")[-1]
    assert flush["body"]["maxEvents"] == 0 and flush["body"]["returnImmediately"] is True
    assert flush["headers"]["content-language"] == "en"  # RFC 8936 §2.6, setErrs present
    assert flush["headers"]["authorization"] == f"Bearer {MGMT_TOKEN}"
    assert flush["headers"]["content-type"] == "application/json"
    logged = events(http, receiver, delivery="poll")
    assert sorted(e["accepted"] for e in logged) == [False, False, True, True]


def test_more_available_is_followed_at_once(http, make_receiver, transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter))
    jtis = [transmitter.enqueue(good(transmitter)[1]) for _ in range(5)]
    summary = http.post(receiver.url + RX + "/poll", json={"max_events": 2}).json()
    assert summary["received"] == 5 and summary["more_available"] is False
    bodies = poll_bodies(transmitter)
    assert [b.get("maxEvents") for b in bodies] == [2, 2, 2, 0]
    assert all(b["returnImmediately"] is True for b in bodies)
    assert sorted(transmitter.acks) == sorted(jtis)


def test_a_redelivered_set_is_acknowledged_again(http, make_receiver, transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter))
    jti, token = good(transmitter)
    transmitter.enqueue(token)
    http.post(receiver.url + RX + "/poll", json={})
    transmitter.enqueue(token)
    http.post(receiver.url + RX + "/poll", json={})
    assert transmitter.acks == [jti, jti] and not transmitter.set_errs


def test_sets_key_that_differs_from_the_jti_is_an_error(http, make_receiver, transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter))
    transmitter.enqueue(good(transmitter)[1], jti="not-the-jti")
    http.post(receiver.url + RX + "/poll", json={})
    assert transmitter.set_errs["not-the-jti"]["err"] == "invalid_request"
    assert not transmitter.acks


def test_poll_refused_by_the_transmitter_is_a_502(http, make_receiver, transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter), transmitter_token="wrong")
    response = http.post(receiver.url + RX + "/poll", json={})
    assert response.status_code == 502
    assert response.json()["transmitter_status"] == 401 and "wrong" not in response.text


def test_poll_without_an_endpoint_is_a_409(http, receiver):
    response = http.post(receiver.url + RX + "/poll", json={})
    assert response.status_code == 409 and response.json()["error"] == "no_poll_endpoint"


def test_background_poller_long_polls_and_acknowledges_promptly(http, make_receiver,
                                                                 transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter), poll_enabled=True)
    assert transmitter.wait_for(lambda: transmitter.requests_to("/ssf/poll"))
    jti = transmitter.enqueue(good(transmitter)[1])  # arrives while a long poll is held
    assert transmitter.wait_for(lambda: jti in transmitter.acks)
    assert poll_bodies(transmitter)[0]["returnImmediately"] is False
    assert events(http, receiver, jti=jti)[0]["accepted"] is True
    assert http.post(receiver.url + RX + "/poll", json={}).status_code == 409  # poller owns it


def test_background_poller_stops_promptly_even_mid_long_poll(http, make_receiver, transmitter):
    transmitter.poll_wait = 30.0  # the transmitter would hold the poll for 30 s
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter), poll_enabled=True)
    assert transmitter.wait_for(lambda: transmitter.requests_to("/ssf/poll"))
    started = time.monotonic()
    stopped = http.post(receiver.url + RX + "/poller", json={"enabled": False})
    assert stopped.status_code == 200 and stopped.json()["running"] is False
    receiver.stop()  # shutdown with no poller task left behind
    assert time.monotonic() - started < 5.0


def test_poller_setting_survives_a_restart(http, make_receiver, transmitter):
    receiver = make_receiver()
    enabled = http.post(receiver.url + RX + "/poller",
                        json={"enabled": True, "endpoint_url": poll_url(transmitter)})
    assert enabled.json()["running"] is True
    receiver.restart()
    assert http.get(receiver.url + RX + "/poller").json()["running"] is True


def test_poller_survives_a_transmitter_restart(http, make_receiver, transmitter):
    transmitter.poll_wait = 0.2
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter), poll_enabled=True)
    assert transmitter.wait_for(lambda: transmitter.requests_to("/ssf/poll"))
    transmitter.restart()
    jti = transmitter.enqueue(good(transmitter)[1])
    assert transmitter.wait_for(lambda: jti in transmitter.acks, timeout=10)
    poller = http.get(receiver.url + RX + "/poller").json()
    assert poller["running"] is True and poller["failures"] >= 1


def test_pending_acks_survive_a_receiver_restart(http, make_receiver, transmitter):
    receiver = make_receiver(poll_endpoint_url=poll_url(transmitter))
    jti, token = good(transmitter)
    # Received by poll, then the receiver stops before its next poll request.
    assert receiver.runtime.engine.ingest(token, "poll", jti).outcome == "accepted"
    receiver.restart()
    http.post(receiver.url + RX + "/poll", json={})
    assert poll_bodies(transmitter)[0]["ack"] == [jti]


def test_background_poller_fetches_the_rest_at_once_when_more_is_available(http, make_receiver,
                                                                           transmitter):
    jtis = [transmitter.enqueue(good(transmitter)[1]) for _ in range(5)]
    make_receiver(poll_endpoint_url=poll_url(transmitter), poll_enabled=True, poll_max_events=2)
    assert transmitter.wait_for(lambda: sorted(transmitter.acks) == sorted(jtis))
    flags = [(b["maxEvents"], b["returnImmediately"]) for b in poll_bodies(transmitter)[:4]]
    assert flags == [(2, False), (2, True), (2, True), (2, False)]
