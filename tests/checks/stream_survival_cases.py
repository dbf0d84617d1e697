"""Examples for check_first_stream_survives_second_create (TX-STREAM-07)."""
from harness.checks import streams
from tests.checks.helpers import resp

FIRST = {"stream_id": "s-1"}
SECOND = {"stream_id": "s-2"}

CASES = {
    "check_first_stream_survives_second_create": (
        lambda: streams.check_first_stream_survives_second_create(
            resp(200, FIRST), "s-1", resp(201, SECOND)),
        lambda: streams.check_first_stream_survives_second_create(
            resp(404, {"error": "not_found"}), "s-1", resp(201, SECOND))),
}


def test_a_409_needs_no_surviving_first_stream_read():
    verdict = streams.check_first_stream_survives_second_create(
        resp(404, {}), "s-1", resp(409, {"error": "conflict"}))
    assert verdict.passed
