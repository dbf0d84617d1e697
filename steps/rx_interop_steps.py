"""Steps: the CAEP interoperability profile's receiver rules (features/receiver/interop.feature):
email and iss_sub subjects, every credential-change combination, implicit subjects."""
import secrets
import time

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver as rx
from harness.checks import receiver_auth as ra
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
    # The feature's @requires:caep_interop skips first; this says the same for a run that
    # ignores tags.
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
    # @requires:oauth: receiver.auth.type is oauth_client_credentials, so the persona's token
    # endpoint issues the RUT tokens living receiver.auth.token_lifetime seconds.
    if rxctx.session.persona.issued is None:
        rxctx.skip("not applicable: the suite's transmitter issues the receiver no tokens")


@given("the access token the receiver under test held has expired")
def token_expired(rxctx):
    """Waits (a deadline from the token's own expiry, ended early on shutdown) until the newest
    token the persona had issued to the RUT has expired; marks where the scenario's calls begin."""
    issued = rxctx.session.persona.issued
    expiry = issued.last_expiry()
    if expiry is None:
        rxctx.skip("not applicable: the receiver has not obtained an access token yet")
    stopping = rxctx.session.stopping
    while (remaining := expiry - time.time()) >= 0:
        if stopping.wait(remaining + 0.05):
            rxctx.skip("the run is stopping")
    rxctx.kept.since = rxctx.session.persona.tap.log.mark()
    rxctx.kept.tokens_before = issued.count()


@then("the receiver's calls after its access token expired were authorized again")
def authorized_again(rxctx):
    persona, since = rxctx.session.persona, rxctx.kept.since
    token_path = persona.path("/token")

    def api_call(entry) -> bool:
        return entry.caller == "rut" and entry.path != token_path and entry.answered

    # An external RUT may retry after its 401 a moment later: wait for an authorized call.
    persona.tap.log.wait_for(lambda e: api_call(e) and 200 <= (e.status or 0) < 300,
                             rxctx.timeout("http_request"), since)
    statuses = [e.status for e in persona.tap.log.since(since, api_call)]
    rxctx.verify(ra.check_call_authorized_after_token_expiry(
        statuses, persona.issued.count() - rxctx.kept.tokens_before))


@then("the receiver's token requests asked for the scopes of the protected resource metadata")
def scopes_from_metadata(rxctx):
    """Every token request the persona received in this run (the RUT may have got its token in
    an earlier scenario; the Background's stream needs one)."""
    persona = rxctx.session.persona
    published = list(persona.protected_resource_scopes)
    if not published:
        rxctx.skip("not applicable: the suite's transmitter publishes no protected resource "
                   "metadata")
    requested = persona.token_request_scopes(rxctx.timeout("http_request"))
    rxctx.verify(ra.check_scopes_from_resource_metadata(requested, published))


@then("the receiver never called add-subject at the suite's transmitter")
def no_add_subject(rxctx):
    _, path = rxctx.session.persona.route("add_subject")
    calls = rxctx.session.persona.tap.log.since(0, lambda e: e.path == path
                                                and e.caller == "rut")
    rxctx.verify(rx.check_no_add_subject(len(calls)))
