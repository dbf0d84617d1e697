"""Bad input anywhere gets the right 4xx with a JSON error body, never a 500 or a trace."""
import socket

import pytest

RX = "/ssf/receiver"


def assert_json_error(response, status: int, key: str = "error") -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    body = response.json()
    assert isinstance(body[key], str) and body[key]
    return body


@pytest.mark.parametrize("path", ["/stream", "/stream/verify", "/stream/status", "/poll",
                                  "/poller", "/idp/users", "/stream/subjects/add"])
@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b'"a string"'])
def test_malformed_json_bodies_are_400(path, raw, module_pair):
    _, receiver, http = module_pair
    response = http.post(receiver.url + RX + path, content=raw,
                         headers={"Content-Type": "application/json"})
    assert_json_error(response, 400)


@pytest.mark.parametrize("path, body", [
    ("/stream", {"delivery": 5}),
    ("/stream", {"delivery": "carrier-pigeon"}),
    ("/stream", {"events_requested": "not-a-list"}),
    ("/stream", {"unknown_member": True}),
    ("/stream/verify", {"state": 42}),
    ("/stream/status", {"status": "sleeping"}),
    ("/stream/subjects/add", {"subject": "alice"}),
    ("/poll", {"max_events": "ten"}),
    ("/poll", {"max_events": -1}),
    ("/poller", {"endpoint_url": "http://x"}),
    ("/idp/users", {"email": ""}),
    ("/idp/users", {"phone_number": "555-0100"}),
    ("/idp/users", {"email": "e@example.com", "sessions": [{"device_id": "d"}]}),
    ("/idp/users", {"sessions": []}),
])
def test_wrong_types_and_values_are_400_naming_the_problem(path, body, module_pair):
    _, receiver, http = module_pair
    error = assert_json_error(http.post(receiver.url + RX + path, json=body), 400)
    assert error["error"] == "invalid_request" and error["error_description"]


def test_oversized_control_body_is_413(http, make_receiver):
    receiver = make_receiver(max_body_bytes=1024)
    response = http.post(receiver.url + RX + "/idp/users",
                         json={"email": "big@example.com", "sessions": [
                             {"id": f"s-{i}", "device_id": "d" * 40} for i in range(50)]})
    assert_json_error(response, 413)


@pytest.mark.parametrize("method, path", [
    ("POST", RX + "/stream/config"), ("GET", RX + "/stream/verify"), ("DELETE", RX + "/events"),
    ("POST", RX + "/status"), ("PATCH", "/ssf/security-state"), ("PUT", RX + "/poll"),
])
def test_wrong_methods_are_405_json(method, path, module_pair):
    _, receiver, http = module_pair
    assert_json_error(http.request(method, receiver.url + path), 405)


def test_wrong_method_on_push_uses_the_push_error_shape(http, receiver):
    body = assert_json_error(http.get(receiver.url + RX + "/push"), 405, key="err")
    assert body["err"] == "invalid_request"


def test_unknown_paths_and_subjects_are_404_json(http, receiver):
    assert_json_error(http.get(receiver.url + "/ssf/nowhere"), 404)
    assert_json_error(http.get(receiver.url + "/ssf/security-state/nobody@example.com"), 404)


@pytest.mark.parametrize("query", [
    {"limit": "abc"}, {"limit": "0"}, {"limit": "100000"}, {"wait": "-1"}, {"wait": "3600"},
    {"accepted": "maybe"}, {"since": "yesterday"}, {"event_type": "no-such-event"},
    {"order": "sideways"}, {"min_count": "x"},
])
def test_bad_query_parameters_are_400(query, module_pair):
    _, receiver, http = module_pair
    assert_json_error(http.get(receiver.url + RX + "/events", params=query), 400)


def test_bad_query_parameters_on_actions_are_400(http, receiver):
    assert_json_error(http.get(receiver.url + RX + "/actions", params={"user_id": "x"}), 400)


def test_reusing_a_verification_state_is_409(http, receiver):
    assert http.post(receiver.url + RX + "/stream", json={}).status_code == 201
    first = http.post(receiver.url + RX + "/stream/verify", json={"state": "same"})
    assert first.status_code == 202
    assert_json_error(http.post(receiver.url + RX + "/stream/verify", json={"state": "same"}), 409)


def test_push_with_invalid_content_length_is_400(receiver):
    host, port = "127.0.0.1", receiver.port
    request = (b"POST /ssf/receiver/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
               b"Content-Type: application/secevent+jwt\r\nContent-Length: abc\r\n\r\n")
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(request)
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 4")  # uvicorn or the receiver refuses it; never a 500
