"""Checks of what a vendor's own product document says its management API does (profiles with
a `dialect:` other than `ssf`; ../shared/seeds/). Each cites the document's sentence through
its catalog row (harness/catalog/extra_requirements.yaml), and none knows which vendor it is
looking at: the scenario hands it the documented values (statuses, members) from the dialect
adapter. SSF 1.0's own rules stay in the other check modules.
"""
from __future__ import annotations

from typing import Any

from harness.checks.base import (NOT_JSON, Outcome, Response, check, fail, json_body,
                                 members_present, ok)

POLL_CREDENTIAL = "poll_bearer_token"


@check("SSF-STREAM-19", "KOLIDE-02", "KOLIDE-03", "STARFLY-03", "SSE-03", per_call=True)
def check_created_as_documented(resp: Response, statuses: tuple[int, ...],
                                id_member: str | None = "stream_id") -> Outcome:
    """A documented create request is answered with success and the new stream: a JSON
    object carrying its `id_member` (None: the document's stream has no identifier, as
    Google's one stream per project)."""
    if resp.status not in statuses:
        expected = statuses[0] if len(statuses) == 1 else list(statuses)
        return fail("create answered with another status than the document's success",
                    expected, resp.status, evidence=resp.evidence)
    body = json_body(resp)
    identified = id_member is None or (isinstance(body, dict)
                                       and isinstance(body.get(id_member), str))
    if not isinstance(body, dict) or not identified:
        actual = body if body is not NOT_JSON else resp.text[:200]
        wanted = f"JSON object with {id_member}" if id_member else "JSON object"
        return fail("the create answer is the new stream" + (f" with its {id_member}"
                                                             if id_member else ""),
                    wanted, actual, evidence=resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-01", "KOLIDE-04", "STARFLY-04", "SSE-03", per_call=True)
def check_documented_members(config: Any, members: tuple[str, ...]) -> Outcome:
    """The stream representation carries every member the document shows."""
    return members_present(config, members, "the stream lacks members the document shows")


@check("KOLIDE-05")
def check_poll_credential_once(created: Any, later: dict[str, Any]) -> Outcome:
    """"The response will include a one-time poll_bearer_token ... The token is provided only
    once and can't be recovered later": in the create answer, in no later answer (`later`:
    what each later call answered, by name)."""
    if not isinstance(created, dict) or not created.get(POLL_CREDENTIAL):
        return fail("the poll stream's create answer carries its poll_bearer_token",
                    POLL_CREDENTIAL, sorted(created) if isinstance(created, dict) else created)
    repeated = [name for name, body in later.items() if POLL_CREDENTIAL in _streams(body)]
    if repeated:
        return fail("the poll_bearer_token is provided only once", "only in the create answer",
                    f"also in: {', '.join(repeated)}")
    return ok()


def _streams(body: Any) -> set[str]:
    """Every member name of every stream object in an answer (a stream, a list, a wrapper)."""
    if isinstance(body, list):
        return set().union(*(_streams(b) for b in body)) if body else set()
    if isinstance(body, dict):
        inner = body.get("data")
        return set(body) | (_streams(inner) if isinstance(inner, list) else set())
    return set()


@check("KOLIDE-01", "KOLIDE-06", "KOLIDE-13", "STARFLY-02", per_call=True)
def check_answered_with(resp: Response, given: str) -> Outcome:
    """The request with what the document asks for is answered (2xx): the positive twin of
    `check_refused_without`, so a refusal is never credited to a server that refuses all."""
    if 200 <= resp.status < 300:
        return ok(f"answered with {given} ({resp.status})", evidence=resp.evidence)
    return fail(f"a request with {given} is answered", "2xx", resp.status, evidence=resp.evidence)


@check("KOLIDE-01", "KOLIDE-06", per_call=True)
def check_refused_without(resp: Response, missing: str) -> Outcome:
    """A request without what the document says every such request must include is refused
    (any 4xx: the document names no status); the same request with it was answered (the
    scenario's differential twin)."""
    if 400 <= resp.status < 500:
        return ok(f"refused without {missing} ({resp.status})", evidence=resp.evidence)
    return fail(f"a request without {missing} is refused", "4xx", resp.status,
                evidence=resp.evidence)


@check("KOLIDE-07")
def check_validation_error(resp: Response, field: str) -> Outcome:
    """Refused "with a validation error": a 4xx whose JSON body says what is wrong."""
    if not 400 <= resp.status < 500:
        return fail(f"a create with a forbidden {field} is rejected with a validation error",
                    "4xx", resp.status, evidence=resp.evidence)
    body = json_body(resp)
    if not isinstance(body, dict) or not body:
        return fail("the validation error is a JSON object saying what is wrong",
                    "JSON object", resp.text[:200], evidence=resp.evidence)
    return ok(evidence=resp.evidence)


@check("KOLIDE-08")
def check_list_wrapped(body: Any, stream_id: str) -> Outcome:
    """The list is `{"data": [...], "pagination": {...}}`, the created stream among the data."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), list) \
            or not isinstance(body.get("pagination"), dict):
        return fail("the stream list is {data: [...], pagination: {...}}",
                    "{data, pagination}", type(body).__name__ if not isinstance(body, dict)
                    else sorted(body))
    ids = [s.get("stream_id") for s in body["data"] if isinstance(s, dict)]
    if stream_id not in ids:
        return fail("the list holds the stream the suite created", stream_id, ids)
    return ok()


@check("KOLIDE-09")
def check_fresh_identity(first: dict, second: dict) -> Outcome:
    """"The new stream will receive a fresh poll_bearer_token along with a new stream_id"."""
    same = [m for m in ("stream_id", POLL_CREDENTIAL) if first.get(m) == second.get(m)]
    if same:
        return fail("a stream created after a delete has a new stream_id and poll token",
                    "both new", f"unchanged: {', '.join(same)}")
    return ok()


@check("KOLIDE-10")
def check_test_answer(body: Any) -> Outcome:
    """The test answer is `{success, response_code, ssf_stream_event_id}`."""
    if not isinstance(body, dict):
        return fail("the test answer is a JSON object", "object", type(body).__name__)
    wrong = [m for m, ok_type in (("success", bool), ("response_code", str))
             if not isinstance(body.get(m), ok_type)]
    if "ssf_stream_event_id" not in body:
        wrong.append("ssf_stream_event_id")
    if wrong:
        return fail("the test answer has success (boolean), response_code (string) and "
                    "ssf_stream_event_id", "all three", f"missing or mistyped: {wrong}")
    return ok()


@check("KOLIDE-11")
def check_top_level_sub_id(claims: dict) -> Outcome:
    """"v1.0 for the standard format (sub_id at the top level)"."""
    if isinstance(claims.get("sub_id"), dict):
        return ok()
    return fail("a SET of a v1.0 stream carries a top-level sub_id", "sub_id object",
                claims.get("sub_id"))


@check("KOLIDE-12")
def check_acknowledged_not_returned(jti: str, polled_again: dict) -> Outcome:
    """Acknowledged events are "not returned in future poll requests"."""
    if jti in polled_again:
        return fail("an acknowledged SET is not returned by a later poll", "absent", jti)
    return ok()


@check("KOLIDE-14")
def check_undocumented_event_left_out(resp: Response, config: Any, event_uri: str) -> Outcome:
    """A create requesting an event type the document says the API does not support
    ("events_requested currently only supports the device compliance change event") is refused
    (4xx), or the stream it makes leaves that type out of the events it delivers (`config`:
    the created stream in SSF 1.0's shape, the adapter's normalised answer)."""
    if 400 <= resp.status < 500:
        return ok(f"refused ({resp.status})", evidence=resp.evidence)
    if not 200 <= resp.status < 300:
        return fail("a create requesting an unsupported event type is refused or leaves it "
                    "out", "4xx, or 2xx without it", resp.status, evidence=resp.evidence)
    taken = config.get("events_delivered") if isinstance(config, dict) else None
    if not isinstance(taken, list):
        return fail("the created stream says which events it delivers", "events_delivered",
                    sorted(config) if isinstance(config, dict) else resp.text[:200],
                    evidence=resp.evidence)
    if event_uri in taken:
        return fail("an event type the document does not support is not delivered",
                    "absent from events_delivered", event_uri, evidence=resp.evidence)
    return ok(evidence=resp.evidence)


@check("KOLIDE-14")
def check_delivered_within(received: list[dict], delivered: list[str]) -> Outcome:
    """Every SET a stream delivered (`received`: their claims) is of an event type the stream
    delivers (its events_delivered: what it requested of the documented types)."""
    other = sorted({uri for claims in received
                    for uri in ((claims.get("events") if isinstance(claims, dict) else None)
                                or {}) if uri not in delivered})
    if other:
        return fail("a stream is delivered only the event types it delivers",
                    sorted(delivered), f"also delivered: {other}")
    return ok(f"{len(received)} SET(s), each of a delivered type")


@check("STARFLY-05", per_call=True)
def check_documented_value(config: Any, member: str, allowed: tuple[str, ...]) -> Outcome:
    """A member whose values the document lists ("Allowed values: ...") takes one of them."""
    if not isinstance(config, dict) or member not in config:
        return fail(f"the answer carries {member}", member,
                    sorted(config) if isinstance(config, dict) else type(config).__name__)
    if config[member] not in allowed:
        return fail(f"{member} takes one of the documented values", list(allowed),
                    config[member])
    return ok()


@check("STARFLY-01", "STARFLY-06", "STARFLY-07", "STARFLY-08", per_call=True)
def check_documented_error(resp: Response, codes: tuple[str, ...],
                           expected: str | None = None) -> Outcome:
    """A failure is answered with the document's error object: a 4xx/5xx whose body is a JSON
    object with the "required" `error`, one of the documented codes ("Allowed values: ..."),
    and, when present, a string `error_description` ("Human-readable error detail");
    `expected`: the code the document gives this failure ("Invalid request")."""
    if resp.status < 400:
        return fail("the request is refused with the documented error", "4xx or 5xx",
                    resp.status)
    body = json_body(resp)
    if not isinstance(body, dict) or "error" not in body:
        return fail("the error answer is a JSON object with error", "{error, ...}",
                    resp.text[:200] if body is NOT_JSON else body)
    if body["error"] not in codes:
        return fail("error is one of the documented codes", list(codes), body["error"])
    if expected is not None and body["error"] != expected:
        return fail("the failure is answered with the code the document gives it", expected,
                    body["error"])
    if "error_description" in body and not isinstance(body["error_description"], str):
        return fail("error_description is a human-readable string", "string",
                    type(body["error_description"]).__name__)
    return ok(f"{resp.status} {body['error']}")


@check("STARFLY-09")
def check_client_certificate_required(with_cert: dict, without: dict) -> Outcome:
    """"Protected by mTLS when TLS is enabled": over TLS, a request without a client
    certificate is refused (at the handshake, or with a 4xx other than the answer the same
    request got with the suite's certificate: the differential twin). Each is a dict {origin,
    status, detail}, status None when refused before any HTTP answer."""
    answered = with_cert.get("status")
    if answered is None:
        return fail("a request with the suite's client certificate is answered (the twin the "
                    "refusal is judged against)", "an HTTP answer",
                    with_cert.get("detail") or "no answer")
    status = without.get("status")
    if status is None or (400 <= status < 500 and status != answered):
        how = without.get("detail") or f"HTTP {status}"
        return ok(f"refused without a client certificate ({how})")
    return fail("a request without a client certificate is refused over TLS",
                f"refused (handshake, or a 4xx other than the HTTP {answered} with it)",
                f"answered HTTP {status}")


@check("SSE-02")
def check_delivery_urns(named: Any, urns: tuple[str, ...]) -> Outcome:
    """The delivery methods a document names are the ones used: `named` is a metadata's
    delivery_methods_supported (a list) or a stream's delivery (its `method`, or Google's
    `delivery_method`)."""
    if isinstance(named, dict):
        named = [named.get("method", named.get("delivery_method"))]
    if not isinstance(named, list) or not named:
        return fail("the delivery methods are named", list(urns), named)
    other = [m for m in named if m not in urns]
    if other:
        return fail("the delivery methods are the documented URNs", list(urns), other)
    return ok()


def _subjects_inside(claims: dict) -> tuple[list | None, Outcome | None]:
    """(the `subject` of each event, None) or (None, the failure: no events, or an event
    without its subject inside)."""
    events = claims.get("events") if isinstance(claims, dict) else None
    if not isinstance(events, dict) or not events:
        return None, fail("the SET carries an event", "events object", events)
    inner = [p.get("subject") if isinstance(p, dict) else None for p in events.values()]
    if not all(isinstance(one, dict) for one in inner):
        return None, fail("the subject sits inside the event", "events.<uri>.subject", inner)
    return inner, None


@check("SSE-04")
def check_subject_inside_event(claims: dict, subject: dict) -> Outcome:
    """The draft's SETs name their subject inside the event (`subject` in the event payload:
    the triggered `subject` itself or as its `user` member) and carry no top-level sub_id
    (vendor-dialects.md: "SETs have no top-level sub_id: the subject sits inside the event as
    subject: {user:{format:email,…}, session:{format:opaque,…}}")."""
    inner, failed = _subjects_inside(claims)
    if failed:
        return failed
    wrong = [one for one in inner if one != subject and one.get("user") != subject]
    if wrong:
        return fail("the subject inside the event names the subject the event is about",
                    subject, wrong)
    if "sub_id" in claims:
        return fail("the SET carries no top-level sub_id", "absent", claims["sub_id"])
    return ok()


@check("SSE-05")
def check_subject_type_spelled(claims: dict, spelling: str) -> Outcome:
    """The draft's SETs name their subject inside the event with `subject_type` spelled as the
    dialect spells that format (Google RISC: "`subject_type` `iss-sub` (hyphen)", not RFC
    9493's `iss_sub`), with the pair's `iss` and `sub`."""
    subjects, failed = _subjects_inside(claims)
    if failed:
        return failed
    wrong = [one.get("subject_type") for one in subjects if one.get("subject_type") != spelling]
    if wrong:
        return fail("the subject_type is spelled as the dialect spells it", spelling, wrong)
    unnamed = [one for one in subjects if not all(isinstance(one.get(m), str) and one.get(m)
                                                  for m in ("iss", "sub"))]
    if unnamed:
        return fail(f"a {spelling} subject names its iss and sub", "iss and sub", unnamed)
    return ok(f"subject_type {spelling}")


@check("SSE-01")
def check_dialect_metadata_served(resp: Response) -> Outcome:
    """The metadata is served where the dialect keeps it (the legacy draft's
    `/.well-known/sse-configuration`): a 200 answer with a JSON object naming the issuer."""
    if resp.status != 200:
        return fail("the metadata is served at the dialect's well-known URL", 200, resp.status)
    body = json_body(resp)
    if not isinstance(body, dict) or not isinstance(body.get("issuer"), str):
        return fail("the metadata is a JSON object with its issuer", "{issuer, ...}",
                    resp.text[:200] if body is NOT_JSON else body)
    return ok()
