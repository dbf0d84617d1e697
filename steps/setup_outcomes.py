"""Set-up steps that run the profile's triggers and drives or read the receiver's observation,
and what becomes of a scenario when they cannot (shared by both roles' step modules):

* the target cannot be reached: the precondition's root cause (steps/preconditions.py);
* a trigger or drive answered outside 2xx or exited non-zero: a root cause naming the status or
  exit code and the output, the same rule for HTTP and commands;
* the harness cannot run the set-up at all here (a manual trigger without an operator, a
  template placeholder without a value, an observation answer the profile's layout does not
  fit): the scenario is blocked with that reason, the first one reporting it as the root cause.
  Nothing about the implementation was learnt, so nothing is failed, and nothing is passed.
"""
from __future__ import annotations

from typing import Any, Callable, NoReturn

from harness.profiles.templates import TemplateError
from harness.suite.observing import Observed
from harness.suite.operator import NoOperator
from harness.suite.outcomes import CommandEvidence, Outcome, OutcomeFailed
from steps import preconditions as pre

OBSERVATION = "observation readable"
OPERATOR_ADVICE = ("run the suite from a terminal (without CI set) so an operator can act on the "
                   "prompt, or give the profile an http or command trigger")
TEMPLATE_ADVICE = ("the profile's template names a placeholder the suite has no value for at "
                   "this point: see profiles/README.md (Placeholders) for what each template "
                   "may use")
OBSERVATION_ADVICE = ("check receiver.observation in the profile: its URLs, headers and layout "
                      "(JSON pointers to the entries, jti, action, state fields; see "
                      "profiles/README.md, Observation) against the answer in the evidence")


def blocked_at_setup(ctx, precondition: str, signature: str, summary: str, advice: str, *,
                     actual: Any, expected: Any = "the set-up step performed",
                     evidence: tuple[str, ...] = (), retry: bool = False) -> NoReturn:
    """Block the scenario; the first to meet this (precondition, signature) reports it."""
    cause = ctx.root_causes.find(precondition, signature)
    if cause is None:
        cause = ctx.root_causes.register(precondition, signature, summary=summary,
                                         expected=expected, actual=actual, evidence=evidence,
                                         advice=advice, scenario=ctx.recorder.record.id,
                                         retry=retry)
        ctx.report_root_cause(cause)
    ctx.block(cause)


def run_setup(ctx, precondition: str, action: Callable[[], Any], what: str) -> Any:
    """Run a set-up action that fires a profile trigger or drive (returning an Outcome, or
    raising OutcomeFailed from inside); returns what the action returned."""
    try:
        result = pre.attempt(ctx, precondition, action)
    except OutcomeFailed as exc:
        failed(ctx, precondition, exc.what, exc.outcome)
    except NoOperator as exc:
        blocked_at_setup(ctx, precondition, "no operator", f"{what}: {exc}", OPERATOR_ADVICE,
                         actual="no operator")
    except TemplateError as exc:
        reason = str(exc).split(" in template")[0]
        blocked_at_setup(ctx, precondition, f"template: {reason}", f"{what}: {exc}",
                         TEMPLATE_ADVICE, actual=reason)
    if isinstance(result, Outcome) and not result.ok:
        failed(ctx, precondition, what, result)
    return result


def failed(ctx, precondition: str, what: str, outcome: Outcome) -> NoReturn:
    pre.refused(ctx, precondition, outcome.signature(), f"{what} {outcome.describe()}",
                outcome.expected(), outcome.code if outcome.code is not None
                else outcome.describe(), outcome.evidence)


def observed(rxctx, observation: Observed) -> Any:
    """The value of a read, or the scenario blocked by why the observation cannot be read."""
    if observation.readable:
        return observation.value
    blocked_at_setup(rxctx, f"{OBSERVATION} ({observation.kind})", observation.signature,
                     observation.problem, OBSERVATION_ADVICE, actual=observation.problem,
                     expected="an answer the profile's observation layout can read",
                     evidence=observation.evidence, retry=not observation.final)


def guard_observation(rxctx, kind: str) -> None:
    """Blocked at once when this observation already proved unreadable in a way that reading
    again cannot change (its layout, its URL template)."""
    pre.guard(rxctx, f"{OBSERVATION} ({kind})")


def nothing_to_observe(rxctx, reason: str) -> NoReturn:
    """Skip with `reason`; a scenario that already failed a check stays failed."""
    if rxctx.recorder.failures:
        rxctx.recorder.finish()
    rxctx.skip(reason)


def command_evidence(run_dir, recorder) -> CommandEvidence:
    """Where a scenario's command runs go: its evidence folder, and Allure when present."""
    def attach(run: dict) -> None:
        try:
            import json

            import allure
            allure.attach(json.dumps(run, indent=2), name=f"command {run['id']}",
                          attachment_type=allure.attachment_type.JSON)
        except Exception:  # noqa: BLE001 - evidence must never break a verdict
            pass
    return CommandEvidence(run_dir, recorder.record, attach)
