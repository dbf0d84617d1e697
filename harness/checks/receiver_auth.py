"""Checks on how a receiver under test authenticates to its transmitter (CAEP interop profile
§2.7): short-lived OAuth access tokens are renewed. Inputs are what the suite's transmitter
persona saw: its answers to the receiver's calls."""
from __future__ import annotations

from harness.checks.base import Outcome, check, fail, ok


@check("INTEROP-OAUTH-12")
def check_call_authorized_after_token_expiry(statuses: list[int], new_tokens: int) -> Outcome:
    """INTEROP §2.7.1 has the authorization server issue short-lived access tokens; RFC 6750
    §3.1: on `invalid_token` the client "MAY request a new access token and retry the
    protected resource request". `statuses`: the suite's transmitter's answers, in order, to
    the receiver's API calls made after its access token expired; `new_tokens`: the tokens it
    obtained since. One of those calls must be authorized (2xx): the receiver got a new token
    (before or after a 401) instead of losing its stream."""
    if not statuses:
        return fail("the receiver calls its transmitter again after its access token expired",
                    "an authorized call", "no call after the token expired")
    if not any(200 <= s < 300 for s in statuses):
        return fail("after its access token expired the receiver obtains a new one and its "
                    "calls are authorized again", "a 2xx answer",
                    {"answers": statuses, "new_tokens": new_tokens})
    refused = sum(1 for s in statuses if s == 401)
    return ok(f"authorized again with a new token ({new_tokens} obtained; {refused} call(s) "
              "answered 401 before)")


@check("INTEROP-OAUTH-03")
def check_scopes_from_resource_metadata(requested: list[str | None], published: list[str]
                                        ) -> Outcome:
    """INTEROP §2.7.2: "If the Resource Server, hosting SSF configuration APIs, supports OAuth
    Protected Resource Metadata then the client MUST obtain the required scopes by using it."
    `published`: the scopes_supported of the transmitter's RFC 9728 metadata, a scope only that
    document names; `requested`: the `scope` parameter of each token request the receiver
    made (None: it sent none). Each request must ask for a scope the metadata names."""
    if not requested:
        return fail("the receiver requests an access token at its transmitter's token endpoint",
                    "a token request", "none")
    wrong = [r for r in requested if not set((r or "").split()) & set(published)]
    if wrong:
        return fail("the receiver asks for the scopes the transmitter's protected resource "
                    "metadata names", f"a scope of {published}",
                    [r if r is not None else "(no scope parameter)" for r in wrong])
    return ok(f"{len(requested)} token request(s) asked for {published}")
