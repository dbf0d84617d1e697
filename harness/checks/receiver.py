"""Checks on a receiver under test (RUT): how it manages its stream at the suite's transmitter
(SSF §7-§8) and whether its observable state changes after an event. How it answers the SETs
the suite delivers is in harness/checks/receiver_answers.py.

Inputs are plain values (dicts, lists): the suite's persona and driver gather them. Some checks
are `per_call`: the scenario names the requirement a call grades, so levels come from the
catalog.
"""
from __future__ import annotations

from typing import Any

from harness.checks.base import NOT_JSON, Outcome, check, fail, ok

# A receiver's response to an event is not a conformance duty: "How an event is handled
# (informational through to mandatory enforcement) is a deployment decision" (SET-22, INFO;
# RFC 8935 §3: SETs are not commands). The response actions the sandbox flows show are
# findings; only "a refused SET changed nothing" (PUSH-06) is graded.
ACTION_REQUIREMENTS = ("SET-22", "PUSH-06")
TRANSMITTER_SUPPLIED = ("stream_id", "iss", "aud", "events_supported", "events_delivered",
                        "min_verification_interval", "inactivity_timeout")


# -- observed reactions ---------------------------------------------------------------------
def _path(state: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(state, dict) or part not in state:
            return None
        state = state[part]
    return state


@check(*ACTION_REQUIREMENTS, per_call=True)
def check_security_state(state: Any, expected: dict[str, Any]) -> Outcome:
    """The observed security state of the subject holds every expected value (dotted paths,
    sandbox layout: account_state, credential_reset_required, sessions.active, ...)."""
    if not isinstance(state, dict):
        return fail("the subject's security state can be read", "a JSON object", state)
    wrong = {p: _path(state, p) for p, v in expected.items() if _path(state, p) != v}
    if wrong:
        return fail("the response action shows in the security state", expected, wrong)
    return ok(f"security state shows {expected}")


@check("SET-22")
def check_action_logged(actions: Any, expected: list[str]) -> Outcome:
    """The RUT's response-action log names every expected action for the SET."""
    if not isinstance(actions, list):
        return fail("the response-action log can be read", "a list of actions", actions)
    logged = [a.get("action") for a in actions if isinstance(a, dict)]
    missing = [name for name in expected if name not in logged]
    if missing:
        return fail("the response action was taken", expected, logged)
    return ok(f"actions logged: {logged}")


@check("PUSH-06")
def check_refused_set_not_acted_on(events: Any, actions: Any) -> Outcome:
    """The RUT's own logs agree with its refusal: the SET is not logged as accepted and no
    response action was taken for it."""
    accepted = [e for e in (events or []) if isinstance(e, dict) and e.get("accepted")]
    acted = [a.get("action") for a in (actions or []) if isinstance(a, dict)]
    if accepted or acted:
        return fail("a refused SET is neither accepted nor acted on", "no acceptance, no action",
                    {"accepted_entries": len(accepted), "actions": acted})
    return ok("not accepted and not acted on")


# -- the RUT's management calls at the suite's transmitter -----------------------------------
@check("SSF-STREAM-18")
def check_stream_created(status: int | None) -> Outcome:
    """The RUT created its stream: a POST to the configuration endpoint answered 201."""
    if status != 201:
        return fail("the receiver creates a stream at the transmitter", 201,
                    status if status is not None else "no create request within the deadline")
    return ok("stream created (201)")


@check("SSF-STREAM-20")
def check_create_body_receiver_members_only(body: Any) -> Outcome:
    extra = sorted(k for k in (body or {}) if k in TRANSMITTER_SUPPLIED) \
        if isinstance(body, dict) else ["<not a JSON object>"]
    if extra:
        return fail("the create body holds receiver-supplied members only", "no " +
                    ", ".join(TRANSMITTER_SUPPLIED), extra)
    return ok("receiver-supplied members only")


@check("SSF-STREAM-08")
def check_events_requested(body: Any) -> Outcome:
    events = body.get("events_requested") if isinstance(body, dict) else None
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        return fail("events_requested is a non-empty array of event type URIs",
                    "non-empty array", events)
    return ok(f"{len(events)} event types requested")


@check("SSF-DELIV-02")
def check_push_endpoint_supplied(body: Any) -> Outcome:
    delivery = body.get("delivery") if isinstance(body, dict) else None
    url = delivery.get("endpoint_url") if isinstance(delivery, dict) else None
    if not isinstance(url, str) or not url.startswith("https://"):
        return fail("a push stream names the receiver's https endpoint_url", "https URL", url)
    return ok("push endpoint_url supplied")


@check("SSF-DELIV-04")
def check_push_authorization_supplied(body: Any) -> Outcome:
    delivery = body.get("delivery") if isinstance(body, dict) else None
    if not isinstance(delivery, dict) or not isinstance(delivery.get("authorization_header"),
                                                        str):
        return fail("a push endpoint that needs authorization is given an authorization_header",
                    "delivery.authorization_header", "absent")
    return ok("authorization_header supplied")


@check("SSF-STREAM-42")
def check_delete_names_stream(query: dict | None, stream_id: str) -> Outcome:
    if query is None:
        return fail("the receiver deletes its stream", "DELETE ?stream_id=…",
                    "no delete request within the deadline")
    if query.get("stream_id") != [stream_id]:
        return fail("the DELETE names the stream in the stream_id query parameter", stream_id,
                    query.get("stream_id"))
    return ok("deleted by stream_id")


@check("SSF-STREAM-31", "SSF-STATUS-17", "SSF-VERIFY-01", per_call=True)
def check_request_names_stream(body: Any, stream_id: str) -> Outcome:
    """A PATCH, status update or verification request names the stream in its body."""
    if body is None:
        return fail("the receiver sent the request", "a request", "none within the deadline")
    got = body.get("stream_id") if isinstance(body, dict) else None
    if got != stream_id:
        return fail("the request body names the stream", stream_id, got)
    return ok("names its stream")


@check("SSF-DISC-03")
def check_metadata_fetched_with_get(methods: list[str]) -> Outcome:
    if not methods:
        return fail("the receiver fetched the transmitter metadata", "GET", "no request")
    if any(m != "GET" for m in methods):
        return fail("the metadata is requested with GET", "GET", sorted(set(methods)))
    return ok("metadata fetched with GET")


@check("SSF-STREAM-24")
def check_stream_not_used(used: list[str]) -> Outcome:
    """After a create answer with a foreign iss, the receiver does not use that stream."""
    if used:
        return fail("a stream whose iss is not the transmitter's is not used", "no use", used)
    return ok("the stream was not used")


@check("POLL-01")
def check_poll_request_shape(method: str, content_type: str | None, body: Any) -> Outcome:
    media = (content_type or "").split(";")[0].strip().lower()
    if method != "POST" or media != "application/json" or body is NOT_JSON or \
            not isinstance(body, dict):
        return fail("a poll is a POST with a JSON object body", "POST application/json {...}",
                    f"{method} {media or 'no Content-Type'} {type(body).__name__}")
    return ok("POST with a JSON object")


@check("INTEROP-RX-02")
def check_no_add_subject(calls: int) -> Outcome:
    if calls:
        return fail("the receiver needs no add-subject call (every subject is implicit)", 0,
                    calls)
    return ok("no add-subject calls")
