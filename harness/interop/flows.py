"""The seed flows of the sandbox (../shared/seeds/ssf-sandbox-flows-and-endpoints.txt) the
matrix runs: four event flows with their response action, and stream verification."""
from __future__ import annotations

from dataclasses import dataclass

from harness.profiles.model import Profile


@dataclass(frozen=True)
class Flow:
    name: str
    action: str | None            # the event's action slug; None: stream verification
    # The security-state field a receiver's response changes, and its value after it (used
    # when the receiver shows no action log).
    state: tuple[str, object] | None = None

    @property
    def requires(self) -> str:
        return "verification" if self.action is None else f"event:{self.action}"


FLOWS: dict[str, Flow] = {f.name: f for f in (
    Flow("session-revoked", "session-revoked", ("sessions_active", 0)),
    Flow("credential-change", "credential-change"),
    Flow("account-disabled", "account-disabled", ("account_state", "disabled")),
    Flow("credential-compromise", "credential-compromise", ("credential_reset_required", True)),
    Flow("verification", None),
    # Not a seed flow: the one event a device-trust transmitter (Kolide) sends; --flows picks it.
    Flow("device-compliance-change", "device-compliance-change"),
)}
SEED_FLOWS = ("session-revoked", "credential-change", "account-disabled",
              "credential-compromise", "verification")
METHODS = ("push", "poll")


def parse_flows(spec: str | None) -> list[Flow]:
    names = [n.strip() for n in (spec or "").split(",") if n.strip()] or list(SEED_FLOWS)
    unknown = [n for n in names if n not in FLOWS]
    if unknown:
        raise ValueError(f"unknown flow(s) {', '.join(unknown)}; known: {', '.join(FLOWS)}")
    return [FLOWS[n] for n in names]


def parse_methods(spec: str | None) -> list[str]:
    names = [n.strip() for n in (spec or "").split(",") if n.strip()] or list(METHODS)
    unknown = [n for n in names if n not in METHODS]
    if unknown:
        raise ValueError(f"unknown method(s) {', '.join(unknown)}; known: push, poll")
    return names


def unsupported(flow: Flow, method: str, tx: Profile, rx: Profile) -> str | None:
    """Why this pair cannot run `flow` over `method` (a grey cell), or None."""
    for role, profile in (("transmitter", tx), ("receiver", rx)):
        caps = profile.capabilities(role)
        if not caps.supports(method):
            return f"the {role} ({profile.name}) does not support {method} delivery"
        if not caps.supports(flow.requires):
            what = "verification" if flow.action is None else f"the {flow.action} event"
            return f"the {role} ({profile.name}) does not support {what}"
    if flow.action is not None and tx.target("transmitter").trigger.type in ("none", "manual"):
        return f"the transmitter ({tx.name}) has no automated trigger"
    return None
