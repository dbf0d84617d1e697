"""Checks on the trust directory's Software Statement Assertion
(seeds/directory-get-ssa-assertion.txt: "The response body is a signed JWT", `application/jwt`,
"Possible values: <= 4000 characters", then the payload's claims; RFC 7591 §2.3 for `iss`).
"""
from __future__ import annotations

from harness.checks.base import Outcome, Response, check, fail, ok
from harness.jose import SETDecodeError, SETVerifyError, decode_set, verify_set
from harness.jose.sets import ASYMMETRIC_ALGS
from harness.schemas import validate

MAX_LENGTH = 4000
JWT_MEDIA_TYPE = "application/jwt"


def _claims(token: str) -> dict | None:
    try:
        return decode_set(token).claims
    except SETDecodeError:
        return None


@check("SSA-01")
def check_assertion_served(resp: Response) -> Outcome:
    """Seed: "200 OK ... application/jwt", "The response body is a signed JWT"."""
    if resp.status != 200:
        return fail("the assertion request did not answer 200", 200, resp.status, resp.evidence)
    if resp.media_type != JWT_MEDIA_TYPE:
        return fail("the assertion is not served as application/jwt", JWT_MEDIA_TYPE,
                    resp.header("content-type"), resp.evidence)
    return ok(evidence=resp.evidence)


@check("SSA-02")
def check_assertion_signature(token: str, jwks: dict, evidence: tuple[str, ...] = ()) -> Outcome:
    """Seed: "a signed JWT"; RFC 7591 §2.3: a software statement "MUST be digitally signed or
    MACed". A relying party can only verify it with the directory's published keys, so it must
    verify with one of them, under an asymmetric algorithm (never `none`)."""
    try:
        decoded = verify_set(token, jwks, algs=ASYMMETRIC_ALGS)
    except SETDecodeError as exc:
        return fail("the assertion is not a compact JWS", "header.payload.signature", str(exc),
                    evidence)
    except SETVerifyError as exc:
        header = _header(token)
        return fail(f"the assertion does not verify with the directory JWKS: {exc}",
                    "a signature by a published key", {"alg": header.get("alg"),
                                                        "kid": header.get("kid")}, evidence)
    return ok(f"signed with {decoded.header.get('alg')}", evidence)


def _header(token: str) -> dict:
    try:
        return decode_set(token).header
    except SETDecodeError:
        return {}


@check("SSA-03")
def check_assertion_size(token: str, evidence: tuple[str, ...] = ()) -> Outcome:
    """Seed: the application/jwt body "Possible values: <= 4000 characters"."""
    if len(token) > MAX_LENGTH:
        return fail("the assertion is longer than 4,000 characters", f"<= {MAX_LENGTH}",
                    len(token), evidence)
    return ok(evidence=evidence)


@check("SSA-04")
def check_assertion_claims_schema(token: str, evidence: tuple[str, ...] = ()) -> Outcome:
    """Seed: the SSA payload's claims with their limits, patterns and values; RFC 7591 §2.3: a
    software statement "MUST contain an "iss" (issuer) claim" (schemas/ssa)."""
    claims = _claims(token)
    errors = validate("ssa", claims) if claims is not None else None
    if errors is None or errors:
        found = "no JSON claims" if errors is None else [f"{e.pointer or '/'}: {e.message}"
                                                         for e in errors[:5]]
        return fail("the assertion's claims do not follow the documented claim set",
                    "schemas/ssa/software-statement-assertion", found, evidence)
    return ok(evidence=evidence)


@check("SSA-05")
def check_assertion_describes_statement(token: str, organisation_id: str,
                                        software_statement_id: str,
                                        evidence: tuple[str, ...] = ()) -> Outcome:
    """Seed: `software_id` is the "Unique Identifier for Client Software" and `org_id` "The
    Unique Organisation Id": the SSA of the statement and organisation of the request path."""
    claims = _claims(token) or {}
    found = {"software_id": claims.get("software_id"), "org_id": claims.get("org_id")}
    expected = {"software_id": software_statement_id, "org_id": organisation_id}
    if found != expected:
        return fail("the assertion describes another software statement", expected, found,
                    evidence)
    return ok(evidence=evidence)


@check("SSA-06")
def check_assertion_unexpired(token: str, now: float, skew: float = 60.0,
                              evidence: tuple[str, ...] = ()) -> Outcome:
    """RFC 7519 §4.1.4: a JWT "MUST NOT be accepted for processing" on or after its `exp`; an
    SSA issued expired is of no use. `exp` is optional: without it nothing is judged. `skew`
    allows for the directory's and the suite's clocks disagreeing."""
    claims = _claims(token) or {}
    exp, iat = claims.get("exp"), claims.get("iat")
    if exp is None:
        return ok("the assertion carries no exp", evidence)
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        return fail("exp is not a NumericDate", "a number", exp, evidence)
    if isinstance(iat, (int, float)) and not isinstance(iat, bool) and exp <= iat:
        return fail("the assertion expires before it was issued", f"exp > iat ({iat})", exp,
                    evidence)
    if exp <= now - skew:
        return fail("the assertion was already expired when it was issued",
                    f"exp after now ({int(now)})", exp, evidence)
    return ok(evidence=evidence)


@check("SSA-07", "SSA-08", per_call=True)
def check_assertion_withheld(resp: Response, why: str) -> Outcome:
    """Seed: the software statement is "Active/Suspended/Inactive" and the organisation's
    directory registration "Active, Pending, Withdrawn"; the SSA carries no software status, so
    the directory says "no longer active" only by issuing no SSA (any 4xx refusal). `why` names
    the status."""
    if not 400 <= resp.status < 500:
        return fail(f"an assertion was issued although {why}", "a 4xx refusal", resp.status,
                    resp.evidence)
    return ok(evidence=resp.evidence)
