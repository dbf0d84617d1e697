"""Branches of the trust-directory and registration checks that the CASES pairs leave out: the
legal variations each must stay silent under, and which requirement each branch names."""
import pytest

from harness.checks import directory as d
from harness.checks import directory_ssa as s
from harness.checks import receiver_registration as rr
from harness.checks import registration as r
from tests.checks.directory_cases import JWKS, NOW, ROGUE, ssa
from tests.checks.helpers import resp
from tests.checks.registration_cases import INFO


def test_an_errors_body_that_is_not_the_documented_shape_fails_the_must():
    verdict = d.check_validation_errors_name_field(resp(400, {"error": "bad"}), "Mode")
    assert not verdict.passed and verdict.requirements == ("DIR-ERR-01",)
    named = d.check_validation_errors_name_field(resp(400, {"errors": ["x"]}), "Mode")
    assert named.requirements == ("DIR-ERR-02",)


def test_an_interaction_id_is_compared_without_case():
    echoed = resp(200, "", headers={"x-fapi-interaction-id": "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6"})
    assert d.check_interaction_id_echoed(echoed, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6").passed


def test_an_ssa_without_exp_and_any_4xx_refusal_are_legal():
    assert s.check_assertion_unexpired(ssa(exp=None), NOW).passed
    assert s.check_assertion_withheld(resp(404, {}), "x", requirement="SSA-08").passed
    assert not s.check_assertion_unexpired(ssa(exp=int(NOW) - 10, iat=int(NOW)), NOW).passed


def test_an_unsigned_ssa_fails_the_signature_check():
    header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"
    token = header + "." + ssa().split(".")[1] + "."
    assert not s.check_assertion_signature(token, JWKS).passed
    assert not s.check_assertion_signature(ssa(ROGUE), JWKS).passed


@pytest.mark.parametrize("reason, rule", [("tampered", "DCR-08"), ("untrusted", "DCR-08"),
                                          ("expired", "DCR-09"),
                                          ("inactive-software", "DCR-10"),
                                          ("withdrawn-organisation", "DCR-10"),
                                          ("no-ssf-role", "DCR-11")])
def test_a_registered_refusal_case_names_its_own_rule(reason, rule):
    verdict = r.check_software_statement_refused(resp(201, INFO), reason)
    assert not verdict.passed and verdict.requirements == (rule,)
    assert r.check_software_statement_refused(resp(400, {}), reason).requirements == (rule,)


def test_a_refusal_that_is_not_400_fails_the_status_rule_only():
    verdict = r.check_software_statement_refused(resp(403, {"error": "x"}), "expired")
    assert not verdict.passed and verdict.requirements == ("DCR-05",)


@pytest.mark.parametrize("reason, code, passed", [
    ("untrusted", "invalid_software_statement", True),
    ("untrusted", "unapproved_software_statement", True),
    ("expired", "unapproved_software_statement", False),
    ("no-ssf-role", "unapproved_software_statement", True),
    ("inactive-software", "invalid_software_statement", False),
])
def test_error_codes_follow_the_reason(reason, code, passed):
    assert r.check_registration_error_code(resp(400, {"error": code}), reason).passed is passed


def test_no_client_management_offered_is_not_judged():
    assert r.check_client_configuration_readable(None, "c-1").passed
    assert r.check_client_information({"client_id": "c-1"}).passed  # a public client


def test_a_receiver_that_never_registered_or_registered_late_fails():
    assert not rr.check_registration_request(None, None, None).passed
    assert not rr.check_stream_created_by_registered_client("dcr-1", ["dcr-1"], False).passed
    assert not rr.check_stream_created_by_registered_client(None, ["dcr-1"], True).passed
