"""Branches of issue 15's SET and CAEP payload checks (examples: event_subject_cases.py)."""
from harness.checks import caep, events, sets, subject_ids as sid
from tests.checks.event_subject_cases import ALC, ALICE, DCC, NOW, RLC, event
from tests.checks.helpers import set_

VERIF = "https://schemas.openid.net/secevent/ssf/event-type/verification"


def test_complex_subjects_warn_and_their_members_need_their_required_members():
    complex_alice = {"format": "complex", "user": ALICE,
                     "device": {"format": "opaque"}}
    verdict = sid.check_interop_event_subject_format(set_(sub_id=complex_alice))
    assert not verdict.passed and verdict.requirements == ("INTEROP-SUBJ-02",)
    missing = sid.check_sub_id_required_members(set_(sub_id=complex_alice))
    assert not missing.passed and missing.actual == ["sub_id.device.id"]
    # An unknown (proprietary, SSF §3.4) format requires nothing we know of.
    assert sid.check_sub_id_required_members(set_(sub_id={"format": "catalog_item"})).passed


def test_ssf_control_events_may_name_the_stream_by_opaque():
    stream = {"format": "opaque", "id": "s-1"}
    assert sid.check_interop_event_subject_format(set_(sub_id=stream,
                                                       events={VERIF: {}})).passed
    assert sid.check_interop_event_subject_format(set_(sub_id={"format": "iss_sub",
                                                               "iss": "i", "sub": "s"})).passed
    phone = sid.check_interop_event_subject_format(
        set_(sub_id={"format": "phone_number", "phone_number": "+12065550100"}))
    assert phone.requirements == ("INTEROP-SUBJ-01",)


def test_the_formats_seen_are_read_from_caep_events_only():
    decoded = [set_(), set_(sub_id={"format": "opaque", "id": "s"}, events={VERIF: {}})]
    assert sid.caep_event_subject_formats(decoded) == ["email"]


def test_event_timestamp_names_the_row_of_its_event_type_and_leaves_ms_to_the_unit_check():
    after_iat = caep.check_event_timestamp_not_future(
        event(DCC, {"event_timestamp": NOW + 3600}, iat=NOW), now=NOW + 7200)
    assert not after_iat.passed and after_iat.requirements == ("CAEP-DCC-04",)
    millis = caep.check_event_timestamp_not_future(
        event(DCC, {"event_timestamp": NOW * 1000}, iat=NOW), now=NOW)
    assert millis.passed and not events.check_event_timestamp_seconds(
        event(DCC, {"event_timestamp": NOW * 1000}, iat=NOW)).passed
    skewed = caep.check_event_timestamp_not_future(
        event(DCC, {"event_timestamp": NOW + 60}, iat=NOW), now=NOW)
    assert skewed.passed


def test_recommended_members_are_asked_for_only_where_the_spec_recommends_them():
    # change_direction is only recommended when previous_level is given.
    assert caep.check_change_direction_with_previous_level(
        event(ALC, {"namespace": "NIST-AAL", "current_level": "nist-aal2"})).passed
    assert caep.check_risk_reason_present(set_()).passed        # not a risk-level-change
    assert caep.check_risk_reason_present(
        event(RLC, {"principal": "USER", "current_level": "LOW"})).requirements == (
            "CAEP-RLC-05",)


def test_txn_is_only_compared_where_present():
    assert sets.check_txn_distinct([set_(jti="a"), set_(jti="b")]).passed
    assert sets.check_txn_distinct([set_(jti="a", txn="t"), set_(jti="a", txn="t")]).passed


def test_device_compliance_change_needs_reason_admin_under_the_interop_profile():
    verdict = events.check_interop_reason_admin(
        event(DCC, {"current_status": "compliant", "previous_status": "not-compliant"}))
    assert not verdict.passed and verdict.requirements == ("INTEROP-UC-DCC-02",)
