"""Creating the streams scenarios work on (not a step module: step modules of every area import
these without importing each other)."""
from harness.checks import streams as s
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
    if resp.status == 201 and isinstance(resp.json(default=None), dict):
        created = resp.json()
        if "stream_id" in created:
            ctx.created.append(created["stream_id"])
        if record_as_stream:
            ctx.stream = created
    return resp


def create_required(ctx, body):
    """Precondition "stream created" of the scenarios that need a stream (not of those whose
    create is the action under test)."""
    resp = pre.attempt(ctx, STREAM, lambda: create(ctx, body))
    signature_detail, detail = pre.error_of(resp)
    pre.require(ctx, STREAM, s.check_create_returns_201(resp),
                signature_detail=signature_detail, detail=detail)
    pre.require(ctx, STREAM, s.check_stream_config_members(ctx.stream))
