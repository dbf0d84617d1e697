"""Passing and failing examples of harness/checks/receiver_stream_calls.py (the receiver's
reads, replacement and status reads at the suite's transmitter; metadata it must not use)."""
from harness.checks import receiver_stream_calls as calls
from tests.checks.helpers import SR

PUSH_DELIVERY = {"method": "urn:ietf:rfc:8935", "endpoint_url": "https://rx/push"}
CURRENT = {"stream_id": "s-1", "iss": "https://tx", "events_requested": [SR],
           "delivery": PUSH_DELIVERY, "description": "mine"}

CASES = {
    "check_stream_read": (
        lambda: calls.check_stream_read(200, {"stream_id": ["s-1"]}, "s-1"),
        lambda: calls.check_stream_read(200, {"stream_id": ["s-2"]}, "s-1")),
    "check_replace_carries_all_members": (
        lambda: calls.check_replace_carries_all_members(
            {"stream_id": "s-1", "events_requested": [SR], "delivery": PUSH_DELIVERY,
             "description": "new"}, CURRENT, "s-1"),
        lambda: calls.check_replace_carries_all_members(
            {"stream_id": "s-1", "description": "new"}, CURRENT, "s-1")),
    "check_status_read_names_stream": (
        lambda: calls.check_status_read_names_stream({"stream_id": ["s-1"]}, "s-1"),
        lambda: calls.check_status_read_names_stream({}, "s-1")),
    "check_nothing_built_on_bad_metadata": (
        lambda: calls.check_nothing_built_on_bad_metadata([]),
        lambda: calls.check_nothing_built_on_bad_metadata(["POST /ssf/stream"])),
}
