"""Declared preconditions of scenarios, and one finding per root cause (issue 10, item 5).

Only the steps that set a scenario up go through here: the transmitter metadata discovered, a
stream created, the event trigger, the receiver under test provisioned. A scenario's own action
under test never does (a create that must answer 400, a drive the scenario grades): its failure
is that scenario's verdict, not a root cause.

The first scenario to meet a failed precondition reports it: a normal failure with expected vs
actual and the exchange, marked as the root cause. A later scenario whose same precondition
fails the same way is blocked by it; one whose precondition already failed by not answering in
time is blocked without trying again (harness/results/root_causes.py).
"""
from __future__ import annotations

import subprocess
from typing import Any, Callable, NoReturn

from harness.results.recorder import ConformanceFailure
from harness.results.root_causes import (
    LEGACY_SSE_ADVICE, LEGACY_SSE_FINDING, RootCause, advice_for, dialect_finding, reason_of,
    timed_out,
)
from harness.suite.driver import TriggerUnavailable
from harness.suite.http import HarnessHttpError

# The suite could not reach the target or run the profile's trigger: broken, not failed.
UNREACHABLE = (HarnessHttpError, TriggerUnavailable, subprocess.SubprocessError, OSError)
BUSY = (429, 503)   # "come back later" answers


def guard(ctx, name: str) -> None:
    """Before trying: blocked at once when `name` already failed in a way that cost a deadline."""
    cause = ctx.root_causes.blocking(name)
    if cause is not None:
        ctx.block(cause)


def attempt(ctx, name: str, action: Callable[[], Any]) -> Any:
    """Run a precondition's action. The target not answering in time (ConformanceFailure from
    ctx.call) or not being reachable at all becomes the root cause, or blocks."""
    guard(ctx, name)
    try:
        return action()
    except ConformanceFailure as exc:
        _raised(ctx, name, exc, ConformanceFailure)
    except UNREACHABLE as exc:
        _raised(ctx, name, exc, RuntimeError)


def _raised(ctx, name: str, exc: Exception, raise_as: type) -> NoReturn:
    message = str(exc)
    if isinstance(exc, subprocess.CalledProcessError):  # its text names the whole command line
        stderr = (exc.stderr or b"")[-200:]
        message = (f"the trigger command exited with status {exc.returncode}"
                   f"{': ' + stderr.decode(errors='replace') if stderr else ''}")
    signature = f"{type(exc).__name__}: {reason_of(message).split(': ')[0]}"
    known = ctx.root_causes.find(name, signature)
    if known is not None:
        ctx.block(known)
    cause = ctx.root_causes.register(
        name, signature, summary=reason_of(message),
        expected=("an answer within the profile's deadline" if timed_out(message)
                  else f"the precondition '{name}' met"),
        actual=reason_of(message), advice=advice_for(name, None, message),
        scenario=ctx.recorder.record.id, retry=not timed_out(message))
    ctx.report_root_cause(cause)
    raise raise_as(f"{cause.headline()}\n{message}") from exc


def require(ctx, name: str, verdict, *, signature_detail: str = "", detail: str = "",
            explain: Callable[[], dict | None] | None = None, retry: bool = True):
    """Record a precondition's verdict. Failed: the first time it is the root cause (the scenario
    fails with it, as ctx.require would); afterwards the scenario is blocked by it.
    `signature_detail` tells failures apart beyond the check's actual value (an error code),
    `detail` adds to the summary, and `explain()` may replace summary/advice/evidence of a new
    root cause (the legacy SSE diagnosis)."""
    if verdict.passed:
        return ctx.verify(verdict)
    signature = f"{verdict.check_id}: {verdict.actual!r}{signature_detail}"
    known = ctx.root_causes.find(name, signature)
    if known is not None:
        ctx.block(known)
    found = dict(summary=f"{verdict.message}: expected {verdict.expected!r}, actual "
                         f"{verdict.actual!r}{detail}",
                 advice=advice_for(name, verdict.actual, str(verdict.actual)),
                 evidence=tuple(verdict.evidence))
    found.update((explain() if explain is not None else None) or {})
    # Not tried again: a deadline that ran out, or a 429/503 the driver already waited out
    # (Retry-After) and would wait out again in every later scenario.
    retry = retry and not timed_out(verdict.actual) and verdict.actual not in BUSY
    cause = ctx.root_causes.register(name, signature, expected=verdict.expected,
                                     actual=verdict.actual, scenario=ctx.recorder.record.id,
                                     retry=retry, **found)
    ctx.report_root_cause(cause)
    return ctx.require(verdict)   # raises ConformanceFailure, headed by the root cause


def refused(ctx, name: str, signature: str, summary: str, expected: Any, actual: Any,
            evidence: tuple[str, ...] = ()) -> NoReturn:
    """A precondition the harness could not establish (the trigger answered an error): broken
    the first time, with the root cause; blocked afterwards."""
    known = ctx.root_causes.find(name, signature)
    if known is not None:
        ctx.block(known)
    cause: RootCause = ctx.root_causes.register(
        name, signature, summary=summary, expected=expected, actual=actual, evidence=evidence,
        advice=advice_for(name, actual), scenario=ctx.recorder.record.id)
    ctx.report_root_cause(cause)
    raise RuntimeError(cause.headline())


def error_of(response) -> tuple[str, str]:
    """(signature detail, summary detail) from an error answer's `error` member, if any: two
    refusals with different error codes are different root causes."""
    body = response.json(default=None) if response is not None else None
    if not isinstance(body, dict) or not isinstance(body.get("error"), str):
        text = (response.text or "")[:160] if response is not None else ""
        return "", f" ({text})" if text else ""
    description = body.get("error_description")
    described = f": {description}" if isinstance(description, str) else ""
    return f" {body['error']}", f" ({body['error']}{described[:200]})"


def dialect_explanation(found: tuple[str, str] | None, verdict) -> dict | None:
    """The root cause names the dialect whose signature the target showed (`found`: the
    driver's recognised_dialect), and the profile line to change."""
    if found is None:
        return None
    finding, advice = dialect_finding(*found)
    return {"summary": f"{verdict.message}: expected {verdict.expected!r}, actual "
                       f"{verdict.actual!r}: {finding}", "advice": advice}


def legacy_sse_explanation(probe, verdict) -> dict | None:
    """The root cause says so when the legacy SSE draft's well-known answered metadata
    (`probe`: the driver's HttpResult, or None); the evidence names both exchanges."""
    if probe is None:
        return None
    return {"summary": f"SSF discovery answered {verdict.actual!r} but {probe.url} answered "
                       f"{probe.status} with metadata: {LEGACY_SSE_FINDING}",
            "advice": LEGACY_SSE_ADVICE,
            "evidence": tuple(verdict.evidence) + (probe.request_id,)}
