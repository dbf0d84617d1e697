"""Checks on a receiver under test (RUT): how it answers pushed SETs (RFC 8935 §2.2-§2.4), what it
reports when it polls (RFC 8936 §2.4), how it manages its stream at the suite's transmitter
(SSF §7-§8) and whether its observable state changes after an event.

Inputs are plain values (a `Response`, dicts, lists): the suite's persona and driver gather them.
Many checks are `per_call`: the scenario names the requirement a call grades (e.g. a refused
`typ: JWT` SET is JOSE-01, a refused foreign `iss` is SET-06), so levels come from the catalog.
"""
from __future__ import annotations

from typing import Any

from harness.checks.base import NOT_JSON, Outcome, Response, check, fail, json_body, ok
from harness.ssf.constants import SET_ERROR_CODES

REGISTERED_ERRS = SET_ERROR_CODES + ("invalid_state",)  # RFC 8935 §7.1 + SSF §11

ACCEPT_REQUIREMENTS = ("PUSH-07", "PUSH-14", "PUSH-19", "SSF-UPD-06", "SSF-SUBS-16", "SET-16",
                       "INTEROP-SUBJ-01", "INTEROP-RX-01", "INTEROP-RX-02", "INTEROP-UC-SR-01",
                       "INTEROP-UC-CC-01", "RISC-AD-01", "RISC-CC-01", "JOSE-03",
                       "SSF-VERIFY-10", "SSF-VERIFY-11", "SUBID-03", "SUBID-05", "SUBID-06",
                       "SUBID-07", "SUBID-08", "SUBID-09", "SUBID-10", "SUBID-11", "SUBID-14",
                       "SUBID-15", "SUBID-16", "SUBID-17")
REFUSE_REQUIREMENTS = ("PUSH-06", "PUSH-09", "JOSE-01", "JOSE-02", "JOSE-03", "JOSE-04",
                       "SET-02", "SET-06", "SET-07", "SET-08", "SET-14", "SUBID-01",
                       "SSF-VERIFY-11",
                       "SSF-VERIFY-12")
POLL_REQUIREMENTS = tuple(dict.fromkeys(ACCEPT_REQUIREMENTS + REFUSE_REQUIREMENTS
                                        + ("POLL-11", "POLL-12", "POLL-13")))
ACTION_REQUIREMENTS = ("INTEROP-UC-SR-01", "INTEROP-UC-CC-01", "RISC-AD-01", "RISC-CC-01",
                       "PUSH-06")
TRANSMITTER_SUPPLIED = ("stream_id", "iss", "aud", "events_supported", "events_delivered",
                        "min_verification_interval", "inactivity_timeout")


def _err_of(resp: Response) -> Any:
    body = json_body(resp)
    return body.get("err") if isinstance(body, dict) else None


# -- push answers ---------------------------------------------------------------------------
@check(*ACCEPT_REQUIREMENTS, per_call=True)
def check_set_accepted(resp: Response | None) -> Outcome:
    """A valid SET is acknowledged with 202 Accepted and an empty body (RFC 8935 §2.2).
    None: the receiver never answered the push (connection refused, or nothing sent)."""
    if resp is None:
        return fail("a valid SET is acknowledged with 202 Accepted", 202,
                    "no answer within the deadline")
    if resp.status != 202:
        return fail("a valid SET is acknowledged with 202 Accepted", 202,
                    f"{resp.status} err={_err_of(resp)!r}", resp.evidence)
    if resp.text.strip():
        return fail("the 202 acknowledgement has an empty body", "empty body",
                    f"{len(resp.text)} characters", resp.evidence)
    return ok("acknowledged with an empty 202", resp.evidence)


@check("INTEROP-UC-CC-02")
def check_each_set_accepted(answers: dict[str, Response]) -> Outcome:
    """Every one of a batch of valid SETs (labelled) was acknowledged with an empty 202."""
    if not answers:
        return fail("a batch of SETs was pushed", "at least one answer", "none")
    bad = {label: r.status for label, r in answers.items()
           if r.status != 202 or r.text.strip()}
    evidence = tuple(e for r in answers.values() for e in r.evidence)
    if bad:
        return fail("every valid SET is acknowledged with an empty 202", 202, bad, evidence)
    return ok(f"all {len(answers)} acknowledged with an empty 202", evidence)


@check(*REFUSE_REQUIREMENTS, per_call=True)
def check_set_refused(resp: Response, statuses: tuple[int, ...] = (400,)) -> Outcome:
    """An invalid SET is refused: 400 (or the listed status) and, for a 400, an RFC 8935 §2.3
    error: a JSON object with string `err` and `description`, and a Content-Language header."""
    if resp.status not in statuses:
        return fail("the hostile request is refused", list(statuses), resp.status, resp.evidence)
    if resp.status != 400:
        return ok(f"refused with {resp.status}", resp.evidence)
    body = json_body(resp)
    if resp.media_type != "application/json" or not isinstance(body, dict):
        return fail("the 400 body is a JSON object (application/json)", "application/json object",
                    resp.media_type or "no Content-Type", resp.evidence)
    if not isinstance(body.get("err"), str) or not isinstance(body.get("description"), str):
        return fail("the 400 body has string err and description", "{err, description}",
                    sorted(body), resp.evidence)
    if not resp.header("content-language"):
        return fail("the 400 response carries Content-Language", "a language tag", None,
                    resp.evidence)
    return ok(f"refused with 400 err={body['err']}", resp.evidence)


@check("PUSH-13", "SSF-VERIFY-12", per_call=True)
def check_err_code(err: Any, expected: str, tolerated: tuple[str, ...] = (),
                   evidence: tuple[str, ...] = ()) -> Outcome:
    """The `err` names the failure: the registered code the catalog expects (some tolerated)."""
    if err == expected:
        return ok(f"err {err}", evidence)
    if err in tolerated:
        return ok(f"err {err} (tolerated in place of {expected})", evidence)
    what = "the err code names the failure" if err in REGISTERED_ERRS else \
        "the err code is a registered one that names the failure"
    return fail(what, expected, err, evidence)


# -- poll reports ---------------------------------------------------------------------------
@check(*POLL_REQUIREMENTS, per_call=True)
def check_poll_report(report: dict | None, valid: bool) -> Outcome:
    """What the polling RUT said about one SET in its next poll: a valid SET is in `ack` and not
    in `setErrs`; an invalid one is in `setErrs` (with a string err) and never in `ack`.
    `report` is {"acked": bool, "set_err": dict | None}, None when no poll mentioned the SET."""
    if report is None:
        return fail("a later poll request acknowledges or reports the SET",
                    "ack" if valid else "setErrs", "not mentioned within the deadline")
    acked, set_err = report.get("acked"), report.get("set_err")
    evidence = tuple(report.get("evidence") or ())  # the recorded poll request, if proxied
    if valid:
        if not acked or set_err is not None:
            return fail("a valid SET is acknowledged, not reported as an error", "in ack",
                        {"acked": acked, "setErrs": set_err}, evidence)
        return ok("acknowledged", evidence)
    if acked:
        return fail("an invalid SET is never acknowledged", "not in ack", "acknowledged",
                    evidence)
    if not isinstance(set_err, dict) or not isinstance(set_err.get("err"), str):
        return fail("an invalid SET is reported in setErrs with an err code",
                    "setErrs[jti].err", set_err, evidence)
    return ok(f"reported in setErrs with err {set_err['err']}", evidence)


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


@check(*ACTION_REQUIREMENTS, per_call=True)
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
