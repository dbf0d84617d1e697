"""A PATCH answered 202 "accepted, but not processed" (SSF §8.1.1.3) is judged on the stream read
back afterwards once that shows the patched members (variation update-202-no-body); while it
does not, the update may still be pending and nothing is compared."""
from harness.checks.streams import check_patch_applied
from tests.checks.helpers import resp

BEFORE = {"stream_id": "s1", "events_requested": ["urn:e1"], "delivery": {"method": "urn:x"}}
PATCH = {"stream_id": "s1", "description": "patched"}


def test_202_with_the_change_visible_later_passes():
    later = resp(200, {**BEFORE, "description": "patched"})
    assert check_patch_applied(resp(202, ""), BEFORE, PATCH, later).passed


def test_202_whose_read_back_changed_other_members_fails():
    later = resp(200, {**BEFORE, "description": "patched", "events_requested": []})
    verdict = check_patch_applied(resp(202, ""), BEFORE, PATCH, later)
    assert not verdict.passed and "SSF-STREAM-32" in verdict.requirements


def test_202_not_processed_yet_is_not_a_failure():
    later = resp(200, BEFORE)
    assert check_patch_applied(resp(202, ""), BEFORE, PATCH, later).passed
    assert check_patch_applied(resp(202, ""), BEFORE, PATCH).passed
