"""Which received SETs a scenario is waiting for: predicates over SET claims, and what a set
of polled SETs says about verification states. Pure functions over decoded claims."""
from __future__ import annotations

from typing import Callable

from harness.jose import SETDecodeError, decode_set
from harness.ssf.events import VERIFICATION

ClaimsPredicate = Callable[[dict], bool]


def verification_with(state: str | None) -> ClaimsPredicate:
    """A verification SET (with `state`, when given)."""
    def predicate(claims: dict) -> bool:
        payload = (claims.get("events") or {}).get(VERIFICATION.uri)
        return payload is not None and (state is None or payload.get("state") == state)
    return predicate


def event_about(uri: str, email: str | None) -> ClaimsPredicate:
    """An event of type `uri` about `email`, named in sub_id or inside the event (the legacy
    SSE draft's place for the subject)."""
    def predicate(claims: dict) -> bool:
        if uri not in (claims.get("events") or {}):
            return False
        payload = (claims.get("events") or {}).get(uri)
        inner = payload.get("subject") if isinstance(payload, dict) else None
        return email is None or email in str(claims.get("sub_id")) or email in str(inner)
    return predicate


def verification_state(claims: dict) -> str | None:
    payload = (claims.get("events") or {}).get(VERIFICATION.uri)
    return payload.get("state") if isinstance(payload, dict) else None


def polled_verification_states(tokens: dict[str, str]) -> dict[str, str]:
    """jti -> state of the polled SETs that are verification SETs with a state."""
    out = {}
    for jti, token in tokens.items():
        try:
            state = verification_state(decode_set(token).claims)
        except SETDecodeError:
            continue
        if state is not None:
            out[jti] = state
    return out


def first_matching(tokens: dict[str, str], predicate: ClaimsPredicate):
    """The first decodable SET among `tokens` whose claims match, or None."""
    for token in tokens.values():
        try:
            decoded = decode_set(token)
        except SETDecodeError:
            continue
        if predicate(decoded.claims):
            return decoded
    return None
