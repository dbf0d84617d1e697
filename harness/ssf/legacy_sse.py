"""SET shapes of the legacy SSE draft (ABM-era IdPs and their receivers,
../shared/anchors/vendor-dialects.md): no top-level `sub_id`, the subject sits inside the event
as `subject`. The one place that turns an SSF 1.0 SET into that shape: the suite's transmitter
persona (the reference transmitter with `set_shape="sse-draft"`) and its forger both call it.

ABM flavour: a person's subject is `subject: {user: {format: email, email}}`, a complex subject's
members are kept as they are (`{user: ..., session: ...}`), and SSF's own events (verification,
stream-updated) carry the stream's identifier as the subject itself.
"""
from __future__ import annotations

from harness.ssf.constants import COMPLEX_FORMAT, POLL, PUSH

SHAPES = ("ssf", "sse-draft")
WELL_KNOWN_SSE = "/.well-known/sse-configuration"   # the draft's discovery document
SPEC_VERSION = "1_0-ID2"                             # the draft ABM-era transmitters announce
RISC_PUSH = "https://schemas.openid.net/secevent/risc/delivery-method/push"
RISC_POLL = "https://schemas.openid.net/secevent/risc/delivery-method/poll"
# The draft's delivery-method URNs and the SSF 1.0 (RFC 8935/8936) ones they stand for.
DELIVERY_URNS = {RISC_PUSH: PUSH, RISC_POLL: POLL}


def legacy_metadata(metadata: dict) -> dict:
    """SSF 1.0 transmitter metadata as the draft's discovery document says it: its spec
    version, and the draft's delivery-method URNs for the methods supported."""
    ssf_to_risc = {v: k for k, v in DELIVERY_URNS.items()}
    methods = metadata.get("delivery_methods_supported") or []
    return {**metadata, "spec_version": SPEC_VERSION,
            "delivery_methods_supported": [ssf_to_risc.get(m, m) for m in methods]}
_SSF_EVENTS = "https://schemas.openid.net/secevent/ssf/event-type/"


def event_subject(event_uri: str, sub_id: dict) -> dict:
    """The `subject` member the legacy draft puts inside event `event_uri`."""
    if event_uri.startswith(_SSF_EVENTS):
        return dict(sub_id)
    if sub_id.get("format") == COMPLEX_FORMAT:
        return {k: v for k, v in sub_id.items() if k != "format"}
    return {"user": dict(sub_id)}


def subject_inside_event(claims: dict) -> dict:
    """`claims` in the legacy shape: its top-level `sub_id` moved into its one event object as
    `subject`. Claims with no object `sub_id`, or not exactly one event object, are returned as
    they are (a hostile SET keeps its defect)."""
    events, sub_id = claims.get("events"), claims.get("sub_id")
    if not isinstance(sub_id, dict) or not isinstance(events, dict) or len(events) != 1:
        return claims
    (uri, payload), = events.items()
    if not isinstance(payload, dict):
        return claims
    shaped = {k: v for k, v in claims.items() if k != "sub_id"}
    shaped["events"] = {uri: {**payload, "subject": event_subject(uri, sub_id)}}
    return shaped


def shaped(shape: str, claims: dict) -> dict:
    """`claims` in SET shape `shape` (one of SHAPES)."""
    if shape == "ssf":
        return claims
    if shape == "sse-draft":
        return subject_inside_event(claims)
    raise ValueError(f"unknown SET shape {shape!r} (known: {', '.join(SHAPES)})")
