"""Steps: registering receivers by software statement (features/transmitter/registration.feature).
The suite presents SSAs as a receiver would; what the transmitter answers is judged."""
from pytest_bdd import given, parsers, then, when

from harness.checks import registration as r
from harness.suite.directory_run import DirectorySetupError
from harness.suite.registration_driver import (
    BODY_SOFTWARE_ID, RegistrationDriver, RegistrationUnavailable, claims_of,
)
from harness.suite.session import HarnessSetupError


def _driver(ctx, request) -> RegistrationDriver:
    driver = ctx.kept.registration
    if driver is None:
        driver = ctx.kept.registration = RegistrationDriver(ctx.session)
        request.addfinalizer(lambda: _forget(driver))  # RFC 7592 delete of what we registered
    return driver


def _forget(driver: RegistrationDriver) -> None:
    try:
        driver.forget_registrations()
    except Exception:  # noqa: BLE001 - cleanup must not mask the scenario's verdict
        pass


@given("the suite holds a valid SSA of the trusted directory")
def valid_ssa(ctx, request):
    _hold(ctx, request, "valid")


@given(parsers.parse("the suite holds a {kind} SSA"))
def kind_of_ssa(ctx, request, kind):
    _hold(ctx, request, kind)


def _hold(ctx, request, kind: str) -> None:
    try:
        ctx.kept.ssa = _driver(ctx, request).ssa(kind)
    except DirectorySetupError as exc:
        raise HarnessSetupError(f"the trust directory did not provide the {kind} SSA: {exc}")
    ctx.kept.ssa_kind = kind


def _register(ctx, request, **metadata):
    try:
        ctx.call(_driver(ctx, request).register, ctx.kept.ssa, **metadata)
    except RegistrationUnavailable as exc:
        raise HarnessSetupError(str(exc)) from exc


@when("the suite registers with that SSA and another software_id in the body")
def register_with_override(ctx, request):
    _register(ctx, request, software_id=BODY_SOFTWARE_ID)
    ctx.kept.registration_response = ctx.response


@when("the suite registers with that SSA")
def register(ctx, request):
    _register(ctx, request)


def _info(ctx) -> dict:
    body = ctx.kept.registration_response.json(default=None)
    return body if isinstance(body, dict) else {}


@then("the registration is created")
def created(ctx):
    ctx.require(r.check_registration_created(ctx.kept.registration_response))


@then("the client information response carries the client's credentials")
def client_information(ctx):
    ctx.verify(r.check_client_information(_info(ctx),
                                          ctx.kept.registration_response.evidence))


@then("the software statement's metadata prevails over the request body's")
def statement_prevails(ctx):
    ctx.verify(r.check_statement_metadata_prevails(
        _info(ctx), claims_of(ctx.kept.ssa), BODY_SOFTWARE_ID,
        ctx.kept.registration_response.evidence))


@when("the suite requests an access token with the registered credentials")
def token(ctx, request):
    ctx.call(_driver(ctx, request).token, _info(ctx))
    body = ctx.response.json(default=None)
    ctx.kept.access_token = body.get("access_token") if isinstance(body, dict) else None


@then("the registered credentials obtained an access token")
def obtained(ctx):
    ctx.verify(r.check_registered_credentials_obtain_token(ctx.response))


@when("the suite creates a stream with that access token")
def create_stream(ctx):
    token_value = ctx.kept.access_token or "no-access-token-was-issued"
    events = list((ctx.driver.metadata or {}).get("events_supported") or [])
    # Nothing is delivered on it: poll when the transmitter offers it, else push to the suite.
    poll = ctx.session.profile.capabilities("transmitter").supports("poll")
    body = ctx.driver.poll_body(events) if poll else ctx.driver.push_body(ctx.push_key, events)
    resp = ctx.call(ctx.driver.create_stream, body, token=token_value)
    if resp.status == 201:  # deleted now: the scenario's cleanup uses the suite's own token
        ctx.driver.delete_stream(resp.json().get("stream_id"), token=token_value)
    ctx.response = resp


@then("the registered client manages streams")
def manages(ctx):
    ctx.verify(r.check_registered_client_manages_streams(ctx.response))


@then("the client configuration endpoint returns the registered client")
def configuration(ctx, request):
    info, driver = _info(ctx), _driver(ctx, request)
    resp = ctx.call(driver.read_configuration, info) if driver.offers_configuration(info) \
        else None
    ctx.verify(r.check_client_configuration_readable(resp, info.get("client_id", "")))


@then(parsers.parse("the {kind} SSA registered nothing"))
def refused(ctx, kind):
    ctx.verify(r.check_software_statement_refused(ctx.response, kind))


@then("the registration error is a JSON object with an error code")
def error_body(ctx):
    ctx.verify(r.check_registration_error_body(ctx.response))


@then(parsers.parse("the error code says why the {kind} SSA was refused"))
def error_code(ctx, kind):
    ctx.verify(r.check_registration_error_code(ctx.response, kind))
