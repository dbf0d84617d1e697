"""Each legal variation of the reference receiver really changes what a transmitter sees: the
same exchange with a clean receiver and with the variation on gives the two expected results.
(The suite's verdicts under each variation are tests/selftest/test_variations.py.)"""
import time

import pytest

from harness.reference.receiver.variations import VARIATIONS
from harness.ssf.events import BY_ACTION, VERIFICATION

from tests.reference.receiver.conftest import ALICE, PUSH_BEARER, push
from tests.reference.receiver.hostile import SESSION_REVOKED, flip_signature

ACCOUNT_DISABLED = BY_ACTION["account-disabled"].uri


def _status(response) -> int:
    return response.status_code


def _claims(**extra):
    def exchange(http, tx, rx):
        return _status(push(http, rx, tx.sign(tx.claims(SESSION_REVOKED, ALICE, **extra))))
    return exchange


def _event(uri: str):
    return lambda http, tx, rx: _status(push(http, rx, tx.make_set(uri, ALICE)))


def _verification(http, tx, rx):
    return _status(push(http, rx, tx.make_set(VERIFICATION.uri,
                                              {"format": "opaque", "id": "any-stream"})))


def _bad_signature(accept_language=None):
    def exchange(http, tx, rx):
        r = push(http, rx, flip_signature(tx.make_set(SESSION_REVOKED, ALICE)),
                 accept_language=accept_language)
        return r.status_code, r.json()["err"], r.headers.get("content-language")
    return exchange


def _replayed(http, tx, rx):
    first = tx.claims(SESSION_REVOKED, ALICE)
    push(http, rx, tx.sign(first))
    second = tx.claims(SESSION_REVOKED, {"format": "email", "email": "bob@example.com"},
                       jti=first["jti"])
    return _status(push(http, rx, tx.sign(second)))


def _two_events(http, tx, rx):
    claims = tx.claims(SESSION_REVOKED, ALICE)
    claims["events"][BY_ACTION["account-enabled"].uri] = {}
    return _status(push(http, rx, tx.sign(claims)))


def _no_bearer(http, tx, rx):
    return _status(push(http, rx, tx.make_set(SESSION_REVOKED, ALICE), bearer=None))


def _wrong_content_type(http, tx, rx):
    return _status(push(http, rx, tx.make_set(SESSION_REVOKED, ALICE),
                        content_type="application/json"))


def _response_action(http, tx, rx):
    from tests.reference.receiver.conftest import actions_for
    claims = tx.claims(SESSION_REVOKED, {"format": "email", "email": "carol@example.com"})
    push(http, rx, tx.sign(claims), bearer=PUSH_BEARER)
    return [a["action"] for a in actions_for(http, rx, claims["jti"])]


def _days_ago(days: float) -> int:
    return int(time.time() - days * 86400)


# variation -> (exchange, clean result, result with the variation on)
CASES = {
    "declared-events-only": (_event(ACCOUNT_DISABLED), 202, 400),
    "verification-only": (_event(SESSION_REVOKED), 202, 400),
    "other-err-code": (_bad_signature(), (400, "invalid_key", "en"),
                       (400, "authentication_failed", "en")),
    "other-language": (_bad_signature("de, en;q=0.5"), (400, "invalid_key", "en"),
                       (400, "invalid_key", "de")),
    "short-iat-window": (_claims(iat=_days_ago(10 / 1440)), 202, 400),
    "stale-sets-accepted": (_claims(iat=_days_ago(30)), 400, 202),
    "jti-not-tracked": (_replayed, 400, 202),
    "multi-event-sets-accepted": (_two_events, 400, 202),
    "sub-claim-ignored": (_claims(sub="alice"), 400, 202),
    "unreadable-sub-id-ignored": (_claims(sub_id={"format": "email"}), 400, 202),
    "bearer-refused-with-400": (_no_bearer, 401, 400),
    "media-type-refused-with-415": (_wrong_content_type, 400, 415),
    "content-type-lenient": (_wrong_content_type, 400, 202),
    "no-response-actions": (_response_action, ["sessions-revoked"], []),
}
PROFILE_ONLY = {"receiver-polls", "receiver-oauth"}  # the profile changes, the receiver not


def test_every_receiver_variation_has_a_case():
    assert sorted(set(CASES) | PROFILE_ONLY) == sorted(VARIATIONS)
    assert len(VARIATIONS) >= 8
    assert all(not VARIATIONS[n].config for n in PROFILE_ONLY)


@pytest.mark.parametrize("name", sorted(CASES))
def test_variation_changes_observable_behaviour(name, http, make_receiver, transmitter):
    exchange, clean, varied = CASES[name]
    variation = VARIATIONS[name]
    assert exchange(http, transmitter, make_receiver()) == clean
    on = make_receiver(variations=frozenset({name}), **variation.config)
    assert exchange(http, transmitter, on) == varied


@pytest.mark.parametrize("name", ["declared-events-only", "verification-only"])
def test_control_events_are_accepted_whatever_was_requested(name, http, make_receiver,
                                                            transmitter):
    variation = VARIATIONS[name]
    on = make_receiver(variations=frozenset({name}), **variation.config)
    assert _verification(http, transmitter, on) == 202


def test_other_language_answers_english_without_accept_language(http, make_receiver,
                                                                transmitter):
    on = make_receiver(variations=frozenset({"other-language"}))
    assert _bad_signature()(http, transmitter, on)[2] == "en"


def test_an_unreadable_sub_id_is_accepted_but_not_acted_on(http, make_receiver, transmitter):
    from tests.reference.receiver.conftest import actions_for
    on = make_receiver(variations=frozenset({"unreadable-sub-id-ignored"}))
    claims = transmitter.claims(SESSION_REVOKED, {"format": "email"})
    assert push(http, on, transmitter.sign(claims), bearer=PUSH_BEARER).status_code == 202
    actions = actions_for(http, on, claims["jti"], wait=2.0)
    assert [a["action"] for a in actions] in ([], ["discarded"]), actions
