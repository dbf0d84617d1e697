"""Response actions on the mock IdP, observed through the action log and the security state."""
import pytest

from harness.ssf.events import BY_ACTION

from tests.reference.receiver.conftest import ALICE, actions_for, push
from tests.reference.receiver.standin import StandInTransmitter

BOB = {"format": "email", "email": "bob@example.com"}


def uri(action: str) -> str:
    return BY_ACTION[action].uri


def deliver(http, receiver, tx: StandInTransmitter, action: str, subject: dict,
            payload: dict | None = None) -> list[dict]:
    claims = tx.claims(uri(action), subject, payload)
    assert push(http, receiver, tx.sign(claims)).status_code == 202
    return actions_for(http, receiver, claims["jti"])


def sessions(http, receiver, email: str) -> dict[str, str]:
    users = http.get(receiver.url + "/ssf/receiver/idp/users").json()["users"]
    user = next(u for u in users if u["email"] == email)
    return {s["id"]: s["state"] for s in user["sessions"]}


def state(http, receiver, email: str) -> dict:
    response = http.get(f"{receiver.url}/ssf/security-state/{email}")
    assert response.status_code == 200, response.text
    return response.json()


def test_session_revoked_for_a_user_ends_all_their_sessions(http, receiver, transmitter):
    logged = deliver(http, receiver, transmitter, "session-revoked", ALICE)
    assert [a["action"] for a in logged] == ["sessions-revoked"]
    assert set(logged[0]["detail"]["sessions"]) == {"s-alice-laptop", "s-alice-phone"}
    assert set(sessions(http, receiver, "alice@example.com").values()) == {"revoked"}
    assert set(sessions(http, receiver, "bob@example.com").values()) == {"active"}


def test_complex_subject_revokes_only_sessions_matching_every_member(http, receiver,
                                                                     transmitter):
    subject = {"format": "complex", "user": ALICE,
               "device": {"format": "opaque", "id": "laptop-alice"}}
    logged = deliver(http, receiver, transmitter, "session-revoked", subject)
    assert logged[0]["detail"]["sessions"] == ["s-alice-laptop"]
    assert sessions(http, receiver, "alice@example.com") == {"s-alice-laptop": "revoked",
                                                             "s-alice-phone": "active"}


def test_complex_subject_with_a_session_member_revokes_that_session(http, receiver, transmitter):
    subject = {"format": "complex", "session": {"format": "opaque", "id": "s-alice-phone"},
               "tenant": {"format": "opaque", "id": "t1"}}
    deliver(http, receiver, transmitter, "session-revoked", subject)
    assert sessions(http, receiver, "alice@example.com") == {"s-alice-laptop": "active",
                                                             "s-alice-phone": "revoked"}


def test_complex_subject_with_another_users_device_matches_nothing(http, receiver, transmitter):
    subject = {"format": "complex", "user": ALICE,
               "device": {"format": "opaque", "id": "desktop-bob"}}
    logged = deliver(http, receiver, transmitter, "session-revoked", subject)
    assert [a["action"] for a in logged] == ["no-matching-session"]
    assert set(sessions(http, receiver, "bob@example.com").values()) == {"active"}


@pytest.mark.parametrize("subject, email", [
    ({"format": "iss_sub", "iss": "https://idp.example.com/", "sub": "alice"},
     "alice@example.com"),
    ({"format": "phone_number", "phone_number": "+12065550100"}, "bob@example.com"),
    ({"format": "opaque", "id": "u-carol-7f3a"}, "carol@example.com"),
    ({"format": "account", "uri": "acct:Carol@Example.com"}, "carol@example.com"),
    ({"format": "email", "email": "ALICE@example.COM"}, "alice@example.com"),
    ({"format": "aliases", "identifiers": [{"format": "email", "email": "nobody@x.example"},
                                           {"format": "email", "email": "bob@example.com"}]},
     "bob@example.com"),
])
def test_subject_formats_resolve_to_the_local_user(subject, email, http, receiver, transmitter):
    deliver(http, receiver, transmitter, "session-revoked", subject)
    assert set(sessions(http, receiver, email).values()) == {"revoked"}


def test_credential_change_forces_reauthentication_and_is_recorded(http, receiver, transmitter):
    logged = deliver(http, receiver, transmitter, "credential-change", ALICE,
                     {"credential_type": "fido2-roaming", "change_type": "create"})
    assert [a["action"] for a in logged] == ["credential-change-recorded", "reauth-required"]
    assert set(sessions(http, receiver, "alice@example.com").values()) == {"reauth_required"}
    assert state(http, receiver, "alice@example.com")["sessions"]["reauth_required"] == 2


