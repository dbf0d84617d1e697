"""Steps: response actions of the receiver under test, seen through its observation hooks
(features/receiver/response_actions.feature). The expectations follow the sandbox seed's flows;
where the receiver shows them (which log entries, which state fields) is the profile's
observation layout (harness/profiles/observation.py): what it cannot show is not checked, and
an answer it cannot read blocks the scenario (steps/setup_outcomes.py)."""
import secrets
import time

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.suite.receiver_driver import DriveUnavailable
from steps.rx_delivery import of_jti, persona_answers, record_accepted, refused_set_logs
from steps.setup_outcomes import guard_observation, nothing_to_observe, observed

DISABLED = object()   # stands for the layout's account_disabled value
# action -> (requirement, expected security state in the suite's field names); the action-log
# names come from the profile's layout (default: the sandbox's).
EXPECTED = {
    "session-revoked": ("SET-22", {"sessions_active": 0}),
    "credential-change": ("SET-22", {"sessions_active": 0}),
    "account-disabled": ("SET-22", {"account_state": DISABLED, "sessions_active": 0}),
    "credential-compromise": ("SET-22", {"credential_reset_required": True,
                                         "sessions_active": 0}),
}


@given("a fresh subject the receiver under test knows")
def fresh_subject(rxctx):
    """The embedded reference gets a new user (scenarios stay independent); an external RUT
    can only be given the profile's test_email, whose state carries over between scenarios."""
    email = f"rx-{secrets.token_hex(5)}@example.com"
    try:
        result = rxctx.call(rxctx.driver.control_add_idp_user, email)
        if result.status != 201:
            raise RuntimeError(f"the reference receiver refused a test user: {result.status}")
    except DriveUnavailable:
        email = rxctx.session.test_email
    rxctx.email = email
    if rxctx.driver.observable("security_state"):
        rxctx.kept.state_before = rxctx.driver.observe_until(
            "security_state", lambda state: True, 0, email=email)


@when(parsers.parse("the suite's transmitter emits {action} about that subject"))
def emit_about_subject(rxctx, action):
    rxctx.kept.emitted[action] = rxctx.driver.emit(
        action, {"format": "email", "email": rxctx.email})


@then(parsers.parse("the receiver's observable state shows the {action} response within the "
                    "deadline"))
def response_observed(rxctx, action):
    requirement, wanted = EXPECTED[action]
    driver, layout = rxctx.driver, _layout(rxctx)
    logged = list(layout.names_for(action)) if driver.observable("actions") else []
    state = _expected_state(layout, wanted) if driver.observable("security_state") else {}
    if not logged and not state:
        nothing_to_observe(rxctx, f"not applicable: the profile's observation shows neither "
                                  f"action-log names nor security-state fields for {action} "
                                  "(receiver.observation.layout)")
    deadline = time.monotonic() + rxctx.timeout("observation")  # one deadline for both reads
    jti = (rxctx.kept.emitted.get(action) or [None])[0]
    if logged:
        guard_observation(rxctx, "actions")
        entries = observed(rxctx, driver.observe_until(
            "actions", lambda found: _has(found, logged, jti), deadline - time.monotonic(),
            {"jti": jti}, jti=jti))
        rxctx.verify(rx.check_action_logged(of_jti(entries, jti), logged))
    if state:
        guard_observation(rxctx, "security_state")
        seen = observed(rxctx, driver.observe_until(
            "security_state", lambda found: _holds(found, state),
            max(deadline - time.monotonic(), 0), email=rxctx.email))
        rxctx.verify(rx.check_security_state(seen, state, requirement=requirement))


@then("the subject's sessions are still active")
def sessions_untouched(rxctx):
    if not rxctx.driver.observable("security_state"):
        rxctx.skip("not applicable: the profile offers no security_state observation")
    if not _layout(rxctx).security_state.mapped():
        nothing_to_observe(rxctx, "not applicable: the profile's observation layout maps no "
                                  "security-state field (receiver.observation.layout)")
    jti = rxctx.answer.jti
    if rxctx.driver.observable("events") and rxctx.driver.observable("actions") and jti:
        refused_set_logs(rxctx, jti)  # lets an (unwanted) acceptance play out first
    guard_observation(rxctx, "security_state")
    before = observed(rxctx, rxctx.kept.state_before)
    state = observed(rxctx, rxctx.driver.observe_until("security_state", lambda found: True, 0,
                                                       email=rxctx.email))
    # Every field the receiver shows is as it was: the forged SET changed nothing.
    rxctx.verify(rx.check_security_state(state, before, requirement="PUSH-06"))


@then(parsers.parse("the receiver acknowledged the {action} SET about that subject"))
def acknowledged_about_subject(rxctx, action):
    jtis = set(rxctx.kept.emitted.get(action) or [])
    answers = persona_answers(rxctx, lambda c: c.get("jti") in jtis)
    record_accepted(rxctx, answers[0] if answers else None, "PUSH-07")


def _layout(rxctx):
    return rxctx.session.profile.target("receiver").observation.layout


def _expected_state(layout, wanted: dict) -> dict:
    """The expected values of the fields this receiver shows, in its own terms."""
    shown = layout.security_state.mapped()
    return {name: layout.security_state.account_disabled if value is DISABLED else value
            for name, value in wanted.items() if name in shown}


def _has(entries, names, jti) -> bool:
    logged = [entry.get("action") for entry in of_jti(entries, jti)]
    return all(n in logged for n in names)


def _holds(body, expected) -> bool:
    return rx.check_security_state(body, expected, requirement="PUSH-06").passed
