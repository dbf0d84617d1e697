"""Branch by branch: the SET checks pass every legal spelling and fail each defect, naming only
the requirement of the rule that branch tests."""
import pytest

from harness.checks import sets
from tests.checks.helpers import CC, RING, SR, VERIF, set_


@pytest.mark.parametrize("typ", ["secevent+jwt", "application/secevent+jwt",
                                 "SecEvent+JWT", "Application/SECEVENT+jwt"])
def test_typ_accepts_both_spellings_of_the_media_type(typ):
    # RFC 7515 §4.1.9: "application/" may be omitted; media types compare case-insensitively.
    assert sets.check_set_typ(set_(header={"typ": typ})).passed


@pytest.mark.parametrize("typ", ["JWT", "text/secevent+jwt", "secevent", "", None])
def test_typ_fails_any_other_type(typ):
    verdict = sets.check_set_typ(set_(header={"typ": typ}))
    assert not verdict.passed and verdict.requirements == ("SET-01",)


@pytest.mark.parametrize("set_aud, stream_aud", [
    ("https://rx", "https://rx"), (["https://rx"], "https://rx"), ("https://rx", ["https://rx"]),
    (["https://a", "https://b"], ["https://b", "https://a"]), ("https://rx", None),
])
def test_aud_is_compared_as_a_set_of_strings(set_aud, stream_aud):
    assert sets.check_set_aud(set_(aud=set_aud), stream_aud).passed


@pytest.mark.parametrize("set_aud, stream_aud", [
    ("https://other", "https://rx"), (["https://rx", "https://x"], "https://rx"),
    ([], "https://rx"), (7, "https://rx"),
])
def test_aud_fails_another_audience_or_a_malformed_one(set_aud, stream_aud):
    verdict = sets.check_set_aud(set_(aud=set_aud), stream_aud)
    assert not verdict.passed and verdict.requirements == ("SET-09",)


def test_aud_missing_fails():
    assert not sets.check_set_aud(set_(aud=None), "https://rx").passed


def test_signature_without_kid_verifies_with_any_published_key():
    # kid is OPTIONAL (RFC 7515 §4.1.4): receivers try each key of the JWKS.
    assert sets.check_set_signature(set_(header={"kid": None}), RING.jwks()).passed


def test_signature_with_a_kid_no_published_key_carries_fails():
    verdict = sets.check_set_signature(set_(header={"kid": "unpublished"}), RING.jwks())
    assert not verdict.passed and verdict.requirements == ("SET-19",)


def test_two_known_event_types_are_independent_events_a_must_failure():
    verdict = sets.check_single_event(set_(events={SR: {}, VERIF: {"state": "s"}}))
    assert not verdict.passed and verdict.requirements == ("SET-15",)


def test_an_unknown_second_uri_may_be_an_alternative_uri_a_should_finding():
    verdict = sets.check_single_event(set_(events={SR: {}, "urn:example:alias:sr": {}}))
    assert not verdict.passed and verdict.requirements == ("SET-14",)


def test_interop_single_event_is_its_own_check():
    assert sets.check_interop_single_event(set_()).passed
    verdict = sets.check_interop_single_event(set_(events={SR: {}, CC: {}}))
    assert not verdict.passed and verdict.requirements == ("INTEROP-SET-01",)


def test_sub_id_missing_and_malformed_are_different_rules():
    missing = sets.check_sub_id_present(set_(sub_id=None))
    malformed = sets.check_sub_id_present(set_(sub_id={"email": "a@example.com"}))
    assert missing.requirements == ("SET-04",) and not missing.passed
    assert malformed.requirements == ("SUBID-13",) and not malformed.passed


def test_iss_missing_and_iss_mismatch_are_different_rules():
    missing = sets.check_set_iss(set_(iss=None), "https://tx.example/ssf")
    other = sets.check_set_iss(set_(iss="https://evil"), "https://tx.example/ssf")
    assert missing.requirements == ("SET-05",) and not missing.passed
    assert other.requirements == ("SSF-DISC-07",) and not other.passed
