"""Driving the receiver's stream at the transmitter through the control endpoints."""
from harness.ssf.constants import POLL, PUSH
from harness.ssf.events import STREAM_UPDATED

from tests.reference.receiver.conftest import PUSH_BEARER, push
from tests.reference.receiver.standin import CLIENT_ID, CLIENT_SECRET

RX = "/ssf/receiver"


def create(http, receiver, **body):
    return http.post(receiver.url + RX + "/stream", json=body)


def test_create_push_stream_sends_our_endpoint_and_authorization_header(http, receiver,
                                                                       transmitter):
    response = create(http, receiver, description="reference receiver")
    assert response.status_code == 201, response.text
    stream = response.json()["stream"]
    sent = transmitter.requests_to("/ssf/stream", "POST")[0]["body"]
    assert sent["delivery"] == {"method": PUSH, "endpoint_url": receiver.url + RX + "/push",
                                "authorization_header": f"Bearer {PUSH_BEARER}"}
    assert sent["events_requested"] and sent["description"] == "reference receiver"
    assert set(sent) == {"delivery", "events_requested", "description"}  # receiver-supplied only
    status = http.get(receiver.url + RX + "/status").json()
    assert [s["stream_id"] for s in status["streams"]] == [stream["stream_id"]]
    assert PUSH_BEARER not in response.text + http.get(receiver.url + RX + "/stream").text
    assert create(http, receiver).status_code == 409


def test_verification_is_confirmed_when_the_pushed_set_arrives(http, receiver, transmitter):
    create(http, receiver)
    response = http.post(receiver.url + RX + "/stream/verify", json={})
    assert response.status_code == 202
    state = response.json()["state"]
    assert transmitter.requests_to("/ssf/verify")[0]["body"]["state"] == state
    confirmed = http.get(receiver.url + RX + "/verifications",
                         params={"state": state, "wait": 5}).json()["verifications"]
    assert confirmed[0]["confirmed"] is True and confirmed[0]["jti"]
    # The stand-in logs its push once the receiver's answer is back: wait for the entry.
    assert transmitter.wait_for(lambda: any(r["method"] == "PUSHED" for r in transmitter.log))
    pushed = [r for r in transmitter.log if r["method"] == "PUSHED"]
    assert pushed[0]["status"] == 202
    assert http.get(receiver.url + RX + "/status").json()["last_verification"]["state"] == state


def test_update_status_subjects_and_delete_reach_the_transmitter(http, receiver, transmitter):
    stream_id = create(http, receiver).json()["stream"]["stream_id"]
    patched = http.patch(receiver.url + RX + "/stream", json={"description": "renamed"})
    assert patched.status_code == 200 and patched.json()["stream"]["description"] == "renamed"
    assert transmitter.requests_to("/ssf/stream", "PATCH")[0]["body"] == {
        "description": "renamed", "stream_id": stream_id}
    paused = http.post(receiver.url + RX + "/stream/status", json={"status": "paused"})
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert http.get(receiver.url + RX + "/stream/status").json()["status"] == "paused"
    subject = {"format": "email", "email": "alice@example.com"}
    for action in ("add", "remove"):
        r = http.post(f"{receiver.url}{RX}/stream/subjects/{action}", json={"subject": subject})
        assert r.status_code == 204
        assert transmitter.requests_to(f"/ssf/subjects/{action}")[0]["body"] == {
            "stream_id": stream_id, "subject": subject}
    deleted = http.delete(receiver.url + RX + "/stream")
    assert deleted.status_code == 204
    assert transmitter.requests_to("/ssf/stream", "DELETE")[0]["query"] == {"stream_id": stream_id}
    assert http.get(receiver.url + RX + "/stream").json()["streams"] == []
    assert http.delete(receiver.url + RX + "/stream").status_code == 404


def test_operations_without_a_stream_answer_404(http, receiver):
    for method, path, body in (("POST", "/stream/verify", {}), ("PATCH", "/stream", {"x": 1}),
                               ("POST", "/stream/status", {"status": "enabled"})):
        response = http.request(method, receiver.url + RX + path, json=body)
        assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_stream_updated_set_records_the_new_status(http, receiver, transmitter):
    stream_id = create(http, receiver).json()["stream"]["stream_id"]
    claims = transmitter.claims(STREAM_UPDATED.uri, {"format": "opaque", "id": stream_id},
                                {"status": "disabled", "reason": "maintenance"})
    assert push(http, receiver, transmitter.sign(claims)).status_code == 202
    http.get(receiver.url + RX + "/actions", params={"jti": claims["jti"], "wait": 5})
    streams = http.get(receiver.url + RX + "/status").json()["streams"]
    assert streams[0]["status"] == "disabled" and streams[0]["status_reason"] == "maintenance"


