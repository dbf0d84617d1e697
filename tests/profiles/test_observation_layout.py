"""The receiver observation layout: JSON pointers per field, arrays or objects of entries, and
answers that do not fit named by the layout field (issue 11, item 4)."""
from __future__ import annotations

import pytest

from harness.profiles.observation import (LogLayout, ObservationLayout, StateLayout, Unreadable,
                                          read_log, read_state, resolve)

from tests.profiles.conftest import MINIMAL_ENV, with_changes

DEFAULT = ObservationLayout()
RECEIVER = {"name": "rx", "receiver": {
    "base_url": "https://rp.example",
    "delivery": {"method": "push", "endpoint_url": "https://rp.example/push"},
    "observation": {"type": "http", "actions_url": "/actions",
                    "security_state_url": "/state/{email}"}}}


def test_pointers_follow_rfc_6901():
    doc = {"a/b": {"m~n": [10, 20]}, "": 1}
    assert resolve(doc, "/a~1b/m~0n/1") == 20
    assert resolve(doc, "") is doc and resolve(doc, "/") == 1
    assert resolve(doc, "/a~1b/m~0n/7") is not resolve(doc, "")      # missing, not an error
    with pytest.raises(ValueError):
        resolve(doc, "a")


def test_the_sandbox_layout_is_the_default():
    body = {"actions": [{"jti": "j1", "action": "sessions-revoked", "at": 1}]}
    assert read_log(body, DEFAULT.actions, "actions") == [{"jti": "j1",
                                                           "action": "sessions-revoked"}]
    state = {"sessions": {"active": 0}, "account_state": "enabled",
             "credential_reset_required": False}
    assert read_state(state, DEFAULT.security_state) == {
        "sessions_active": 0, "account_state": "enabled", "credential_reset_required": False}
    assert DEFAULT.names_for("session-revoked") == ("sessions-revoked",)


def test_an_array_answer_or_an_object_of_entries_reads_with_its_layout():
    layout = LogLayout("", (("jti", "/set/jti"), ("action", "/type")))
    answer = [{"set": {"jti": "j1"}, "type": "revoke"}, {"set": {"jti": "j2"}}]
    assert read_log(answer, layout, "actions") == [{"jti": "j1", "action": "revoke"},
                                                   {"jti": "j2"}]
    keyed = {"log": {"j1": {"set": {"jti": "j1"}, "type": "revoke"}}}
    assert read_log(keyed, LogLayout("/log", layout.fields), "actions") == [
        {"jti": "j1", "action": "revoke"}]
    assert read_log([], layout, "actions") == []


def test_an_answer_that_does_not_fit_names_the_layout_field():
    with pytest.raises(Unreadable) as info:
        read_log([{"jti": "j1"}], DEFAULT.actions, "actions")
    assert str(info.value) == ('receiver.observation.layout.actions.entries ("/actions") finds '
                               'nothing in the answer, which is a JSON array (use "" for an '
                               'answer that is the list itself)')
    with pytest.raises(Unreadable, match=r'entries \("/events"\) is a JSON str'):
        read_log({"events": "none"}, DEFAULT.events, "events")
    with pytest.raises(Unreadable, match=r'layout.actions.jti \("/jti"\) finds nothing in any '
                                         r'of the 2 entries'):
        read_log({"actions": [{"id": 1}, {"id": 2}]}, DEFAULT.actions, "actions")


def test_a_state_that_does_not_fit_names_the_layout_field():
    with pytest.raises(Unreadable, match=r'security_state.state \(""\) finds a JSON array'):
        read_state([{"sessions": 1}], DEFAULT.security_state)
    with pytest.raises(Unreadable, match=r'security_state.sessions_active \("/sessions/active"\)'
                                         r' finds nothing'):
        read_state({"account_state": "enabled", "credential_reset_required": False},
                   DEFAULT.security_state)
    only = StateLayout("/user", (("sessions_active", "/n"),))
    assert read_state({"user": {"n": 2, "other": 1}}, only) == {"sessions_active": 2}


def test_the_profile_declares_the_layout_and_unmapped_state_fields(load):
    doc = with_changes(RECEIVER, receiver__observation__layout={
        "actions": {"entries": "", "action": "/type",
                    "names": {"session-revoked": ["revoke_all_sessions"]}},
        "security_state": {"state": "/user", "sessions_active": "/active",
                           "account_state": "/status", "account_disabled": "suspended",
                           "credential_reset_required": None}})
    layout = load(doc, env=MINIMAL_ENV).receiver.observation.layout
    assert layout.actions == LogLayout("", (("jti", "/jti"), ("action", "/type")))
    assert layout.names_for("session-revoked") == ("revoke_all_sessions",)
    assert layout.names_for("account-disabled") == ("account-disabled",)   # sandbox default
    assert layout.security_state.mapped() == ("sessions_active", "account_state")
    assert layout.security_state.account_disabled == "suspended"


def test_bad_layout_values_name_their_field(problems):
    doc = with_changes(RECEIVER, receiver__observation__layout={
        "actions": {"entries": "actions", "names": {"session-revoke": ["x"]}},
        "events": {"jti": "/jti"},
        "security_state": {"sessions_active": 3}})
    found = problems(doc)
    assert 'must be a JSON pointer (RFC 6901)' in found[
        "receiver.observation.layout.actions.entries"]
    assert found["receiver.observation.layout.actions.names.session-revoke"] == \
        'unknown event "session-revoke" (did you mean "session-revoked"?)'
    assert found["receiver.observation.layout.events"] == \
        "has no effect without receiver.observation.events_url"
    assert found["receiver.observation.layout.security_state.sessions_active"] == \
        "expected string or null, got number 3"
