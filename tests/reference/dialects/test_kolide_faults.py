"""Each planned Kolide fault breaks its one documented rule (and the emulator refuses names it
does not know). A fault is registered (FAULTS) once harness/selftest/kills_kolide.yaml names the
scenarios that kill it; the others stay planned and are listed in that file's header."""
from __future__ import annotations

import pytest
import yaml

from harness.jose import verify_set
from harness.reference.dialects import EmulatorSettings, create_app, faults
from harness.reference.dialects.kolide import FAULTS, PLANNED_FAULTS
from harness.suite.profiles import PROJECT_ROOT
from tests.reference.dialects.kolide_support import DCC, POLL

KILLS = PROJECT_ROOT / "harness" / "selftest" / "kills_kolide.yaml"


def test_registered_faults_are_the_killed_ones_and_the_rest_are_named_as_planned():
    assert all(f.role == "transmitter" and n.startswith("kolide-")
               for n, f in PLANNED_FAULTS.items())
    text = KILLS.read_text()
    killed = set((yaml.safe_load(text) or {}).get("faults") or {})
    assert set(FAULTS) == killed <= set(PLANNED_FAULTS)
    assert {n for n in faults() if n.startswith("kolide-")} == killed
    assert all(name in text for name in PLANNED_FAULTS)   # the unregistered in the header


def test_unknown_kolide_fault_names_are_refused(tmp_path):
    settings = EmulatorSettings("http://127.0.0.1:1", tmp_path / "k.sqlite3", "t", "a",
                                faults=frozenset({"kolide-no-such-fault"}))
    with pytest.raises(ValueError, match="kolide-no-such-fault"):
        create_app("kolide", settings)


def test_poll_token_repeated(make_kolide):
    kolide = make_kolide(["kolide-poll-token-repeated"])
    token = kolide.poll_stream()["poll_bearer_token"]
    assert token in kolide.call("GET", "/ssf_streams").text


def test_poll_without_token_accepted(make_kolide):
    kolide = make_kolide(["kolide-poll-without-token-accepted"])
    stream = kolide.poll_stream()
    assert kolide.poll(stream, token=None).status_code == 200
    assert kolide.poll(stream, token="x" * 32).status_code == 401  # only the missing header


def test_legacy_stream_needs_token(make_kolide):
    kolide = make_kolide(["kolide-legacy-stream-needs-token"])
    stream = kolide.admin("/legacy-streams", {"ssf_stream": {"name": "Old"}}).json()
    assert kolide.poll(stream, token=None).status_code == 401


def test_rotation_keeps_stream_id(make_kolide):
    kolide = make_kolide(["kolide-rotation-keeps-stream-id"])
    old = kolide.poll_stream()
    kolide.call("DELETE", f"/ssf_streams/{old['id']}")
    new = kolide.poll_stream()
    assert new["stream_id"] == old["stream_id"]
    assert new["poll_bearer_token"] != old["poll_bearer_token"]


def test_private_push_accepted(make_kolide):
    kolide = make_kolide(["kolide-private-push-accepted"])
    assert kolide.create_legacy(aud="http://10.0.0.1/web", delivery_type="push"
                                ).status_code == 201


def test_version_header_ignored(make_kolide):
    kolide = make_kolide(["kolide-version-header-ignored"])
    headers = {k: v for k, v in kolide.headers().items() if k != "X-Kolide-Api-Version"}
    assert kolide.call("GET", "/ssf_streams", headers=headers).status_code == 200
    no_token = {k: v for k, v in kolide.headers().items() if k != "Authorization"}
    assert kolide.call("GET", "/ssf_streams", headers=no_token).status_code == 401


def test_list_unwrapped(make_kolide):
    kolide = make_kolide(["kolide-list-unwrapped"])
    kolide.poll_stream()
    listed = kolide.call("GET", "/ssf_streams").json()
    assert isinstance(listed, list) and len(listed) == 1


def test_legacy_body_refused(make_kolide):
    kolide = make_kolide(["kolide-legacy-body-refused"])
    assert kolide.create_legacy(delivery_type="poll").status_code == 422
    assert kolide.create_standard(POLL).status_code == 201


def test_test_answer_unshaped(make_kolide):
    kolide = make_kolide(["kolide-test-answer-unshaped"])
    stream = kolide.poll_stream()
    answer = kolide.call("POST", f"/ssf_streams/{stream['id']}/test",
                         json={"email": "a@example.com"})
    assert answer.status_code == 200 and answer.json() == {"success": True}


def test_v1_no_sub_id(make_kolide):
    kolide = make_kolide(["kolide-v1-no-sub-id"])
    stream = kolide.poll_stream()
    assert stream["spec_version"] == "v1.0"
    kolide.trigger()
    (token,) = kolide.poll(stream).json()["sets"].values()
    claims = verify_set(token, kolide.jwks()).claims
    assert "sub_id" not in claims and "subject" in claims["events"][DCC]


def test_other_events_delivered(make_kolide):
    kolide = make_kolide(["kolide-other-events-delivered"])
    stream = kolide.poll_stream()
    assert len(kolide.trigger("session-revoked").json()["jti"]) == 1
    (token,) = kolide.poll(stream).json()["sets"].values()
    assert list(verify_set(token, kolide.jwks()).claims["events"]) != [DCC]


def test_other_events_taken(make_kolide):
    kolide = make_kolide(["kolide-other-events-taken"])
    revoked = DCC.replace("device-compliance-change", "session-revoked")
    body = {"ssf_stream": {"name": "x", "delivery_type": "poll",
                           "event_subscriptions": [DCC, revoked]}}
    created = kolide.call("POST", "/ssf_streams", json=body)
    assert created.status_code == 201 and revoked in created.json()["events_requested"]


def test_ack_ignored(make_kolide):
    kolide = make_kolide(["kolide-ack-ignored"])
    stream = kolide.poll_stream()
    kolide.trigger()
    jtis = list(kolide.poll(stream).json()["sets"])
    assert kolide.ack(stream, jtis).status_code == 204
    assert list(kolide.poll(stream).json()["sets"]) == jtis


def test_every_planned_fault_has_a_test_here():
    tested = {n[len("test_"):].replace("_", "-") for n in globals() if n.startswith("test_")}
    assert {n[len("kolide-"):] for n in PLANNED_FAULTS} <= tested