def test_metadata_with_another_issuer_is_refused_before_any_management_call(
        http, make_receiver, transmitter):
    transmitter.metadata_overrides = {"issuer": "https://other.example"}
    receiver = make_receiver()
    response = create(http, receiver)
    assert response.status_code == 502 and response.json()["error"] == "issuer_mismatch"
    assert not transmitter.requests_to("/ssf/stream")


def test_stream_with_a_wrong_iss_is_not_kept(http, receiver, transmitter):
    transmitter.stream_overrides = {"iss": "https://evil.example"}
    response = create(http, receiver)
    assert response.status_code == 502 and response.json()["error"] == "issuer_mismatch"
    assert http.get(receiver.url + RX + "/stream").json()["streams"] == []


def test_unreachable_transmitter_gives_503(http, make_receiver, transmitter):
    receiver = make_receiver(transmitter_issuer="http://127.0.0.1:9/ssf")
    response = create(http, receiver)
    assert response.status_code == 503
    assert response.json()["error"] == "transmitter_unavailable"


OBSERVATION = [RX + "/status", RX + "/events", RX + "/actions", RX + "/verifications",
               RX + "/stream", RX + "/poller", RX + "/idp/users", "/ssf/security-state",
               "/ssf/security-state/alice@example.com"]


def test_control_token_protects_control_and_observation_endpoints(http, make_receiver):
    receiver = make_receiver(control_token="ctl-token-1")
    refused = create(http, receiver)
    assert refused.status_code == 401 and "ctl-token" not in refused.text
    for path in OBSERVATION:  # they show subjects, sessions and received SETs
        response = http.get(receiver.url + path)
        assert response.status_code == 401, path
        assert response.json()["error"] == "unauthorized"
        wrong = http.get(receiver.url + path, headers={"Authorization": "Bearer ctl-token-2"})
        assert wrong.status_code == 401, path
    # RFC 7235 §2.1: the auth scheme is a case-insensitive token.
    for scheme in ("Bearer", "bearer", "BEARER"):
        ok = http.get(receiver.url + RX + "/status",
                      headers={"Authorization": f"{scheme} ctl-token-1"})
        assert ok.status_code == 200, scheme
    allowed = http.post(receiver.url + RX + "/stream", json={},
                        headers={"Authorization": "bearer ctl-token-1"})
    assert allowed.status_code == 201


def test_oauth_client_credentials_are_used_for_management(http, make_receiver, transmitter):
    receiver = make_receiver(transmitter_token=None, client_id=CLIENT_ID,
                             client_secret=CLIENT_SECRET,
                             token_endpoint=transmitter.base_url + "/token")
    response = create(http, receiver)
    assert response.status_code == 201
    issued = transmitter.requests_to("/token")[0]["issued"]
    assert transmitter.requests_to("/ssf/stream")[0]["headers"]["authorization"] == \
        f"Bearer {issued}"
    status = http.get(receiver.url + RX + "/status").text
    assert CLIENT_SECRET not in status and issued not in status


def test_poll_stream_starts_the_poller_and_verification_arrives_by_poll(http, receiver,
                                                                        transmitter):
    response = create(http, receiver, delivery="poll")
    assert response.status_code == 201
    assert transmitter.requests_to("/ssf/stream", "POST")[0]["body"]["delivery"] == {
        "method": POLL}
    assert http.get(receiver.url + RX + "/poller").json()["running"] is True
    state = http.post(receiver.url + RX + "/stream/verify", json={"state": "poll-state-1"}
                      ).json()["state"]
    confirmed = http.get(receiver.url + RX + "/verifications",
                         params={"state": state, "wait": 5}).json()["verifications"]
    assert confirmed[0]["confirmed"] is True
    assert http.delete(receiver.url + RX + "/stream").status_code == 204
    assert http.get(receiver.url + RX + "/poller").json()["running"] is False
