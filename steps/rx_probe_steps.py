"""Steps: differential hostile-SET probes of the receiver under test (hostile_push.feature,
poll.feature, verification.feature, response_actions.feature).

A hostile SET follows its valid twin (harness/suite/hostile_sets.py), built from an event type
and subject format the receiver declares (harness/suite/probes.py). The twin must be
acknowledged first; otherwise the refusal of the hostile SET proves nothing and the scenario is
inconclusive. The grading (which requirement demands the refusal, the allowed statuses and err
codes) comes from the Examples table of the scenario, never from the forger.
"""
import secrets

from pytest_bdd import given, parsers, then, when

from harness.checks import receiver_answers as ans
from harness.suite.hostile_sets import HOSTILE
from harness.suite.probes import Probe, choose_probe
from steps.rx_delivery import deliver, is_verification, persona_answers


class InconclusiveProbe(RuntimeError):
    """The valid twin of a hostile SET was not acknowledged: the receiver refuses the SET for
    some other reason, so refusing the hostile one proves nothing (broken, not passed)."""


def scenario_probe(rxctx) -> Probe:
    """This scenario's probe: an event type and subject format the receiver declares."""
    if rxctx.kept.probe is None:
        caps = rxctx.session.profile.capabilities("receiver")
        stream_id = (rxctx.session.stream or {}).get("stream_id")
        rxctx.kept.probe = choose_probe(caps.events, caps.subject_formats, stream_id,
                                            secrets.token_hex(5))
    return rxctx.kept.probe


def _statuses(text: str) -> tuple[int, ...]:
    return tuple(int(s) for s in text.replace(",", " ").replace(" or ", " ").split())


def _errs(text: str) -> tuple[str, ...]:
    """ "invalid_key, invalid_request" -> the applicable codes; "-" -> none expected."""
    return tuple(e.strip() for e in text.split(",") if e.strip() not in ("", "-"))


def _acknowledged(answer) -> bool:
    if answer is None:
        return False
    if answer.polled:
        return bool(answer.report and answer.report.get("acked"))
    return ans.is_acknowledgement(answer.response)


def _describe(answer) -> str:
    if answer is None:
        return "no answer within the deadline"
    if answer.polled:
        return f"poll report {answer.report!r}" if answer.report else \
            "never acknowledged within the deadline"
    return f"{answer.response.status} err={answer.err!r}"


@given(parsers.re(r"the receiver acknowledged the valid twin of an? (?P<hostile>[\w-]+) SET"))
def twin_acknowledged(rxctx, hostile):
    probe = scenario_probe(rxctx)
    twin = rxctx.session.forger.twin(hostile, probe, stream_id=rxctx.stream_id,
                                     state=rxctx.kept.state)
    if twin is None:  # the verification SET the persona sent when the receiver asked for it
        found = persona_answers(rxctx, is_verification(rxctx.kept.state))
        answer, what = (found[0] if found else None), "the verification SET it requested"
    else:
        answer, what = deliver(rxctx, twin), f"a valid {probe.action} SET"
    if not _acknowledged(answer):
        raise InconclusiveProbe(
            f"the valid twin of the {hostile} SET ({what}) was not acknowledged "
            f"({_describe(answer)}): refusing the hostile SET would prove nothing")
    rxctx.kept.twin, rxctx.kept.twin_acknowledged = twin, True


@when(parsers.re(r"the suite delivers the hostile (?P<hostile>[\w-]+) SET"
                 r"(?P<about> about that subject)?$"))
def deliver_hostile(rxctx, hostile, about):
    if not rxctx.kept.twin_acknowledged:
        raise RuntimeError("a hostile SET is delivered only after its valid twin was "
                           "acknowledged (Given the receiver acknowledged the valid twin ...)")
    if HOSTILE[hostile].request_level and rxctx.session.stream_method() == "poll":
        raise RuntimeError(f"hostile class {hostile} is a push request defect, not a SET")
    twin = rxctx.kept.twin
    subject = {"format": "email", "email": rxctx.email} if about and rxctx.email else None
    deliver(rxctx, rxctx.session.forger.hostile(
        hostile, scenario_probe(rxctx), stream_id=rxctx.stream_id,
        state=rxctx.kept.state, replay_jti=twin.jti if twin else None, subject=subject))


@then(parsers.parse("the receiver refused it as {requirement} requires"))
def refused(rxctx, requirement):
    answer = rxctx.answer
    if answer.polled:
        rxctx.verify(ans.check_poll_report(answer.report, valid=False, requirement=requirement))
    else:
        rxctx.verify(ans.check_set_refused(answer.response, requirement=requirement))


@then(parsers.re(r"the refusal answered (?P<status>[\d ,or]+?) with err (?P<err>[\w, -]+?)"
                 r"(?: as (?P<err_for>[\w-]+) requires)?$"))
def refusal_answered(rxctx, status, err, err_for):
    """How a refusal is answered, each rule on its own. Nothing to grade when the SET was
    acknowledged: the refusal verdict above already says so."""
    answer = rxctx.answer
    if answer.polled:
        return _set_errs_report(rxctx, err, err_for)
    response = answer.response
    if ans.is_acknowledgement(response):
        return
    rxctx.verify(ans.check_refusal_status(response, _statuses(status)))
    if response.status != 400:  # a general HTTP error (401, 413, 415): no RFC 8935 body
        return
    rxctx.verify(ans.check_error_body(response))
    rxctx.verify(ans.check_content_language(response))
    rxctx.verify(ans.check_description_language(response, rxctx.forged.accept_language))
    if _errs(err) and isinstance(answer.err, str):  # a missing err: check_error_body's finding
        rxctx.verify(ans.check_err_code(answer.err, _errs(err), response.evidence,
                                        requirement=err_for or "PUSH-13"))


@then(parsers.re(r"a setErrs report of it names err (?P<err>[\w, -]+?)"
                 r"(?: as (?P<err_for>[\w-]+) requires)?$"))
def set_errs_report(rxctx, err, err_for):
    _set_errs_report(rxctx, err, err_for)


def _set_errs_report(rxctx, err, err_for):
    """A polling receiver MAY report a refused SET in setErrs (RFC 8936 §2.4.4); when it does,
    the entry is graded (POLL-13) and so is its err code."""
    report = rxctx.answer.report or {}
    if report.get("acked") or report.get("set_err") is None:
        return
    evidence = tuple(report.get("evidence") or ())
    rxctx.verify(ans.check_set_errs_entry(report["set_err"], evidence))
    code = report["set_err"].get("err") if isinstance(report["set_err"], dict) else None
    if _errs(err) and isinstance(code, str):
        rxctx.verify(ans.check_err_code(code, _errs(err), evidence,
                                        requirement=err_for or "PUSH-13"))
