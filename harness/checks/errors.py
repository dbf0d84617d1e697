"""Checks on error responses shared by every management endpoint (SSF section 8 tables)."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, expect_status, fail, json_body, ok


@check("SSF-STREAM-29", "SSF-STREAM-37", "SSF-STREAM-41", "SSF-STREAM-43", "SSF-STATUS-07",
       "SSF-STATUS-10", "SSF-SUBS-04", "SSF-SUBS-06", "SSF-VERIFY-07", "SSF-MGMT-02",
       per_call=True)
def check_unknown_stream_404(resp: Response) -> Outcome:
    """An unknown (or someone else's) stream_id is answered with 404 (403 for foreign streams
    is accepted where the requirement allows it)."""
    return expect_status(resp, 404, "unknown stream must be answered 404")


@check("SSF-MGMT-02", "INTEROP-TX-11")
def check_foreign_stream_refused(resp: Response) -> Outcome:
    if resp.status not in (403, 404):
        return fail("another receiver's stream must be refused", [403, 404], resp.status,
                    resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-26", "SSF-STREAM-37", "SSF-STREAM-41", "SSF-STATUS-10", "SSF-SUBS-04",
       "SSF-SUBS-06", "SSF-VERIFY-07", "SSF-STREAM-31", "SSF-STREAM-22", "POLL-16",
       per_call=True)
def check_bad_request_400(resp: Response) -> Outcome:
    return expect_status(resp, 400, "a malformed or invalid request must be answered 400")


@check("SSF-MGMT-01", "SSF-STREAM-26", "SSF-STATUS-05", "INTEROP-OAUTH-07", per_call=True)
def check_unauthenticated_401(resp: Response) -> Outcome:
    return expect_status(resp, 401, "a request without valid credentials must be answered 401")


@check("INTEROP-OAUTH-08", "SSF-MGMT-01")
def check_www_authenticate_bearer(resp: Response) -> Outcome:
    challenge = resp.header("www-authenticate") or ""
    if resp.status == 401 and not challenge.lower().startswith("bearer"):
        return fail("a 401 carries a WWW-Authenticate: Bearer challenge", "Bearer …",
                    challenge or None, resp.evidence)
    return ok(evidence=resp.evidence)


@check("INTEROP-OAUTH-06")
def check_query_token_refused(resp: Response) -> Outcome:
    if 200 <= resp.status < 300:
        return fail("an access token in the query string must not be accepted", "4xx",
                    resp.status, resp.evidence)
    return ok(evidence=resp.evidence)


@check("INTEROP-OAUTH-04", "INTEROP-OAUTH-08")
def check_insufficient_scope_403(resp: Response) -> Outcome:
    return expect_status(resp, 403, "a read-only (ssf.read) token must not be allowed to manage streams")


@check("INTEROP-OAUTH-04", "INTEROP-OAUTH-05")
def check_read_scope_can_read(resp: Response) -> Outcome:
    return expect_status(resp, 200, "a read-only (ssf.read) token may read")


@check("SSF-DISC-18")
def check_error_body_is_json(resp: Response) -> Outcome:
    """Error responses carry a JSON object, never an HTML page or a stack trace."""
    body = json_body(resp)
    if not isinstance(body, dict):
        return fail("an error response has a JSON object body", "JSON object",
                    resp.text[:120], resp.evidence)
    if "Traceback" in resp.text:
        return fail("an error response must not leak a stack trace", "no traceback",
                    resp.text[:120], resp.evidence)
    return ok(evidence=resp.evidence)
