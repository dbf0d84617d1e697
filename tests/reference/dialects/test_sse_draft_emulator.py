"""The legacy SSE-draft emulators (ABM-era transmitter, Google RISC flavour, ABM-style
receiver) over real uvicorn and httpx, and the effect of each planned fault. The transmitter's
pushes go to the receiver emulator, which verifies them with the keys it discovers at the
transmitter's /.well-known/sse-configuration."""
from __future__ import annotations

import httpx
import pytest

from harness.jose import SigningKey, sign_set
from harness.reference.dialects import EmulatorSettings
from harness.reference.dialects.sse_draft import (
    FAULTS, PLANNED_FAULTS, create_app, create_receiver_app,
)
from harness.reference.dialects.sse_draft.legacy import RISC_POLL, RISC_PUSH
from harness.runtime.servers import RunningServer, reserve_port
from harness.ssf.constants import PUSH
from harness.ssf.events import CAEP_BASE, RISC_BASE, VERIFICATION

API, ADMIN = "api-token", "admin-token"
AUTH = {"Authorization": f"Bearer {API}"}
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture
def start(tmp_path):
    running: list[RunningServer] = []

    def run(factory, name: str, faults=(), **options) -> httpx.Client:
        sock = reserve_port()
        port = sock.getsockname()[1]
        settings = EmulatorSettings(public_base_url=f"http://127.0.0.1:{port}",
                                    db_path=tmp_path / f"{name}.db", api_token=API,
                                    admin_token=ADMIN, faults=frozenset(faults),
                                    options=options)
        running.append(RunningServer(factory(settings), listen_socket=sock).start())
        return httpx.Client(base_url=settings.public_base_url, timeout=15)

    yield run
    for server in running:
        server.stop()


def _pair(start, faults=(), rx_faults=(), **options) -> tuple[httpx.Client, httpx.Client]:
    """A transmitter and a receiver that discovers its keys."""
    tx = start(create_app, "tx", faults, **options)
    rx = start(create_receiver_app, "rx", rx_faults, transmitter_issuer=str(tx.base_url))
    return tx, rx


def _create(tx: httpx.Client, rx: httpx.Client, **delivery) -> dict:
    body = {"delivery": {"method": RISC_PUSH, "endpoint_url": f"{rx.base_url}/ssf/receiver/push",
                         "authorization_header": f"Bearer {API}", **delivery},
            "events_requested": [CAEP_BASE + "session-revoked", CAEP_BASE + "credential-change"],
            "aud": ["https://abm.example.com"], "format": "iss_sub"}
    answer = tx.post("/stream", json=body, headers=AUTH)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _received(rx: httpx.Client, count: int = 1) -> list[dict]:
    events = rx.get("/ssf/receiver/events", params={"wait": 10, "min_count": count},
                    headers=ADMIN_AUTH).json()["events"]
    assert len(events) >= count
    return events


def _emit(tx: httpx.Client, action="session-revoked", **extra) -> str:
    answer = tx.post(f"/_emulator/actions/{action}", headers=ADMIN_AUTH,
                     json={"email": "alice@example.com", **extra})
    assert answer.status_code == 202
    return answer.json()["jti"][0]


def test_faults_killed_by_scenarios_are_registered():
    assert set(FAULTS) == {"sse-subject-top-level", "sse-ssf-delivery-urn",
                           "sse-well-known-ssf-only", "sse-iss-sub-underscore",
                           "sse-receiver-skips-signature"}
    assert all(n.startswith("sse-") for n in PLANNED_FAULTS)


def test_metadata_is_the_id2_era_document(start):
    tx = start(create_app, "tx", issuer_path="abm")
    meta = tx.get("/.well-known/sse-configuration/abm").json()
    assert meta["spec_version"] == "1_0-ID2" and meta["issuer"] == f"{tx.base_url}/abm"
    assert meta["delivery_methods_supported"] == [RISC_PUSH, RISC_POLL]
    assert meta["add_subject_endpoint"].endswith("/abm/add-subject")
    assert tx.get("/.well-known/sse-configuration").status_code == 200
    assert tx.get("/.well-known/sse-configuration/other").status_code == 404
    assert tx.get("/.well-known/ssf-configuration").status_code == 404


