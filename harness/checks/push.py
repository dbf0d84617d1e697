"""Checks on push delivery requests made by a transmitter (RFC 8935, SSF section 6.1.1)."""
from __future__ import annotations

from dataclasses import dataclass

from harness.checks.base import Outcome, check, fail, ok
from harness.ssf.constants import SET_MEDIA_TYPE


@dataclass(frozen=True)
class PushRequest:
    """A push as the suite's receiver persona saw it (live, unredacted; never reported raw)."""
    method: str
    scheme: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    evidence: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@check("PUSH-01")
def check_push_is_post(req: PushRequest) -> Outcome:
    if req.method != "POST":
        return fail("SETs are pushed with HTTP POST", "POST", req.method, req.evidence)
    return ok(evidence=req.evidence)


@check("PUSH-02")
def check_push_content_type(req: PushRequest) -> Outcome:
    if req.media_type != SET_MEDIA_TYPE:
        return fail("push Content-Type", SET_MEDIA_TYPE, req.headers.get("content-type"),
                    req.evidence)
    return ok(evidence=req.evidence)


@check("PUSH-03")
def check_push_accept_json(req: PushRequest) -> Outcome:
    accept = req.headers.get("accept", "")
    if "application/json" not in accept and "*/*" not in accept:
        return fail("push requests say Accept: application/json", "application/json",
                    accept or None, req.evidence)
    return ok(evidence=req.evidence)


@check("PUSH-04")
def check_push_body_is_one_compact_jws(req: PushRequest) -> Outcome:
    text = req.body.decode("ascii", errors="replace").strip()
    if text.count(".") != 2 or any(c.isspace() for c in text):
        return fail("the body is one SET in compact serialization", "header.payload.signature",
                    f"{len(req.body)} bytes, {text.count('.')} dots", req.evidence)
    return ok(evidence=req.evidence)


@check("SSF-DELIV-05")
def check_authorization_header_exact(req: PushRequest, configured: str | None) -> Outcome:
    """Compares on the live request; messages never include the secret itself."""
    got = req.headers.get("authorization")
    if configured is None:
        if got is not None:
            return fail("no Authorization header is sent when none is configured", "absent",
                        "present", req.evidence)
        return ok(evidence=req.evidence)
    if got != configured:
        return fail("the configured authorization_header is sent exactly as configured",
                    "the configured value", "absent" if got is None else "a different value",
                    req.evidence)
    return ok(evidence=req.evidence)


def is_retransmission(refused: dict, later: dict) -> bool:
    """A later SET is the refused one sent again when it has its jti or, re-signed, the same
    events claim (for a verification: the same state)."""
    return later.get("jti") == refused.get("jti") or (
        bool(refused.get("events")) and later.get("events") == refused.get("events"))


@check("SET-08")
def check_retry_keeps_jti(refused: dict, later: list[dict]) -> Outcome:
    """RFC 8417 §2.2 (SET-08): the same SET re-sent keeps its jti. `refused` are the claims
    of a SET the suite answered 503, `later` the claims of the SETs pushed after it. RFC 8935 §2
    leaves retransmission to the transmitter ("The SET Transmitter should not re-transmit a
    SET unless ..."; "It is left to the implementer to decide"), so no retransmission is no
    finding; a retransmission under a new jti is."""
    retries = [c for c in later if is_retransmission(refused, c)]
    if not retries:
        return ok("no retransmission of the refused SET arrived: RFC 8935 §2 leaves retrying "
                  "to the transmitter, so there is no jti to compare")
    other = sorted({str(c.get("jti")) for c in retries if c.get("jti") != refused.get("jti")})
    if other:
        return fail("a SET sent again after a 503 keeps its jti", refused.get("jti"),
                    f"re-sent as {other}")
    return ok(f"retransmitted {len(retries)} time(s) with the same jti")
