"""What the implementation sent, however hostile, is a check's failed verdict, never a broken
scenario (harness/checks/data_errors.py); harness defects stay errors."""
from __future__ import annotations

import base64
import signal
import time

import pytest

from harness.checks.base import REGISTRY, Response, check, ok
from harness.checks.metadata import check_jwks_document
from harness.checks.sets import check_set_signature
from harness.jose import KeyRing, SETDecodeError, decode_set, sign_set
from harness.suite.scenario_deadline import ScenarioDeadlineExceeded, scenario_deadline


@check("SSF-DISC-09")
def check_reads_first_key_id(jwks: dict):
    """A check that trusts the shape of what it reads (as a careless one would)."""
    return ok() if jwks["keys"][0].get("kid") else ok()


@pytest.fixture(autouse=True, scope="module")
def _unregister_the_test_checks():
    """The checks made here are examples, not the suite's: keep them out of the registry the
    other tests enumerate (every check has an example, every check is killed)."""
    before = set(REGISTRY)
    yield
    for name in set(REGISTRY) - before:
        REGISTRY.pop(name, None)


REGISTRY.pop("check_reads_first_key_id", None)   # an example: its wrapper works unregistered


@pytest.mark.parametrize("jwks, error", [({"keys": []}, "IndexError"), ({}, "KeyError"),
                                         ({"keys": [[1]]}, "AttributeError"),
                                         (None, "TypeError")])
def test_an_error_reading_the_implementations_data_is_the_checks_failed_verdict(jwks, error):
    verdict = check_reads_first_key_id(jwks)
    assert not verdict.passed and verdict.requirements == ("SSF-DISC-09",)
    assert verdict.message.startswith("could not read the implementation's data")
    assert error in verdict.message


def test_harness_defects_stay_errors():
    with pytest.raises(TypeError):          # called with the wrong arguments: the step's bug
        check_reads_first_key_id()

    @check("SSF-DISC-10")
    def check_with_a_typo(resp):
        return ok() if resp.stauts else ok()
    with pytest.raises(AttributeError):     # a typo on a harness object, not on JSON data
        check_with_a_typo(Response(200))

    @check("SSF-DISC-08")
    def check_with_an_undefined_name(metadata):
        return undefined_helper(metadata)  # noqa: F821
    with pytest.raises(NameError):
        check_with_an_undefined_name({})


def test_a_malformed_jwks_fails_the_signature_check():
    token = sign_set({"jti": "a"}, KeyRing.generate().current)
    for jwks in ({"keys": [{"kty": "RSA", "n": "!!", "e": "AQAB"}]}, {"keys": "x"}, []):
        verdict = check_set_signature(decode_set(token), jwks)
        assert not verdict.passed and "JWK Set" in str(verdict.actual), verdict
    served = Response(200, {"content-type": "application/json"}, '{"keys": [1, ')
    assert not check_jwks_document(served).passed


def test_a_set_nested_5000_deep_is_a_decode_error_not_a_recursion_error():
    seg = lambda s: base64.urlsafe_b64encode(s.encode()).rstrip(b"=").decode()  # noqa: E731
    token = seg('{"alg":"RS256"}') + "." + seg('{"a":' * 5000 + "1" + "}" * 5000) + ".c2ln"
    with pytest.raises(SETDecodeError, match="nested deeper"):
        decode_set(token)


def test_a_scenario_past_its_deadline_ends_failed_with_the_reason():
    started = time.monotonic()
    with pytest.raises(ScenarioDeadlineExceeded, match=r"within its deadline \(0.3s"):
        with scenario_deadline(0.3):
            signal.pause() if hasattr(signal, "pause") else time.sleep(5)
    assert time.monotonic() - started < 2
    assert issubclass(ScenarioDeadlineExceeded, AssertionError)   # recorded failed