def test_abm_stream_lifecycle(start):
    tx, rx = _pair(start)
    stream = _create(tx, rx)
    assert stream["delivery"]["method"] == RISC_PUSH and "sub_id" not in stream
    assert stream["aud"] == ["https://abm.example.com"] and stream["format"] == "iss_sub"
    sid = stream["stream_id"]
    assert tx.get("/stream", params={"stream_id": sid}, headers=AUTH).json() == stream
    updated = tx.patch("/stream", headers=AUTH, json={
        "stream_id": sid, "events_requested": [CAEP_BASE + "credential-change"]}).json()
    assert updated["events_delivered"] == [CAEP_BASE + "credential-change"]
    assert tx.post("/status", headers=AUTH, json={"stream_id": sid, "status": "paused"}
                   ).json()["status"] == "paused"
    assert tx.get("/status", params={"stream_id": sid}, headers=AUTH).json()["status"] == "paused"
    subject = {"user": {"format": "email", "email": "bob@example.com"}}
    assert tx.post("/add-subject", headers=AUTH, json={"subject": subject}).status_code == 200
    assert tx.post("/remove-subject", headers=AUTH, json={"subject": subject}).status_code == 204
    assert tx.post("/remove-subject", headers=AUTH, json={"subject": subject}).status_code == 404
    assert tx.delete("/stream", params={"stream_id": sid}, headers=AUTH).status_code == 204
    assert tx.get("/stream", params={"stream_id": sid}, headers=AUTH).status_code == 404


@pytest.mark.parametrize("delivery", [{"method": PUSH}, {"method": "push"},
                                      {"endpoint_url": "http://abm.example.com/events"}])
def test_create_refuses_what_the_draft_does_not_speak(start, delivery):
    tx, rx = _pair(start)
    body = {"delivery": {"method": RISC_PUSH, "endpoint_url": "https://abm.example.com/e",
                         **delivery}}
    answer = tx.post("/stream", json=body, headers=AUTH)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_request"


def test_management_needs_the_bearer(start):
    tx = start(create_app, "tx")
    assert tx.post("/stream", json={}).status_code == 401


def test_abm_sets_carry_the_subject_inside_the_event(start):
    tx, rx = _pair(start)
    _create(tx, rx)
    jti = _emit(tx, session_id="sess-1")
    entry = _received(rx)[0]
    assert entry["jti"] == jti and entry["accepted"] is True
    assert entry["subject"] == {"user": {"format": "email", "email": "alice@example.com"},
                                "session": {"format": "opaque", "id": "sess-1"}}
    assert "sub_id" not in entry["claims"]
    actions = rx.get("/ssf/receiver/actions", params={"jti": jti}, headers=ADMIN_AUTH).json()
    assert actions["actions"][0]["action"] == "sessions-revoked"


def test_verification_is_pushed_with_the_stream_as_subject(start):
    # ABM-era transmitters verify on their own (vendor-dialects.md): no state
    tx, rx = _pair(start)
    sid = _create(tx, rx)["stream_id"]
    assert tx.post("/verify", headers=AUTH, json={}).status_code == 204
    entry = _received(rx)[0]
    assert entry["event_uri"] == VERIFICATION.uri and entry["subject"]["id"] == sid
    assert entry["accepted"] is True


def test_the_abm_receiver_refuses_a_state_it_never_asked_for(start):
    # SSF §8.1.4.1: it requests no verification, so any state is one it does not expect
    tx, rx = _pair(start)
    _create(tx, rx)
    assert tx.post("/verify", headers=AUTH, json={"state": "s-1"}).status_code == 204
    entry = _received(rx)[0]
    assert entry["accepted"] is False and entry["err"] == "invalid_state"


def test_poll_stream_with_the_risc_poll_urn(start):
    tx = start(create_app, "tx")
    stream = tx.post("/stream", headers=AUTH, json={"delivery": {"method": RISC_POLL}}).json()
    poll_url = stream["delivery"]["endpoint_url"]
    jti = _emit(tx, "credential-change")
    polled = tx.post(poll_url, headers=AUTH, json={"returnImmediately": True}).json()
    assert list(polled["sets"]) == [jti]
    assert tx.post(poll_url, headers=AUTH, json={"ack": [jti], "returnImmediately": True}
                   ).json()["sets"] == {}


