"""Stream-configuration and event checks: audiences compared as sets, optional members that
bound nothing when absent, 202 answers, and verdicts that name only the rule their branch
tests (never four event requirements for every event type)."""
import pytest

from harness.catalog import load_catalog
from harness.checks import events as ev
from harness.checks import streams
from harness.checks import verification as ver
from tests.checks.helpers import CC, SR, VERIF, claims, resp, set_

CFG = {"stream_id": "s-1", "iss": "https://tx", "aud": "https://rx", "events_requested": [SR],
       "events_supported": [SR, CC], "events_delivered": [SR],
       "delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "https://rx/push"}}
STREAM_UPDATED = "https://schemas.openid.net/secevent/ssf/event-type/stream-updated"


def test_events_delivered_bounded_only_by_the_members_present():
    no_requested = {k: v for k, v in CFG.items() if k != "events_requested"}
    assert streams.check_events_delivered_subset(no_requested).passed
    verdict = streams.check_events_delivered_subset({**no_requested,
                                                     "events_delivered": [SR, "urn:x"]})
    assert not verdict.passed and verdict.requirements == ("SSF-STREAM-10",)


def test_patch_echoing_aud_as_an_array_changed_nothing():
    body = {**CFG, "aud": ["https://rx"], "description": "n"}
    assert streams.check_patch_applied(resp(200, body), CFG,
                                       {"stream_id": "s-1", "description": "n"}).passed


def test_patch_answered_202_is_pending_not_wrong():
    assert streams.check_patch_applied(resp(202, ""), CFG, {"description": "n"}).passed
    assert streams.check_put_replaced(resp(202, ""), {"events_requested": [SR]},
                                      "description").passed


def test_patch_status_and_content_are_different_rules():
    shape = streams.check_patch_applied(resp(500, {}), CFG, {"description": "n"})
    content = streams.check_patch_applied(resp(200, CFG), CFG, {"description": "n"})
    assert shape.requirements == ("SSF-STREAM-30",)
    assert content.requirements == ("SSF-STREAM-32",)


def test_rejected_aud_change_read_back_as_an_array_is_unchanged():
    after = {**CFG, "aud": ["https://rx"]}
    assert streams.check_immutable_member_rejected(resp(400, {}), after, "aud",
                                                   "https://rx").passed
    changed = streams.check_immutable_member_rejected(resp(400, {}), {**CFG, "aud": "https://o"},
                                                      "aud", "https://rx")
    accepted = streams.check_immutable_member_rejected(resp(200, CFG), CFG, "iss", "https://tx")
    assert changed.requirements == ("SSF-STREAM-05",)
    assert accepted.requirements == ("SSF-STREAM-33",)


def test_description_shortfall_is_information_only():
    verdict = streams.check_description_echoed({}, "d")
    assert not verdict.passed and verdict.requirements == ("SSF-STREAM-14",)
    assert load_catalog().get("SSF-STREAM-14").level == "MAY"


def test_second_create_names_the_rule_that_broke():
    wrong_status = streams.check_second_create_distinct_or_conflict(resp(201, CFG), resp(200, CFG))
    same_id = streams.check_second_create_distinct_or_conflict(resp(201, CFG), resp(201, CFG))
    assert wrong_status.requirements == ("SSF-STREAM-23",)
    assert same_id.requirements == ("SSF-STREAM-02",)


@pytest.mark.parametrize("uri, definition", [
    (SR, "CAEP-SR-01"), (CC, "CAEP-CC-01"),
    ("https://schemas.openid.net/secevent/caep/event-type/token-claims-change", "CAEP-TCC-01"),
    ("https://schemas.openid.net/secevent/risc/event-type/account-disabled", "RISC-AD-01"),
    ("https://schemas.openid.net/secevent/risc/event-type/opt-in", "RISC-OPT-03"),
])
def test_event_type_verdict_names_only_the_triggered_types_definition(uri, definition):
    passed = ev.check_event_type_is(set_(events={uri: {}}), uri)
    assert passed.passed and passed.requirements == ("SSF-STREAM-11", definition)
    wrong = ev.check_event_type_is(set_(events={uri: {}, VERIF: {}}), uri)
    assert wrong.requirements == (definition,)
    assert ev.check_event_type_is(None, uri).requirements == ("SSF-STREAM-11",)


def test_every_event_definition_is_a_catalog_row():
    catalog = load_catalog()
    for requirement in ev.EVENT_DEFINITIONS.values():
        catalog.get(requirement)


def test_event_timestamp_is_graded_by_the_spec_that_defines_it():
    risc_cc = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise"
    caep = ev.check_event_timestamp_seconds(set_(events={SR: {"event_timestamp": 1.7e12}}))
    risc = ev.check_event_timestamp_seconds(set_(events={risc_cc: {"event_timestamp": 1.7e12}}))
    assert caep.requirements == ("CAEP-COM-01",) and risc.requirements == ("RISC-CC-03",)
    other = "https://schemas.openid.net/secevent/risc/event-type/account-purged"
    # an extra member with no defined unit: nothing to grade
    assert ev.check_event_timestamp_seconds(set_(events={other: {"event_timestamp": 1.7e12}}
                                                 )).passed


def test_schema_verdict_names_the_rules_that_failed_not_set_13():
    verdict = ev.check_event_payload_schema(set_(events={CC: {"change_type": "update"}}))
    assert not verdict.passed
    assert "SET-13" not in verdict.requirements and verdict.requirements


def test_reason_admin_names_the_event_types_rule():
    verdict = ev.check_interop_reason_admin(set_(events={CC: {"credential_type": "password",
                                                              "change_type": "update"}}))
    assert verdict.requirements == ("INTEROP-UC-CC-03",)


def test_stream_level_sub_id_names_the_rule_of_its_event():
    stream_updated = claims(sub_id={"format": "opaque", "id": "x"},
                            events={STREAM_UPDATED: {"status": "paused"}})
    verification = claims(sub_id={"format": "opaque", "id": "x"}, events={VERIF: {}})
    assert ver.check_sub_id_is_stream(stream_updated, "s-1").requirements == ("SSF-UPD-02",)
    assert ver.check_sub_id_is_stream(verification, "s-1").requirements == ("SSF-VERIFY-04",)


def test_a_complex_subject_whose_user_is_the_triggered_subject_matches():
    alice = {"format": "email", "email": "a@example.com"}
    complex_subject = {"format": "complex", "user": alice,
                       "session": {"format": "opaque", "id": "s-9"}}
    assert ev.check_subject_matches_trigger(set_(sub_id=complex_subject), alice).passed
    other = {"format": "complex", "user": {"format": "email", "email": "b@example.com"}}
    assert not ev.check_subject_matches_trigger(set_(sub_id=other), alice).passed
