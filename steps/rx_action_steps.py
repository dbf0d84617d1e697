"""Steps: response actions of the receiver under test, seen through its observation hooks
(features/receiver/response_actions.feature). The expectations follow the sandbox seed's flows
and its observation layout (security state per email, response-action log per jti)."""
import secrets
import time

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.suite.receiver_driver import DriveUnavailable
from steps.rx_delivery import persona_answers, record_accepted, refused_set_logs

# action -> (requirement, expected security state, expected action-log entries)
EXPECTED = {
    "session-revoked": ("INTEROP-UC-SR-01", {"sessions.active": 0}, ["sessions-revoked"]),
    "credential-change": ("INTEROP-UC-CC-01", {"sessions.active": 0},
                          ["credential-change-recorded"]),
    "account-disabled": ("RISC-AD-01", {"account_state": "disabled", "sessions.active": 0},
                         ["account-disabled"]),
    "credential-compromise": ("RISC-CC-01", {"credential_reset_required": True,
                                             "sessions.active": 0},
                              ["credential-reset-forced"]),
}


@given("a fresh subject the receiver under test knows")
def fresh_subject(rxctx):
    """The embedded reference gets a new user (scenarios stay independent); an external RUT
    can only be given the profile's test_email, whose state carries over between scenarios."""
    email = f"rx-{secrets.token_hex(5)}@example.com"
    try:
        result = rxctx.call(rxctx.driver.reference_control, "POST", "/ssf/receiver/idp/users",
                            {"email": email, "credentials": [{"type": "password"}],
                             "sessions": [{"id": f"s-{email}-1"}, {"id": f"s-{email}-2"}]})
        if result.status != 201:
            raise RuntimeError(f"the reference receiver refused a test user: {result.status}")
    except DriveUnavailable:
        email = rxctx.session.test_email
    rxctx.email = email
    if rxctx.driver.observable("security_state"):
        rxctx.notes["state_before"] = rxctx.driver.observe_until(
            "security_state", lambda body: True, 0, email=email)


@when(parsers.parse("the suite's transmitter emits {action} about that subject"))
def emit_about_subject(rxctx, action):
    rxctx.notes.setdefault("emitted", {})[action] = rxctx.driver.emit(
        action, {"format": "email", "email": rxctx.email})


@then(parsers.parse("the receiver's observable state shows the {action} response within the "
                    "deadline"))
def response_observed(rxctx, action):
    requirement, state, logged = EXPECTED[action]
    driver = rxctx.driver
    deadline = time.monotonic() + rxctx.timeout("observation")  # one deadline for both reads
    jti = (rxctx.notes.get("emitted", {}).get(action) or [None])[0]
    if driver.observable("actions"):
        actions = driver.observe_until("actions", lambda b: _has(b, logged, jti),
                                       deadline - time.monotonic(), {"jti": jti})
        rxctx.verify(rx.check_action_logged(_for_jti(actions, jti), logged,
                                            requirement=requirement))
    if driver.observable("security_state"):
        seen = driver.observe_until("security_state", lambda b: _holds(b, state),
                                    max(deadline - time.monotonic(), 0), email=rxctx.email)
        rxctx.verify(rx.check_security_state(seen, state, requirement=requirement))


@then("the subject's sessions are still active")
def sessions_untouched(rxctx):
    if not rxctx.driver.observable("security_state"):
        rxctx.skip("not applicable: the profile offers no security_state observation")
    jti = rxctx.answer.jti
    if rxctx.driver.observable("events") and rxctx.driver.observable("actions") and jti:
        refused_set_logs(rxctx, jti)  # lets an (unwanted) acceptance play out first
    before = rxctx.notes.get("state_before") or {}
    state = rxctx.driver.observe_until("security_state", lambda b: True, 0, email=rxctx.email)
    rxctx.verify(rx.check_security_state(state, {"sessions": before.get("sessions"),
                                                 "account_state": before.get("account_state")},
                                         requirement="PUSH-06"))


@then(parsers.parse("the receiver acknowledged the {action} SET about that subject"))
def acknowledged_about_subject(rxctx, action):
    jtis = set(rxctx.notes.get("emitted", {}).get(action) or [])
    answers = persona_answers(rxctx, lambda c: c.get("jti") in jtis)
    record_accepted(rxctx, answers[0] if answers else None, EXPECTED[action][0])


def _for_jti(body, jti) -> list | None:
    """The log entries of one SET (filtered here too: an external log may ignore ?jti=)."""
    actions = (body or {}).get("actions")
    if not isinstance(actions, list):
        return None
    return [a for a in actions if isinstance(a, dict) and a.get("jti") in (jti, None)]


def _has(body, names, jti) -> bool:
    logged = [a.get("action") for a in _for_jti(body, jti) or []]
    return all(n in logged for n in names)


def _holds(body, expected) -> bool:
    return rx.check_security_state(body, expected, requirement="PUSH-06").passed