def test_google_flavour(start):
    tx = start(create_app, "tx", flavour="google-risc")
    rx = start(create_receiver_app, "rx", transmitter_issuer=str(tx.base_url))
    meta = tx.get("/.well-known/risc-configuration").json()
    assert meta["configuration_endpoint"] == f"{tx.base_url}/v1beta/stream"
    assert "spec_version" not in meta
    assert tx.get("/.well-known/sse-configuration").status_code == 200
    body = {"delivery": {"delivery_method": RISC_PUSH, "url": f"{rx.base_url}/ssf/receiver/push",
                         "authorization_header": f"Bearer {API}"},
            "events_requested": [RISC_BASE + "account-disabled"]}
    assert tx.post("/v1beta/stream:update", json=body, headers=AUTH).status_code == 200
    shown = tx.get("/v1beta/stream", headers=AUTH).json()
    assert shown["delivery"] == {"delivery_method": RISC_PUSH,   # the bearer is not echoed
                                 "url": f"{rx.base_url}/ssf/receiver/push"}
    assert "stream_id" not in shown   # one stream per project, named by no id (as Google)
    _emit(tx, "account-disabled")
    subject = _received(rx)[0]["subject"]
    assert subject["subject_type"] == "iss-sub" and subject["iss"] == str(tx.base_url)


# -- planned transmitter faults --------------------------------------------------------------
def test_fault_subject_top_level(start):
    tx, rx = _pair(start, {"sse-subject-top-level"})
    _create(tx, rx)
    _emit(tx)
    entry = _received(rx)[0]
    assert entry["accepted"] is False and entry["err"] == "invalid_request"
    assert "sub_id" in entry["claims"]


def test_fault_ssf_delivery_urn(start):
    tx = start(create_app, "tx", {"sse-ssf-delivery-urn"})
    meta = tx.get("/.well-known/sse-configuration").json()
    assert PUSH in meta["delivery_methods_supported"]
    assert RISC_PUSH not in meta["delivery_methods_supported"]


def test_fault_well_known_ssf_only(start):
    tx = start(create_app, "tx", {"sse-well-known-ssf-only"})
    assert tx.get("/.well-known/sse-configuration").status_code == 404
    assert tx.get("/.well-known/ssf-configuration").status_code == 200


def test_fault_iss_sub_underscore(start):
    tx = start(create_app, "tx", {"sse-iss-sub-underscore"}, flavour="google-risc")
    rx = start(create_receiver_app, "rx", transmitter_issuer=str(tx.base_url))
    tx.post("/v1beta/stream:update", headers=AUTH, json={"delivery": {
        "delivery_method": RISC_PUSH, "url": f"{rx.base_url}/ssf/receiver/push",
        "authorization_header": f"Bearer {API}"}})
    _emit(tx, "account-disabled")
    assert _received(rx)[0]["subject"]["subject_type"] == "iss_sub"


# -- the ABM-style receiver ------------------------------------------------------------------
def _signed(key: SigningKey, **claims) -> str:
    base = {"iss": "https://idp.example.com", "aud": "abm", "iat": 1, "jti": "j-1"}
    return sign_set({**base, **claims}, key)


def _push(rx: httpx.Client, token: str, bearer: str = API) -> httpx.Response:
    return rx.post("/ssf/receiver/push", content=token, headers={
        "Authorization": f"Bearer {bearer}", "Content-Type": "application/secevent+jwt"})


@pytest.fixture
def keyed(start):
    key = SigningKey.generate()

    def run(faults=()):
        return key, start(create_receiver_app, "rx", faults,
                          jwks={"keys": [key.public_jwk()]})
    return run


def test_receiver_refuses_a_top_level_sub_id(keyed):
    key, rx = keyed()
    event = {CAEP_BASE + "session-revoked": {"event_timestamp": 1}}
    answer = _push(rx, _signed(key, sub_id={"format": "email", "email": "a@example.com"},
                               events=event))
    assert answer.status_code == 400 and answer.json()["err"] == "invalid_request"
    legacy = {CAEP_BASE + "session-revoked": {"subject": {"user": {
        "format": "email", "email": "a@example.com"}}}}
    assert _push(rx, _signed(key, jti="j-2", events=legacy)).status_code == 202
    entries = _received(rx, 2)
    assert [e["accepted"] for e in entries] == [False, True]


def test_receiver_checks_bearer_and_signature(keyed):
    key, rx = keyed()
    legacy = {CAEP_BASE + "session-revoked": {"subject": {"user": {"format": "opaque",
                                                                   "id": "u"}}}}
    assert _push(rx, _signed(key, events=legacy), bearer="wrong").status_code == 401
    rogue = SigningKey.generate(kid=key.kid)
    answer = _push(rx, _signed(rogue, events=legacy))
    assert answer.status_code == 400 and answer.json()["err"] == "invalid_key"


def test_fault_receiver_skips_signature(keyed):
    key, rx = keyed({"sse-receiver-skips-signature"})
    legacy = {CAEP_BASE + "session-revoked": {"subject": {"user": {"format": "opaque",
                                                                   "id": "u"}}}}
    assert _push(rx, _signed(SigningKey.generate(kid=key.kid), events=legacy)).status_code == 202
