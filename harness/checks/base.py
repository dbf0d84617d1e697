"""The shape of a check: a small named function that returns exactly one Verdict.

A check never decides severity: it says pass or fail, with expected vs actual, and names the
requirement(s) it tests. The caller (the scenario's recorder) turns a failure into failed /
warning / info from the requirement's level in the catalog.
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

from harness.checks.beyond_oidf import BEYOND_OIDF
from harness.checks.data_errors import describe, error_text, reading_error

_MISSING = object()


@dataclass(frozen=True)
class Verdict:
    check_id: str
    requirements: tuple[str, ...]
    passed: bool
    message: str
    expected: Any = None
    actual: Any = None
    evidence: tuple[str, ...] = ()  # ids of recorded exchanges / SETs this verdict is about


@dataclass(frozen=True)
class Outcome:
    """What a check body returns; the @check decorator stamps id and requirements onto it."""
    passed: bool
    message: str
    expected: Any = None
    actual: Any = None
    evidence: tuple[str, ...] = ()
    # Requirements found while checking (e.g. named by a schema error), added to the static ones.
    extra_requirements: tuple[str, ...] = ()
    # The declared requirement(s) this outcome is about, when a check tests one sentence per
    # branch (e.g. "held events missing" vs "held events out of order"); None = all declared.
    only: tuple[str, ...] | None = None


def expect_status(resp: "Response", expected: int | tuple[int, ...], what: str) -> "Outcome":
    """The common shape of a status-code check: `what` says what the status means."""
    allowed = (expected,) if isinstance(expected, int) else expected
    if resp.status not in allowed:
        exp = allowed[0] if len(allowed) == 1 else list(allowed)
        return fail(what, exp, resp.status, resp.evidence)
    return ok(evidence=resp.evidence)


def members_present(config: Any, members: tuple[str, ...], message: str) -> "Outcome":
    """A JSON object carrying every one of `members` (actual: the missing ones)."""
    if not isinstance(config, dict):
        return fail("a stream configuration is a JSON object", "object", type(config).__name__)
    missing = [m for m in members if m not in config]
    return fail(message, list(members), missing) if missing else ok()


def ok(message: str = "as required", evidence: tuple[str, ...] = (),
       only: str | tuple[str, ...] | None = None) -> Outcome:
    """A passed outcome; `only` names the declared requirement this branch tested."""
    if isinstance(only, str):
        only = (only,)
    return Outcome(True, message, evidence=evidence, only=only)


def fail(message: str, expected: Any = None, actual: Any = None,
         evidence: tuple[str, ...] = (), extra_requirements: tuple[str, ...] = (),
         only: str | tuple[str, ...] | None = None) -> Outcome:
    """A failed outcome; `only` names the declared requirement this branch tests."""
    if isinstance(only, str):
        only = (only,)
    return Outcome(False, message, expected, actual, evidence, tuple(extra_requirements), only)


@dataclass(frozen=True)
class CheckInfo:
    check_id: str
    requirements: tuple[str, ...]
    doc: str
    module: str
    # Why this check is stricter than the OpenID Foundation suite with a MUST behind it
    # (harness/checks/beyond_oidf.py); None when it is not.
    beyond_oidf: str | None = None


BEYOND_LABEL = "beyond OIDF"


REGISTRY: dict[str, CheckInfo] = {}


def check(*requirements: str, per_call: bool = False
          ) -> Callable[[Callable[..., Outcome]], Callable[..., Verdict]]:
    """Register `check_…` functions with the requirement IDs they test.

    With per_call=True the check is shared by several requirements (e.g. "unknown stream → 404"
    on every endpoint); each call names the one it tests with `requirement=`, which must be one
    of the declared IDs, so a verdict is never blamed on an endpoint it did not exercise.

    A check whose branches test different sentences returns `fail(..., only=<id>)`: the verdict
    then names just that declared requirement (and its level), never the other branches'.

    A check listed in harness/checks/beyond_oidf.py is stricter than the OIDF suite: its failed
    verdict says "beyond OIDF" and why, so a vendor who passed the OIDF run sees why it fails
    here."""
    if not requirements:
        raise ValueError("a check must name at least one requirement")

    def decorate(func: Callable[..., Outcome]) -> Callable[..., Verdict]:
        name = func.__name__
        if not name.startswith("check_"):
            raise ValueError(f"check functions are named check_…, got {name}")
        if name in REGISTRY:
            raise ValueError(f"duplicate check id {name}")
        beyond_oidf = BEYOND_OIDF.get(name)
        REGISTRY[name] = CheckInfo(name, tuple(requirements), inspect.getdoc(func) or "",
                                   func.__module__, beyond_oidf)

        @functools.wraps(func)
        def wrapper(*args, **kwargs) -> Verdict:
            chosen = tuple(requirements)
            if per_call:
                req = kwargs.pop("requirement", None)
                if req not in requirements:
                    raise ValueError(f"{name} needs requirement= one of {requirements}, got {req!r}")
                chosen = (req,)
            try:
                outcome = func(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the rule is in harness/checks/data_errors.py
                if not reading_error(exc):
                    raise
                outcome = fail(describe(exc), "data this check can read", error_text(exc))
            if not isinstance(outcome, Outcome):
                raise TypeError(f"{name} returned {type(outcome).__name__}, not an Outcome")
            if outcome.only is not None:
                if per_call or not set(outcome.only) <= set(requirements):
                    raise ValueError(f"{name}: only={outcome.only} must name declared "
                                     f"requirements of a check that is not per_call")
                chosen = tuple(outcome.only)
            reqs = tuple(dict.fromkeys(chosen + outcome.extra_requirements))
            if not reqs:
                raise ValueError(f"{name}: a verdict must name at least one requirement")
            message = outcome.message
            if beyond_oidf and not outcome.passed:
                message = f"{message} ({BEYOND_LABEL}: {beyond_oidf})"
            return Verdict(name, reqs, outcome.passed, message,
                           outcome.expected, outcome.actual, outcome.evidence)

        wrapper.check_id = name  # type: ignore[attr-defined]
        wrapper.requirements = tuple(requirements)  # type: ignore[attr-defined]
        return wrapper

    return decorate


@dataclass(frozen=True)
class Response:
    """An HTTP response as the checks see it, independent of the HTTP client library."""
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    text: str = ""
    method: str = ""
    url: str = ""
    evidence: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self, default: Any = _MISSING) -> Any:
        """RFC 8259 JSON: a body that is not UTF-8 (the suite's text keeps its bytes in `raw`),
        NaN/Infinity or a hostile nesting is not JSON (harness.hardening.json_text)."""
        from harness.hardening.json_text import read_json
        try:
            return read_json(getattr(self.text, "raw", self.text))
        except ValueError:
            if default is _MISSING:
                raise
            return default

    def describe(self) -> str:
        return f"{self.method} {self.url} → {self.status}".strip()


NOT_JSON = object()


def json_body(resp: Response) -> Any:
    """Parsed body, or NOT_JSON."""
    return resp.json(default=NOT_JSON)
