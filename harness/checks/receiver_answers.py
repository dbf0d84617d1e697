"""Checks on how a receiver under test (RUT) answers the SETs the suite delivers: pushed ones
(RFC 8935 §2.2-§2.4) and polled ones (RFC 8936 §2.2, §2.6).

Each rule of a refusal is its own check at its own level, so one defect never shows up as the
failure of a requirement it does not break:
  * was the hostile SET refused at all (not acknowledged): the rule the SET breaks, named by
    the scenario (`check_set_refused`, `check_poll_report`);
  * the refusal's status code: RFC 8935 §2.3 (`check_refusal_status`, PUSH-09);
  * a 400's JSON error body: RFC 8935 §2.3 (`check_error_body`, PUSH-09);
  * a 400's Content-Language header: RFC 8935 §2.3 (`check_content_language`, PUSH-10);
  * the language of the descriptions: RFC 8935 §2.3 (`check_description_language`, PUSH-11);
  * the `err` code: RFC 8935 §2.4 (`check_err_code`, PUSH-13), any applicable code passes.
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
                       "SUBID-15", "SUBID-16", "SUBID-17", "JOSE-01")
# Receiver-side sentences that demand a refusal, plus PUSH-17 (MAY) for the refusals the
# receiver makes at its own discretion (see harness/catalog/levels.py, RECEIVER_REFUSALS).
REFUSE_REQUIREMENTS = ("PUSH-06", "PUSH-09", "PUSH-17", "JOSE-01", "JOSE-02", "JOSE-03",
                       "JOSE-04", "SET-06", "SSF-VERIFY-11", "SSF-VERIFY-12")
POLL_REQUIREMENTS = tuple(dict.fromkeys(ACCEPT_REQUIREMENTS + REFUSE_REQUIREMENTS
                                        + ("POLL-11", "POLL-12", "POLL-13", "POLL-15")))


def err_of(resp: Response) -> Any:
    body = json_body(resp)
    return body.get("err") if isinstance(body, dict) else None


def is_acknowledgement(resp: Response) -> bool:
    return 200 <= resp.status < 300


# -- valid SETs -----------------------------------------------------------------------------
@check(*ACCEPT_REQUIREMENTS, per_call=True)
def check_set_accepted(resp: Response | None) -> Outcome:
    """A valid SET is acknowledged with 202 Accepted and an empty body (RFC 8935 §2.2: "the SET
    Recipient SHALL acknowledge successful transmission by responding with HTTP Response Status
    Code 202 (Accepted) ... The body of the response MUST be empty").
    None: the receiver never answered the push (connection refused, or nothing sent)."""
    if resp is None:
        return fail("a valid SET is acknowledged with 202 Accepted", 202,
                    "no answer within the deadline")
    if resp.status != 202:
        return fail("a valid SET is acknowledged with 202 Accepted", 202,
                    f"{resp.status} err={err_of(resp)!r}", resp.evidence)
    if resp.text.strip():
        return fail("the 202 acknowledgement has an empty body", "empty body",
                    f"{len(resp.text)} characters", resp.evidence)
    return ok("acknowledged with an empty 202", resp.evidence)


@check("INTEROP-UC-CC-02")
def check_each_set_accepted(answers: dict[str, Response]) -> Outcome:
    """Every one of a batch of valid SETs (labelled) was acknowledged with an empty 202
    (CAEP interop §3.2: receivers understand every allowed change_type and credential_type)."""
    if not answers:
        return fail("a batch of SETs was pushed", "at least one answer", "none")
    bad = {label: r.status for label, r in answers.items()
           if r.status != 202 or r.text.strip()}
    evidence = tuple(e for r in answers.values() for e in r.evidence)
    if bad:
        return fail("every valid SET is acknowledged with an empty 202", 202, bad, evidence)
    return ok(f"all {len(answers)} acknowledged with an empty 202", evidence)


# -- refusals of pushed SETs ----------------------------------------------------------------
@check(*REFUSE_REQUIREMENTS, per_call=True)
def check_set_refused(resp: Response) -> Outcome:
    """The hostile SET was not acknowledged. Graded at the requirement the scenario names: the
    receiver-side sentence that demands the refusal (e.g. JOSE-03, RFC 7519 §7.2: the signature
    is verified with the issuer's key), or PUSH-17 where RFC 8935 §2 leaves it to the receiver
    ("The SET Recipient may accept or reject ... a SET at its own discretion").
    How the refusal is answered is graded by the checks below, not here."""
    if is_acknowledgement(resp):
        return fail("the hostile SET is not acknowledged", "a refusal (4xx)",
                    f"{resp.status} (acknowledged)", resp.evidence)
    return ok(f"not acknowledged ({resp.status})", resp.evidence)


@check("PUSH-09")
def check_refusal_status(resp: Response, statuses: tuple[int, ...] = (400,)) -> Outcome:
    """RFC 8935 §2.3: "When the SET Recipient detects an error parsing, validating, or
    authenticating a SET ..., the SET Recipient SHALL respond with an HTTP Response Status Code
    of 400 (Bad Request)"; a general HTTP error condition gets "the applicable HTTP Status Code"
    (the scenario lists which, e.g. 401 for a missing bearer token)."""
    if resp.status not in statuses:
        return fail("the refusal has the status RFC 8935 §2.3 gives it", list(statuses),
                    resp.status, resp.evidence)
    return ok(f"refused with {resp.status}", resp.evidence)


@check("PUSH-09")
def check_error_body(resp: Response) -> Outcome:
    """RFC 8935 §2.3: the 400 response's "Content-Type header field ... MUST be
    application/json, and the body MUST be a UTF-8 encoded JSON object containing" `err` (a
    Security Event Token Error Code) and `description` (a UTF-8 string)."""
    body = json_body(resp)
    if resp.media_type != "application/json" or body is NOT_JSON or not isinstance(body, dict):
        return fail("the 400 body is a JSON object (application/json)", "application/json object",
                    f"{resp.media_type or 'no Content-Type'}: {resp.text[:80]!r}", resp.evidence)
    wrong = [k for k in ("err", "description") if not isinstance(body.get(k), str)]
    if wrong:
        return fail("the 400 body has string err and description members",
                    "{err: string, description: string}",
                    {k: body.get(k) for k in ("err", "description")}, resp.evidence)
    return ok(f"RFC 8935 error body (err {body['err']})", resp.evidence)


@check("PUSH-10")
def check_content_language(resp: Response) -> Outcome:
    """RFC 8935 §2.3: "The response MUST include a Content-Language header field, whose value
    indicates the language of the error descriptions included in the response body." Graded on
    its own: a missing header never fails the rule the refused SET broke."""
    value = (resp.header("content-language") or "").strip()
    if not value:
        return fail("the 400 response carries Content-Language", "a language tag", None,
                    resp.evidence)
    return ok(f"Content-Language: {value}", resp.evidence)


def _primary(tag: str) -> str:
    return tag.split(";")[0].strip().split("-")[0].lower()


@check("PUSH-11")
def check_description_language(resp: Response, accept_language: str | None) -> Outcome:
    """RFC 8935 §2.3: a recipient with several languages "SHOULD choose the language ...
    according to the value of the Accept-Language header field"; without one, or without a
    language it supports, it "MUST respond with messages that are understandable by an
    English-speaking person". So the Content-Language names English or a language the suite
    asked for. (No Content-Language at all is check_content_language's finding.)"""
    declared = [_primary(t) for t in (resp.header("content-language") or "").split(",")
                if t.strip()]
    if not declared:
        return ok("no Content-Language to judge (see PUSH-10)", resp.evidence)
    asked = {_primary(t) for t in (accept_language or "").split(",") if t.strip()}
    allowed = sorted(asked - {"*"} | {"en"})
    if "*" in asked or any(lang in allowed for lang in declared):
        return ok(f"descriptions in {', '.join(declared)}", resp.evidence)
    return fail("error descriptions are in English or a language the transmitter accepts",
                allowed, declared, resp.evidence)


@check("PUSH-13", "SSF-VERIFY-12", per_call=True)
def check_err_code(err: Any, applicable: tuple[str, ...], evidence: tuple[str, ...] = ()
                   ) -> Outcome:
    """The `err` names the failure (RFC 8935 §2.4 registry; SSF §8.1.4.1 adds invalid_state):
    any of the codes that apply to the defect passes (a bad signature is invalid_key, and also
    authentication_failed or invalid_request)."""
    if err in applicable:
        return ok(f"err {err}", evidence)
    what = "the err code names the failure" if err in REGISTERED_ERRS else \
        "the err code is a registered one that names the failure"
    return fail(what, list(applicable), err, evidence)


# -- poll reports ---------------------------------------------------------------------------
@check(*POLL_REQUIREMENTS, per_call=True)
def check_poll_report(report: dict | None, valid: bool) -> Outcome:
    """What the polling RUT said about one SET in its later poll requests (RFC 8936 §2.2).
    A valid SET is acknowledged in `ack` and not reported in `setErrs` (RFC 8936 §2: the
    acknowledgement reports parse and validation errors, not later processing ones). An invalid one is never
    acknowledged; reporting it in setErrs is optional (RFC 8936 §2.4.4: the recipient "MAY use
    the setErrs member"), see check_set_errs_entry.
    `report` is {"acked": bool, "set_err": dict | None}, None when no poll mentioned the SET."""
    evidence = tuple((report or {}).get("evidence") or ())  # the recorded poll request
    if valid:
        if report is None:
            return fail("a later poll request acknowledges the SET", "ack",
                        "not mentioned within the deadline")
        acked, set_err = report.get("acked"), report.get("set_err")
        if not acked or set_err is not None:
            return fail("a valid SET is acknowledged, not reported as an error", "in ack",
                        {"acked": acked, "setErrs": set_err}, evidence)
        return ok("acknowledged", evidence)
    if report is not None and report.get("acked"):
        return fail("an invalid SET is never acknowledged", "not in ack", "acknowledged",
                    evidence)
    if report is None:
        return ok("not acknowledged within the deadline")
    return ok("not acknowledged (reported in setErrs)", evidence)


@check("POLL-13")
def check_set_errs_entry(set_err: Any, evidence: tuple[str, ...] = ()) -> Outcome:
    """RFC 8936 §2.2, §2.6: a setErrs member's value is a JSON object describing the error with
    `err` (from the RFC 8935 registry) and `description` (a human-readable string)."""
    if not isinstance(set_err, dict):
        return fail("a setErrs entry is a JSON object", "{err, description}", set_err, evidence)
    wrong = [k for k in ("err", "description") if not isinstance(set_err.get(k), str)]
    if wrong:
        return fail("a setErrs entry has string err and description members",
                    "{err: string, description: string}",
                    {k: set_err.get(k) for k in ("err", "description")}, evidence)
    return ok(f"setErrs entry with err {set_err['err']}", evidence)
