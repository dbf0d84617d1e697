"""Steps: subjects (features/transmitter/subjects.feature)."""
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import subjects as sj
from harness.ssf.events import BY_ACTION
from steps.receiving import event_about, pushed_since, wait_push


def email_subject(email: str) -> dict:
    return {"format": "email", "email": email}


@given(parsers.parse('the suite has added the subject "{email}" to the stream'))
def given_added(ctx, email):
    ctx.require(sj.check_add_subject_ok(ctx.call(ctx.driver.add_subject, ctx.stream_id,
                                                 email_subject(email))))


@given(parsers.parse('the suite has removed the subject "{email}" from the stream'))
def given_removed(ctx, email):
    ctx.require(sj.check_remove_subject_204(ctx.call(ctx.driver.remove_subject, ctx.stream_id,
                                                     email_subject(email))))


@when(parsers.parse('the suite adds the subject "{email}" to the stream'))
def add(ctx, email):
    ctx.call(ctx.driver.add_subject, ctx.stream_id, email_subject(email))


@when(parsers.parse('the suite removes the subject "{email}" from the stream'))
def remove(ctx, email):
    ctx.call(ctx.driver.remove_subject, ctx.stream_id, email_subject(email))


@when("the suite adds a subject without a format to the stream")
def add_malformed(ctx):
    ctx.call(ctx.driver.add_subject, ctx.stream_id, {"email": "no-format@example.com"})


@then("the subject was added")
def added(ctx):
    ctx.verify(sj.check_add_subject_ok(ctx.response))


@then("the subject was removed")
def removed(ctx):
    ctx.verify(sj.check_remove_subject_204(ctx.response))


def _event_uri(ctx) -> str:
    return BY_ACTION[ctx.kept.last_action].uri


@then(parsers.parse('the event about "{email}" is delivered'))
def delivered(ctx, email):
    email = ctx.driver.subject_email(email)   # the profile's test_email stands for alice@…
    push = wait_push(ctx, event_about(_event_uri(ctx), email))
    ctx.kept.delivered_seq = push.seq if push else None
    ctx.verify(sj.check_event_for_added_subject_delivered(push is not None))


@then(parsers.parse('no event about "{email}" was delivered before it'))
def not_delivered(ctx, email):
    # Per-stream delivery keeps generation order, so an event about this subject would have
    # arrived before the one about the subject on the stream (emitted after it).
    limit, email = ctx.kept.delivered_seq, ctx.driver.subject_email(email)
    matches = [p for p in pushed_since(ctx) if event_about(_event_uri(ctx), email)(p.claims())
               and (limit is None or p.seq <= limit)]
    ctx.verify(sj.check_event_for_other_subject_not_delivered(bool(matches)))


@given("the transmitter's default_subjects is NONE")
def default_subjects_none(ctx):
    value = ctx.driver.metadata.get("default_subjects")
    if value != "NONE":
        ctx.recorder.record.status = "skipped"
        pytest.skip(f"not applicable: the transmitter's default_subjects is {value!r}, not NONE")