def test_account_disabled_enabled_and_purged_change_the_account_state(http, receiver,
                                                                      transmitter):
    logged = deliver(http, receiver, transmitter, "account-disabled", BOB, {"reason": "hijacking"})
    assert logged[0]["action"] == "account-disabled"
    assert logged[0]["detail"] == {"account_state": "disabled", "reason": "hijacking",
                                   "sessions_revoked": ["s-bob-desktop"]}
    assert state(http, receiver, "bob@example.com")["account_state"] == "disabled"
    deliver(http, receiver, transmitter, "account-enabled", BOB)
    assert state(http, receiver, "bob@example.com")["account_state"] == "enabled"
    deliver(http, receiver, transmitter, "account-purged", BOB)
    assert state(http, receiver, "bob@example.com")["account_state"] == "purged"


def test_credential_compromise_forces_reset_and_revokes_all_sessions(http, receiver, transmitter):
    logged = deliver(http, receiver, transmitter, "credential-compromise", ALICE,
                     {"credential_type": "password"})
    assert [a["action"] for a in logged] == ["credential-reset-forced", "sessions-revoked"]
    current = state(http, receiver, "alice@example.com")
    assert current["credential_reset_required"] is True
    assert current["sessions"] == {"active": 0, "revoked": 2, "reauth_required": 0}


def test_risc_sessions_revoked_ends_every_session(http, receiver, transmitter):
    deliver(http, receiver, transmitter, "sessions-revoked", ALICE)
    assert set(sessions(http, receiver, "alice@example.com").values()) == {"revoked"}


def test_identifier_changed_records_the_new_identifier(http, receiver, transmitter):
    logged = deliver(http, receiver, transmitter, "identifier-changed", BOB,
                     {"new-value": "robert@example.com"})
    assert logged[0]["detail"] == {"format": "email", "old_value": "bob@example.com",
                                   "new_value": "robert@example.com"}
    assert state(http, receiver, "robert@example.com")["user_id"] is not None
    old = state(http, receiver, "bob@example.com")  # the old identifier keeps its event history
    assert "account_state" not in old and old["signals"]["last_event"]["uri"] == uri(
        "identifier-changed")


def test_other_events_are_recorded_in_the_security_state(http, receiver, transmitter):
    logged = deliver(http, receiver, transmitter, "risk-level-change", ALICE,
                     {"principal": "USER", "current_level": "HIGH"})
    assert [a["action"] for a in logged] == ["recorded"]
    signals = state(http, receiver, "alice@example.com")["signals"]
    assert signals["risk_level"] == "HIGH"
    assert signals["last_event"]["uri"] == uri("risk-level-change")


def test_event_about_an_unknown_subject_is_recorded_without_an_idp_change(http, receiver,
                                                                          transmitter):
    stranger = {"format": "email", "email": "stranger@example.com"}
    logged = deliver(http, receiver, transmitter, "account-disabled", stranger)
    assert [a["action"] for a in logged] == ["subject-not-found"]
    assert state(http, receiver, "stranger@example.com")["user_id"] is None


def test_critical_member_in_an_unknown_format_discards_the_event(http, make_receiver,
                                                                 transmitter):
    transmitter.metadata_overrides = {"critical_subject_members": ["tenant"]}
    receiver = make_receiver()
    subject = {"format": "complex", "user": ALICE,
               "tenant": {"format": "x-proprietary", "code": "t1"}}
    logged = deliver(http, receiver, transmitter, "session-revoked", subject)
    assert [a["action"] for a in logged] == ["discarded"]
    assert set(sessions(http, receiver, "alice@example.com").values()) == {"active"}


def test_user_added_through_the_idp_endpoint_gets_response_actions(http, receiver, transmitter):
    body = {"email": "dave@example.com", "sessions": [{"id": "s-dave", "device_id": "d1"}],
            "credentials": [{"type": "password"}]}
    created = http.post(receiver.url + "/ssf/receiver/idp/users", json=body)
    assert created.status_code == 201 and created.json()["sessions"][0]["state"] == "active"
    deliver(http, receiver, transmitter, "session-revoked",
            {"format": "email", "email": "dave@example.com"})
    assert sessions(http, receiver, "dave@example.com") == {"s-dave": "revoked"}
    again = http.post(receiver.url + "/ssf/receiver/idp/users", json=body)
    assert again.status_code == 409 and again.json()["error"] == "user_exists"
