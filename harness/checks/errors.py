"""Checks on error responses shared by every management endpoint (SSF section 8 tables)."""
from __future__ import annotations

import re

from harness.checks.base import Outcome, Response, check, expect_status, fail, ok


@check("SSF-STREAM-29", "SSF-STREAM-37", "SSF-STREAM-41", "SSF-STREAM-43", "SSF-STATUS-07",
       "SSF-STATUS-10", "SSF-SUBS-04", "SSF-SUBS-06", "SSF-VERIFY-07", "SSF-MGMT-02",
       per_call=True)
def check_unknown_stream_404(resp: Response) -> Outcome:
    """SSF §8.1 error tables: a stream_id no stream has (for this Receiver) is answered 404;
    the call names the table's requirement of the endpoint it exercised."""
    return expect_status(resp, 404, "unknown stream must be answered 404")


@check("SSF-MGMT-02")
def check_foreign_stream_refused(resp: Response) -> Outcome:
    """SSF §8: authorization ties a Receiver to its own streams; no Receiver can read or change
    another's (403 or 404 both refuse without leaking the stream)."""
    if resp.status not in (403, 404):
        return fail("another receiver's stream must be refused", [403, 404], resp.status,
                    resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSF-STREAM-26", "SSF-STREAM-37", "SSF-STREAM-41", "SSF-STATUS-10", "SSF-SUBS-04",
       "SSF-SUBS-06", "SSF-VERIFY-07", "SSF-STREAM-22", "POLL-16", per_call=True)
def check_bad_request_400(resp: Response) -> Outcome:
    return expect_status(resp, 400, "a malformed or invalid request must be answered 400")


@check("SSF-MGMT-01", "SSF-STREAM-26", "SSF-STATUS-05", "INTEROP-OAUTH-07", "SSF-DISC-22",
       per_call=True)
def check_unauthenticated_401(resp: Response, tolerate_400: bool = False) -> Outcome:
    """A request without credentials, or with a token the transmitter does not accept, is
    answered 401 (SSF §8 tables, RFC 6750 §3.1 invalid_token; on the poll endpoint SSF §7.1.1's
    SHOULD, SSF-DISC-22). `tolerate_400` is for a PATCH carrying an invalid token: SSF-STREAM-37
    lists 400 for an "otherwise invalid" update and a transmitter may judge the body first, so
    400 is accepted there as the OpenID Foundation suite does."""
    allowed = (400, 401) if tolerate_400 else 401
    return expect_status(resp, allowed, "a request without valid credentials must be answered 401")


@check("SSF-MGMT-01")
def check_www_authenticate_bearer(resp: Response) -> Outcome:
    """SSF §8 (SSF-MGMT-01): standard HTTP authentication; RFC 9110 §11.6.1: a 401 "MUST send a
    WWW-Authenticate header field containing at least one challenge", which for bearer tokens
    uses the "Bearer" scheme (RFC 6750 §3)."""
    challenge = resp.header("www-authenticate") or ""
    if resp.status == 401 and not challenge.lower().startswith("bearer"):
        return fail("a 401 carries a WWW-Authenticate: Bearer challenge", "Bearer …",
                    challenge or None, resp.evidence)
    return ok(evidence=resp.evidence)


def challenge_params(challenge: str) -> dict[str, str]:
    """auth-params of a Bearer challenge (RFC 6750 §3), names lower-cased, quotes removed."""
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in re.finditer(r'([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))',
                                 challenge)}


@check("INTEROP-OAUTH-08", "SSF-DISC-22", per_call=True)
def check_invalid_token_challenge(resp: Response) -> Outcome:
    """A request whose bearer token is invalid (not missing) and is answered 401 carries
    `WWW-Authenticate: Bearer error="invalid_token"`. RFC 6750 §3: a request that "included an
    access token and failed authentication" SHOULD get the error attribute, §3.1 names
    invalid_token for it; the CAEP interop profile §2.7.3 makes it a MUST (INTEROP-OAUTH-08).
    On the poll endpoint it is graded with SSF §7.1.1's SHOULD that the metadata's
    authorization schemes protect it (SSF-DISC-22), as the OpenID Foundation suite warns.
    A status other than 401 is the status check's verdict, not this one's."""
    if resp.status != 401:
        return ok(f"answered {resp.status}, not 401: no challenge to look at", resp.evidence)
    challenge = resp.header("www-authenticate") or ""
    if not challenge.lower().startswith("bearer") or \
            challenge_params(challenge).get("error") != "invalid_token":
        return fail('a 401 for an invalid token says error="invalid_token" in its Bearer '
                    "challenge", 'Bearer error="invalid_token"', challenge or None,
                    resp.evidence)
    return ok(evidence=resp.evidence)


@check("INTEROP-OAUTH-06")
def check_query_token_refused(resp: Response) -> Outcome:
    if 200 <= resp.status < 300:
        return fail("an access token in the query string must not be accepted", "4xx",
                    resp.status, resp.evidence)
    return ok(evidence=resp.evidence)


@check("INTEROP-OAUTH-04", "INTEROP-OAUTH-08")
def check_insufficient_scope_403(resp: Response) -> Outcome:
    """CAEP interop §2.7.3: stream management needs `ssf.manage` (INTEROP-OAUTH-04), and a token
    lacking the scope gets RFC 6750's insufficient_scope → 403 (INTEROP-OAUTH-08)."""
    if 200 <= resp.status < 300:
        return fail("a read-only (ssf.read) token must not be allowed to manage streams", 403,
                    resp.status, resp.evidence, only="INTEROP-OAUTH-04")
    if resp.status != 403:
        return fail("a token without the needed scope is answered 403 (insufficient_scope)",
                    403, resp.status, resp.evidence, only="INTEROP-OAUTH-08")
    return ok(evidence=resp.evidence)


@check("INTEROP-OAUTH-04", "INTEROP-OAUTH-05", per_call=True)
def check_read_scope_can_read(resp: Response) -> Outcome:
    """CAEP interop §2.7.3: read operations accept `ssf.read` (INTEROP-OAUTH-04); access tokens
    in the Authorization: Bearer header are accepted (INTEROP-OAUTH-05)."""
    return expect_status(resp, 200, "the token may read streams")
