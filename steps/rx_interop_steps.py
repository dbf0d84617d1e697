"""Steps: the CAEP interoperability profile's receiver rules (features/receiver/interop.feature):
email and iss_sub subjects, every credential-change combination, implicit subjects."""
import secrets

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.checks import receiver_answers as ans
from harness.ssf.events import BY_ACTION, CHANGE_TYPES, CREDENTIAL_TYPES
from steps.rx_context import as_response
from steps.rx_delivery import deliver

SUBJECTS = {
    "email": lambda: {"format": "email", "email": f"iop-{secrets.token_hex(4)}@example.com"},
    "iss_sub": lambda: {"format": "iss_sub", "iss": "https://idp.example.com/",
                        "sub": f"iop-{secrets.token_hex(4)}"},
}


@given("the profile tests the receiver under the CAEP interop variant")
def interop_variant(rxctx):
    # A step, not @requires:caep_interop: receiver capabilities do not derive that tag from
    # variant.profile (harness/profiles/build.py derives it for transmitters only).
    variant = rxctx.session.profile.variant.profile
    if variant != "caep_interop":
        rxctx.skip(f"not applicable: variant.profile is {variant!r}, not 'caep_interop'")


@when(parsers.parse("the suite delivers a valid session-revoked SET about a subject in "
                    "{fmt} format"))
def about_format(rxctx, fmt):
    deliver(rxctx, rxctx.session.forger.valid("session-revoked", subject=SUBJECTS[fmt]()))


@when("the suite delivers a valid session-revoked SET about a subject never added to the "
      "stream")
def about_unknown_subject(rxctx):
    deliver(rxctx, rxctx.session.forger.valid("session-revoked", subject=SUBJECTS["email"]()))


@when("the suite pushes credential-change SETs for every change_type and credential_type")
def credential_matrix(rxctx):
    forger, uri = rxctx.session.forger, BY_ACTION["credential-change"].uri
    answers = {}
    for change in CHANGE_TYPES:
        for credential in CREDENTIAL_TYPES:
            payload = {**forger.payload(uri), "change_type": change,
                       "credential_type": credential}
            forged = forger.valid("credential-change", payload=payload)
            answers[f"{change}/{credential}"] = as_response(rxctx.call(rxctx.driver.push, forged))
    rxctx.kept.matrix = answers


@then("the receiver acknowledged every one of them")
def matrix_acknowledged(rxctx):
    rxctx.verify(ans.check_each_set_accepted(rxctx.kept.matrix))


@given("the receiver under test authenticates to its transmitter with OAuth client credentials")
def oauth_receiver(rxctx):
    # The profile format gives a receiver only `none` or a static bearer today
    # (profiles/README.md, receiver.auth); token expiry cannot be exercised until it can
    # name OAuth client credentials the persona issues short-lived tokens for.
    rxctx.skip("not applicable: receiver.auth supports none and bearer only (no OAuth client "
               "credentials to expire)")


@then("the receiver never called add-subject at the suite's transmitter")
def no_add_subject(rxctx):
    _, path = rxctx.session.persona.route("add_subject")
    calls = rxctx.session.persona.tap.log.since(0, lambda e: e.path == path
                                                and e.caller == "rut")
    rxctx.verify(rx.check_no_add_subject(len(calls)))
