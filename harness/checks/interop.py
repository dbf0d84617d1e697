"""Checks of the CAEP Interoperability Profile's stream flow and OAuth token (profile sections
2.3.8 and 2.7.1)."""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, fail, json_body, ok
from harness.ssf.constants import DELIVERY_METHODS

# What each step of the profile's happy path answers when it succeeds (SSF §8.1).
SUCCESS = {"create": 201, "read": 200, "read status": 200, "verify": 204}
SHORT_LIVED_SECONDS = 3600


@check("INTEROP-TX-09", "INTEROP-TX-11", per_call=True)
def check_interop_call_succeeds(resp: Response, operation: str) -> Outcome:
    """CAEP interop profile §2.3.8.1: the Transmitter "MUST accept" create requests with push
    or poll delivery (INTEROP-TX-09); §2.3.8.2: with valid authorization a Receiver "MUST be
    able to" create a stream, read its configuration, read its status and request
    verification (INTEROP-TX-11). `operation` names the step; success is SSF's answer for it."""
    wanted = SUCCESS[operation]
    if resp.status != wanted:
        return fail(f"the interop profile's {operation} succeeds", wanted, resp.status,
                    resp.evidence)
    return ok(evidence=resp.evidence)


@check("INTEROP-TX-10")
def check_interop_delivery_method(config: dict) -> Outcome:
    """CAEP interop profile §2.3.8.1: every stream configuration has `delivery`, whose method
    is push (urn:ietf:rfc:8935) or poll (urn:ietf:rfc:8936)."""
    delivery = config.get("delivery")
    method = delivery.get("method") if isinstance(delivery, dict) else None
    if method not in DELIVERY_METHODS:
        return fail("an interop stream delivers by push or poll", list(DELIVERY_METHODS),
                    method)
    return ok()


@check("INTEROP-OAUTH-02", "INTEROP-OAUTH-10", "INTEROP-OAUTH-11")
def check_token_response(resp: Response) -> Outcome:
    """CAEP interop profile §2.7.1: the authorization server "MUST support at least one of the
    following to obtain a short-lived access token", the client credential grant among them
    (INTEROP-OAUTH-02): 200 with a bearer access_token (RFC 6749 §5.1). expires_in is
    RECOMMENDED there (INTEROP-OAUTH-10), and the profile's example of short-lived is at most
    60 minutes (INTEROP-OAUTH-11): both warnings, as in the OIDF suite."""
    body = json_body(resp)
    if resp.status != 200 or not isinstance(body, dict) \
            or not isinstance(body.get("access_token"), str) or not body["access_token"]:
        return fail("the client-credentials grant answers 200 with an access_token", 200,
                    resp.status, resp.evidence, only="INTEROP-OAUTH-02")
    if str(body.get("token_type", "")).lower() != "bearer":
        return fail("the access token is a bearer token", "Bearer", body.get("token_type"),
                    resp.evidence, only="INTEROP-OAUTH-02")
    expires_in = body.get("expires_in")
    if not isinstance(expires_in, (int, float)) or isinstance(expires_in, bool):
        return fail("the token response says when the token expires (expires_in)", "seconds",
                    expires_in, resp.evidence, only="INTEROP-OAUTH-10")
    if expires_in > SHORT_LIVED_SECONDS:
        return fail("the access token is short-lived (at most 60 minutes)",
                    f"<= {SHORT_LIVED_SECONDS}", expires_in, resp.evidence,
                    only="INTEROP-OAUTH-11")
    return ok(evidence=resp.evidence)


# Each use case of the profile and its CAEP event (§3.1, §3.2; draft 01 §3.3, §3.4).
USE_CASES = {
    "session-revoked": "INTEROP-UC-SR-01", "credential-change": "INTEROP-UC-CC-01",
    "device-compliance-change": "INTEROP-UC-DCC-01", "risk-level-change": "INTEROP-UC-RLC-01",
}


@check(*USE_CASES.values())
def check_interop_use_case_supported(action: str, delivered: list[str], uri: str,
                                     claims: dict | None) -> Outcome:
    """CAEP interop profile §3: "In order to support session revocation or logout,
    implementations MUST support the CAEP event type session-revoked" (INTEROP-UC-SR-01), and
    likewise credential-change (§3.2), device-compliance-change (draft 01 §3.3) and, where the
    optional use case is claimed, risk-level-change (draft 01 §3.4). Supported means offered on
    a stream that asks for it (`delivered`: its events_delivered) and delivered when it happens
    (`claims`: the SET received after the trigger, None when none came)."""
    row = USE_CASES[action]
    if uri not in delivered:
        return fail(f"the interop use case's {action} event is offered on a stream",
                    uri, delivered, only=row)
    if claims is None or uri not in (claims.get("events") or {}):
        return fail(f"the interop use case's {action} event is delivered", uri,
                    "nothing within the deadline" if claims is None
                    else list((claims.get("events") or {}).keys()), only=row)
    return ok(only=row)
