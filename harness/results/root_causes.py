"""One finding per root cause (issue 10, item 5).

Scenarios depend on preconditions: the transmitter metadata discovered, a stream created, the
event trigger working, the receiver under test provisioned. When a precondition fails, the first
scenario that meets the failure reports it as the finding (expected vs actual, the exchange).
Every later scenario whose same precondition fails the same way is *blocked* by it: it proves
nothing about the requirements it was written for, and failing it again would turn one defect
into dozens of MUST failures. A failure that costs a deadline (no answer, nothing created in
time) is not waited out again: later scenarios needing that precondition are blocked at once.

The registry lives in one process. Under pytest-xdist each worker reports its own first
occurrence; the id is derived from the precondition and the failure's signature only, so the
report-level list (`collect_root_causes`) merges them into one entry.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

METADATA = "metadata discovered"
STREAM = "stream created"
TRIGGER = "trigger works"
RECEIVER = "receiver provisioned"

# The legacy SSE draft, recognised when SSF discovery fails but the draft's well-known answers
# (see ../shared/anchors/vendor-dialects.md). The one place this wording lives.
LEGACY_SSE_DRAFT = ("this transmitter speaks the legacy SSE draft (sse-configuration "
                    "well-known, RISC delivery URNs, subject inside the event, no sub_id), "
                    "not SSF 1.0")
LEGACY_SSE_FINDING = f"{LEGACY_SSE_DRAFT}; set `dialect: sse-draft` in the profile"
LEGACY_SSE_ADVICE = ("set `dialect: sse-draft` in the profile, so the suite speaks the draft's "
                     "management API and judges it by that dialect instead of failing SSF 1.0 "
                     "requirements one by one")



def dialect_finding(dialect: str, title: str) -> tuple[str, str]:
    """(finding, advice) when a target named as another dialect shows `dialect`'s signature."""
    return (f"this transmitter speaks {title}, not the dialect the profile names; set "
            f"`dialect: {dialect}` in the profile's transmitter section",
            f"set `transmitter.dialect: {dialect}` in the profile, so the suite speaks that "
            "API and judges it by its own document instead of failing SSF 1.0 requirements "
            "one by one")


_TIMED_OUT = ("no answer within the deadline", "within the deadline", "timed out")


@dataclass(frozen=True)
class RootCause:
    id: str
    precondition: str
    signature: str          # how the failure looked: what "failed the same way" compares
    summary: str            # one line: what went wrong, expected vs actual
    expected: Any = None
    actual: Any = None
    evidence: tuple[str, ...] = ()
    advice: str = ""        # what to do about it
    scenario: str = ""      # the scenario that reported it (the finding)
    retry: bool = True      # False: trying again would wait out a deadline for nothing

    def headline(self) -> str:
        """How the finding scenario's failure message starts (Allure's category matches it)."""
        text = f"ROOT CAUSE {self.id} ({self.precondition}): {self.summary}"
        return f"{text}. What to do: {self.advice}" if self.advice else text

    def blocked_message(self) -> str:
        """The skip message of a blocked scenario (JUnit, Allure, results.json)."""
        return f"blocked by {self.id} ({self.precondition}): {self.summary}"

    def reference(self) -> dict:
        """What a blocked scenario's record keeps of its root cause."""
        return {"id": self.id, "precondition": self.precondition, "summary": self.summary}

    def to_dict(self) -> dict:
        out = asdict(self)
        out["evidence"] = list(self.evidence)
        return out


def root_cause_id(precondition: str, signature: str) -> str:
    """Stable across processes: the same precondition failing the same way has one id."""
    digest = hashlib.sha256(f"{precondition}\n{signature}".encode()).hexdigest()[:8]
    return f"RC-{precondition.split(' (')[0].replace(' ', '-')}-{digest}"


