"""Checks on a transmitter's authorization server registering receivers by software statement
(RFC 7591 dynamic client registration, RFC 7592 client management; SSAs from the trust
directory of seeds/directory-get-ssa-assertion.txt).

RFC 7591 §3.2.1: "The response contains the client identifier as well as the client secret, if
the client is a confidential client. ... HTTP 201 Created ... application/json". §3.2.2: "the
authorization server returns an HTTP 400 status code (unless otherwise specified) with content
type "application/json" consisting of a JSON object ... error: REQUIRED", with the codes
invalid_software_statement ("The software statement presented is invalid.") and
unapproved_software_statement ("... not approved for use by this authorization server.").
"""
from __future__ import annotations

from harness.checks.base import NOT_JSON, Outcome, Response, check, fail, json_body, ok

INVALID = "invalid_software_statement"
UNAPPROVED = "unapproved_software_statement"
# Why the suite built a refused SSA -> the requirement that demands the refusal.
REFUSAL_REQUIREMENTS = {
    "tampered": "DCR-08", "untrusted": "DCR-08", "expired": "DCR-09",
    "withdrawn-organisation": "DCR-10", "inactive-software": "DCR-10", "no-ssf-role": "DCR-11",
}


@check("DCR-02")
def check_registration_created(resp: Response) -> Outcome:
    """RFC 7591 §3.2.1: a successful registration answers "HTTP 201 Created" with the client
    information as "application/json"."""
    if resp.status != 201:
        return fail("a valid software statement did not register with 201", 201, resp.status,
                    resp.evidence)
    if resp.media_type != "application/json" or not isinstance(json_body(resp), dict):
        return fail("the client information response is not a JSON object", "application/json",
                    resp.header("content-type"), resp.evidence)
    return ok(evidence=resp.evidence)


@check("DCR-03")
def check_client_information(info: dict, evidence: tuple[str, ...] = ()) -> Outcome:
    """RFC 7591 §3.2.1: "client_id REQUIRED"; "client_secret_expires_at REQUIRED if
    "client_secret" is issued" (0 when it does not expire)."""
    if not isinstance(info.get("client_id"), str) or not info["client_id"]:
        return fail("the client information response has no client_id", "client_id",
                    sorted(info), evidence)
    if "client_secret" in info and not isinstance(info.get("client_secret_expires_at"), int):
        return fail("a client_secret was issued without client_secret_expires_at",
                    "client_secret_expires_at: <seconds or 0>",
                    info.get("client_secret_expires_at"), evidence)
    return ok(evidence=evidence)


@check("DCR-04")
def check_statement_metadata_prevails(info: dict, statement_claims: dict, body_value: str,
                                      evidence: tuple[str, ...] = ()) -> Outcome:
    """RFC 7591 §2.3: "If the authorization server supports software statements, client
    metadata values conveyed in the software statement MUST take precedence over those conveyed
    using plain JSON elements"; §3.2.1: the server "MUST return all registered metadata". The
    suite sent `software_id` = `body_value` next to an SSA stating another one."""
    expected = statement_claims.get("software_id")
    if info.get("software_id") != expected:
        return fail("the registered software_id is not the software statement's",
                    expected, info.get("software_id") if "software_id" in info else "absent",
                    evidence)
    return ok(evidence=evidence)


@check("DCR-05", "DCR-08", "DCR-09", "DCR-10", "DCR-11")
def check_software_statement_refused(resp: Response, reason: str) -> Outcome:
    """A statement that is tampered or from a directory not trusted (DCR-08), expired (RFC
    7519 §4.1.4, DCR-09), for an organisation or software the directory no longer lists as
    Active (DCR-10), or whose roles authorise nothing in SSF (DCR-11) registers nothing; the
    refusal is "an HTTP 400 status code" (RFC 7591 §3.2.2, DCR-05)."""
    rule = REFUSAL_REQUIREMENTS[reason]
    if 200 <= resp.status < 300:
        info = json_body(resp)
        return fail(f"a {reason} software statement was registered", "a 400 refusal",
                    {"status": resp.status, "client_id": info.get("client_id")
                     if isinstance(info, dict) else None}, resp.evidence, only=rule)
    if resp.status != 400:
        return fail(f"the {reason} software statement was refused with {resp.status}, not 400",
                    400, resp.status, resp.evidence, only="DCR-05")
    return ok(evidence=resp.evidence, only=rule)


@check("DCR-06")
def check_registration_error_body(resp: Response) -> Outcome:
    """RFC 7591 §3.2.2: the error response has "content type "application/json" consisting of a
    JSON object" whose "error: REQUIRED. Single ASCII error code string."."""
    body = json_body(resp)
    if resp.media_type != "application/json" or not isinstance(body, dict) \
            or not isinstance(body.get("error"), str) or not body["error"].isascii():
        return fail("the registration error is not a JSON object with an error code",
                    {"error": "<code>"}, "not JSON" if body is NOT_JSON else body, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DCR-07")
def check_registration_error_code(resp: Response, reason: str) -> Outcome:
    """RFC 7591 §3.2.2: invalid_software_statement "The software statement presented is
    invalid"; unapproved_software_statement "The software statement presented is not approved
    for use by this authorization server". A bad signature or an expired statement is invalid;
    an untrusted issuer may be either (the server cannot tell a forgery from a stranger); the
    directory's statuses and roles make it unapproved."""
    expected = {"tampered": (INVALID,), "expired": (INVALID,),
                "untrusted": (UNAPPROVED, INVALID)}.get(reason, (UNAPPROVED,))
    body = json_body(resp)
    error = body.get("error") if isinstance(body, dict) else None
    if error not in expected:
        return fail(f"the refusal of a {reason} software statement does not say why",
                    " or ".join(expected), error, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DCR-12")
def check_registered_credentials_obtain_token(resp: Response) -> Outcome:
    """RFC 7591 §3.2.1: the client_id and client_secret issued are the client's credentials;
    RFC 6749 §4.4.3: the client credentials grant answers an access token."""
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict) or not body.get("access_token"):
        return fail("the registered client's credentials obtained no access token",
                    "200 with access_token", resp.status, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DCR-12")
def check_registered_client_manages_streams(resp: Response) -> Outcome:
    """The directory roles of the software authorise SSF stream management (`ssf.manage`), so
    its access token creates a stream (SSF §8.1.1.1: 201)."""
    if resp.status != 201:
        return fail("the registered client could not create a stream with its access token",
                    201, resp.status, resp.evidence)
    return ok(evidence=resp.evidence)


@check("DCR-13")
def check_client_configuration_readable(resp: Response | None, client_id: str) -> Outcome:
    """RFC 7592 §2.1: a GET of the registration_client_uri with the registration access token
    returns the client's information (200, JSON). None: the server offered no client
    management (RFC 7592 is optional), which is not judged."""
    if resp is None:
        return ok("the registration response offers no client configuration endpoint")
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict) or body.get("client_id") != client_id:
        return fail("the client configuration endpoint did not return the client's"
                    " information", f"200 with client_id {client_id}", resp.status,
                    resp.evidence)
    return ok(evidence=resp.evidence)
