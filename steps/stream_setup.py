"""Creating the streams scenarios work on (not a step module: step modules of every area import
these without importing each other)."""
from harness.checks import documented_api as d
from harness.results.root_causes import STREAM
from harness.ssf.events import BY_ACTION
from steps import preconditions as pre


def events(ctx) -> list[str]:
    """The event types to request: the metadata's, else those the profile declares."""
    supported = ctx.driver.metadata.get("events_supported")
    if supported:
        return list(supported)
    caps = ctx.session.profile.capabilities("transmitter")
    return [e.uri for a, e in BY_ACTION.items() if caps.supports(f"event:{a}")]


def create(ctx, body, record_as_stream=True):
    """Create a stream (the answer is the caller's to judge); it is deleted after the
    scenario, and becomes the scenario's stream unless told otherwise."""
    resp = ctx.call(ctx.driver.create_stream, body)
    if resp.status in ctx.driver.api.CREATED_STATUSES and isinstance(resp.json(default=None),
                                                                     dict):
        created = resp.json()
        if "stream_id" in created:
            ctx.created.append(created["stream_id"])
        if record_as_stream:   # in SSF 1.0's shape, whatever the dialect's
            ctx.stream = ctx.driver.api.normalise(created)
    return resp


def create_required(ctx, body):
    """Precondition "stream created" of the scenarios that need a stream (not of those whose
    create is the action under test)."""
    resp = pre.attempt(ctx, STREAM, lambda: create(ctx, body))
    signature_detail, detail = pre.error_of(resp)
    api = ctx.driver.api
    created = d.check_created_as_documented(resp, api.CREATED_STATUSES, api.STREAM_ID_MEMBER,
                                            requirement=api.CREATED_REQUIREMENT)
    # A refusal that shows another dialect's signature says so, with the profile line to change.
    pre.require(ctx, STREAM, created, signature_detail=signature_detail, detail=detail,
                explain=lambda: pre.dialect_explanation(ctx.driver.recognised_dialect(resp),
                                                        created))
    pre.require(ctx, STREAM, d.check_documented_members(
        resp.json(default=None), api.STREAM_MEMBERS, requirement=api.MEMBERS_REQUIREMENT))
