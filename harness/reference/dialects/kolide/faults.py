"""Fault switches of the Kolide emulator: each breaks exactly one rule of the Kolide SSF streams
document (../shared/seeds/kolide-ssf-streams-api.txt), role "transmitter" (a `--role
transmitter` run against a Kolide target must catch it).

The emulator honours these names in `EmulatorSettings.faults`; the package's `FAULTS` registers
those a scenario kills (tests/selftest/test_kill_matrix.py wants a kills*.yaml entry for every
registered fault: harness/selftest/kills_kolide.yaml), today all of them.
"""
from __future__ import annotations

from harness.reference.faults import Fault


def _fault(name: str, description: str) -> tuple[str, Fault]:
    return name, Fault(name, "transmitter", description)


PLANNED_FAULTS: dict[str, Fault] = dict([
    _fault("kolide-poll-token-repeated",
           "poll_bearer_token is also returned by read, list and update (the document: "
           "\"The token is provided only once and can't be recovered later\")"),
    _fault("kolide-poll-without-token-accepted",
           "poll and ack without X-Kolide-Poll-Bearer-Token are accepted on a stream that has "
           "a poll token"),
    _fault("kolide-legacy-stream-needs-token",
           "a legacy stream (created before poll tokens) refuses poll and ack without the "
           "header (the document: those streams \"will continue to accept\" them)"),
    _fault("kolide-rotation-keeps-stream-id",
           "a stream created after a delete gets the deleted stream's stream_id back (the "
           "document: \"The new stream will receive ... a new stream_id\")"),
    _fault("kolide-private-push-accepted",
           "push URLs over http://, to localhost, loopback or RFC 1918 hosts are accepted "
           "(the document: \"rejected with a validation error\")"),
    _fault("kolide-version-header-ignored",
           "calls without (or with an unknown) X-Kolide-Api-Version are answered (the "
           "document: \"All SSF requests must include ... A valid X-Kolide-Api-Version\")"),
    _fault("kolide-list-unwrapped",
           "GET /ssf_streams answers a bare array instead of {data, pagination}"),
    _fault("kolide-legacy-body-refused",
           "create refuses the legacy {\"ssf_stream\": {...}} body (the document: \"The "
           "endpoint accepts two request body formats\")"),
    _fault("kolide-test-answer-unshaped",
           "POST /ssf_streams/{id}/test answers without response_code and "
           "ssf_stream_event_id"),
    _fault("kolide-v1-no-sub-id",
           "streams of spec version v1.0 get SETs without a top-level sub_id (the draft "
           "shape; the document: \"v1.0 for the standard format (sub_id at the top level)\")"),
    _fault("kolide-other-events-delivered",
           "events other than those a stream requested (and other than device-compliance-"
           "change) are delivered to it"),
    _fault("kolide-other-events-taken",
           "a create requesting event types besides device-compliance-change takes them and "
           "lists them in the stream's events_requested (the document: \"events_requested "
           "currently only supports the device compliance change event\")"),
    _fault("kolide-ack-ignored",
           "acknowledged SETs are returned again by later polls (the document: acknowledge "
           "\"so they're not returned in future poll requests\")"),
])