def reason_of(message: str) -> str:
    """A failure message without the request line ("GET https://…: "), so the same failure of
    requests to different URLs (e.g. one trigger URL per event) has the same signature."""
    return re.sub(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD) \S+: ", "", str(message)).strip()


def timed_out(message: str) -> bool:
    return any(marker in str(message) for marker in _TIMED_OUT)


@dataclass
class RootCauses:
    """The root causes found so far in this process (one per pytest session or xdist worker)."""
    _found: dict[tuple[str, str], RootCause] = field(default_factory=dict)

    def find(self, precondition: str, signature: str) -> RootCause | None:
        return self._found.get((precondition, signature))

    def blocking(self, precondition: str) -> RootCause | None:
        """A root cause of `precondition` not worth trying again (it cost a deadline)."""
        for (name, _), cause in self._found.items():
            if name == precondition and not cause.retry:
                return cause
        return None

    def register(self, precondition: str, signature: str, **details: Any) -> RootCause:
        known = self.find(precondition, signature)
        if known is not None:
            return known
        cause = RootCause(root_cause_id(precondition, signature), precondition, signature,
                          **details)
        self._found[(precondition, signature)] = cause
        return cause

    def __iter__(self):
        return iter(list(self._found.values()))

    def __len__(self) -> int:
        return len(self._found)


def advice_for(precondition: str, actual: Any, message: str = "") -> str:
    """What to do about a failed precondition, from what it failed with."""
    if precondition.startswith(RECEIVER):   # waiting for the RUT is its deadline by design
        return ("the receiver under test did not create its stream at the suite's transmitter: "
                "check receiver.stream.create in the profile, that the receiver can reach the "
                "suite's transmitter metadata (see the evidence) with its credentials "
                "(receiver.auth), or let the suite create it (stream.provisioning: suite)")
    if timed_out(message) or timed_out(actual):
        return ("the implementation did not answer in time: check that it is reachable from "
                "the suite, or raise the profile's timeouts")
    if precondition == METADATA:
        return ("the transmitter must serve its configuration metadata at the well-known URL "
                "derived from its issuer (SSF 1.0 section 7.2): check transmitter.issuer (or "
                "metadata_url) in the profile")
    if precondition == STREAM:
        if actual in (401, 403):
            return "check the management credentials in the profile (transmitter.auth)"
        if actual == 429:
            return ("the transmitter rate-limits stream creation: raise its limit for the "
                    "suite's client, or slow the suite down (the profile's request rate)")
        return ("the transmitter refused the suite's create request (its error response is in "
                "the evidence); the suite sends only receiver-supplied members (delivery, "
                "events_requested, description): fix stream creation, then run again")
    if precondition == TRIGGER:
        return ("the profile's event trigger (transmitter.trigger) did not work: check its URL, "
                "method, headers and credentials, or its command")
    return "fix this precondition first; the scenarios it blocked run again afterwards"


def collect_root_causes(scenarios: list[dict]) -> list[dict]:
    """The run's root causes from its scenario records, each once (merged by id across xdist
    workers), with the scenarios that reported it and those it blocked; most blocking first."""
    out: dict[str, dict] = {}

    def entry(ref: dict) -> dict:
        return out.setdefault(ref["id"], {**ref, "reported_by": [], "blocked": 0,
                                          "blocked_scenarios": []})
    for sc in scenarios:
        if sc.get("root_cause"):
            item = entry(sc["root_cause"])
            for key, value in sc["root_cause"].items():
                item.setdefault(key, value)
            item["reported_by"].append(sc["id"])
    for sc in scenarios:
        if sc.get("blocked_by"):
            item = entry(sc["blocked_by"])
            item["blocked"] += 1
            if sc["id"] not in item["blocked_scenarios"]:
                item["blocked_scenarios"].append(sc["id"])
    for item in out.values():
        item.pop("scenario", None)   # `reported_by` says it for every worker
        item.pop("retry", None)
    return sorted(out.values(), key=lambda e: (-e["blocked"], e["id"]))
