"""Steps: checks applied to every SET the suite receives (features/transmitter/set_format.feature
and every scenario that receives a SET)."""
from pytest_bdd import then

from harness.checks import caep
from harness.checks import events as ev
from harness.checks import sets as s
from harness.checks import subject_ids as sid


def _jwks(ctx) -> dict:
    cached = ctx.kept.jwks
    if cached is None:
        cached = {}
        if ctx.driver.metadata.get("jwks_uri"):  # absent: the signature check fails, not us
            resp = ctx.call(ctx.driver.fetch_jwks)
            cached = resp.json(default={}) if resp.status == 200 else {}
        ctx.kept.jwks = cached
    return cached


def _received(ctx):
    if ctx.received is None:
        raise RuntimeError("no SET was received in this scenario (an earlier step should have "
                           "recorded that as a failure)")
    return ctx.received


@then("the received SET is a well-formed SSF SET")
def well_formed(ctx):
    d = _received(ctx)
    for verdict in (s.check_set_typ(d), s.check_set_signature(d, _jwks(ctx)),
                    s.check_no_sub_claim(d),
                    s.check_no_exp_claim(d), s.check_sub_id_present(d),
                    s.check_set_iss(d, ctx.driver.metadata.get("issuer")),
                    s.check_set_iat(d), s.check_set_jti(d, ctx.session.seen_jtis),
                    s.check_set_aud(d, (ctx.stream or {}).get("aud")),
                    s.check_events_claim(d), s.check_single_event(d),
                    s.check_no_deprecated_risc_sessions_revoked(d), s.check_no_subject_type(d),
                    sid.check_sub_id_required_members(d)):
        ctx.verify(verdict)


@then("the received SET is signed by a key from the JWKS")
def signed(ctx):
    ctx.verify(s.check_set_signature(_received(ctx), _jwks(ctx)))


@then("the received SET's iss equals the metadata issuer")
def iss(ctx):
    ctx.verify(s.check_set_iss(_received(ctx), ctx.driver.metadata.get("issuer")))


@then("the received SET is signed with RS256")
def rs256(ctx):
    ctx.verify(s.check_set_rs256(_received(ctx)))


@then("the received SET carries exactly one event")
def single_event(ctx):
    # Only interop.feature says this: the profile's "exactly one event" (INTEROP-SET-01).
    ctx.verify(s.check_interop_single_event(_received(ctx)))


@then("the received SETs have distinct jti values")
def distinct_jtis(ctx):
    seen: dict = {}
    # Fewer than two arrivals were already recorded as failures by the "arrives" steps.
    for decoded in ctx.received_sets:
        ctx.verify(s.check_set_jti(decoded, seen))


@then("the event payload matches its schema")
def payload_schema(ctx):
    ctx.verify(ev.check_event_payload_schema(_received(ctx)))


@then("the event_timestamp is in seconds")
def timestamp_seconds(ctx):
    ctx.verify(ev.check_event_timestamp_seconds(_received(ctx)))


@then("an identifier event names its subject by email or phone")
def identifier_subject(ctx):
    ctx.verify(ev.check_identifier_event_subject_format(_received(ctx)))


@then("the interop event carries a non-empty reason_admin")
def reason_admin(ctx):
    ctx.verify(ev.check_interop_reason_admin(_received(ctx)))


@then("the received SETs of independent requests carry distinct txn values")
def distinct_txns(ctx):
    ctx.verify(s.check_txn_distinct(ctx.received_sets))


@then("the event_timestamp is not in the future")
def timestamp_plausible(ctx):
    ctx.verify(caep.check_event_timestamp_not_future(_received(ctx)))


@then("the event carries the members CAEP recommends")
def recommended_members(ctx):
    d = _received(ctx)
    ctx.verify(caep.check_change_direction_with_previous_level(d))
    ctx.verify(caep.check_risk_reason_present(d))


@then("the interop event names its subject by email or iss_sub")
def interop_subject(ctx):
    ctx.verify(sid.check_interop_event_subject_format(_received(ctx)))
