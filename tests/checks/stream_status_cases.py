"""Examples for issue 15's stream, status, verification, subject, interop-flow, TLS and
inactivity checks, with the branches each verdict names."""
from harness.checks import (
    inactivity, interop, metadata, status, stream_lifecycle as life, subjects, tls,
    verification as ver,
)
from tests.checks.helpers import SR, VERIF, resp

UPDATED = "https://schemas.openid.net/secevent/ssf/event-type/stream-updated"
CC = "https://schemas.openid.net/secevent/caep/event-type/credential-change"


def verification(state=None):
    return {"events": {VERIF: {} if state is None else {"state": state}}}


def updated(state):
    return {"events": {UPDATED: {"status": state}}}


CASES = {
    "check_deleted_stream_not_listed": (
        lambda: life.check_deleted_stream_not_listed(resp(200, [{"stream_id": "other"}]), "s-1"),
        lambda: life.check_deleted_stream_not_listed(resp(200, [{"stream_id": "s-1"}]), "s-1")),
    "check_events_delivered_narrowed": (
        lambda: life.check_events_delivered_narrowed(
            resp(200, {"events_requested": [SR], "events_delivered": [SR]}), [SR]),
        lambda: life.check_events_delivered_narrowed(
            resp(200, {"events_requested": [SR], "events_delivered": [SR, CC]}), [SR])),
    "check_unsolicited_verification_stateless": (
        lambda: ver.check_unsolicited_verification_stateless(
            [verification()], [verification("s1")], ["s1"]),
        lambda: ver.check_unsolicited_verification_stateless(
            [verification("made-up")], [verification("s1")], ["s1"])),
    "check_delivered_while_enabled": (
        lambda: status.check_delivered_while_enabled(verification("after"), "after"),
        lambda: status.check_delivered_while_enabled(None, "after")),
    "check_stream_subject_still_delivered": (
        lambda: subjects.check_stream_subject_still_delivered(verification("x"), "x"),
        lambda: subjects.check_stream_subject_still_delivered(None, "x")),
    "check_unknown_issuer_metadata_error": (
        lambda: metadata.check_unknown_issuer_metadata_error(resp(404, {"error": "not_found"})),
        lambda: metadata.check_unknown_issuer_metadata_error(resp(200, {"issuer": "x"}))),
    "check_interop_call_succeeds": (
        lambda: interop.check_interop_call_succeeds(resp(201, {}), "create",
                                                    requirement="INTEROP-TX-09"),
        lambda: interop.check_interop_call_succeeds(resp(200, {}), "create",
                                                    requirement="INTEROP-TX-09")),
    "check_interop_delivery_method": (
        lambda: interop.check_interop_delivery_method(
            {"delivery": {"method": "urn:ietf:rfc:8936"}}),
        lambda: interop.check_interop_delivery_method({"delivery": {"method": "poll"}})),
    "check_interop_use_case_supported": (
        lambda: interop.check_interop_use_case_supported(
            "credential-change", [CC], CC, {"events": {CC: {}}}),
        lambda: interop.check_interop_use_case_supported("credential-change", [], CC, None)),
    "check_token_response": (
        lambda: interop.check_token_response(resp(200, {"access_token": "t", "expires_in": 300,
                                                        "token_type": "Bearer"})),
        lambda: interop.check_token_response(resp(401, {"error": "invalid_client"}))),
    "check_legacy_tls_refused": (
        lambda: tls.check_legacy_tls_refused(None, "TLSv1.3", "https://tx",
                                             requirement="INTEROP-TLS-01"),
        lambda: tls.check_legacy_tls_refused("TLSv1.1", "TLSv1.3", "https://tx",
                                             requirement="INTEROP-TLS-01")),
    "check_tls13_supported": (
        lambda: tls.check_tls13_supported("TLSv1.3", "https://tx"),
        lambda: tls.check_tls13_supported(None, "https://tx")),
    "check_untrusted_push_endpoint_refused": (
        lambda: tls.check_untrusted_push_endpoint_refused(0, "https://127.0.0.1:9/push/x"),
        lambda: tls.check_untrusted_push_endpoint_refused(1, "https://127.0.0.1:9/push/x")),
    "check_activity_keeps_stream_enabled": (
        lambda: inactivity.check_activity_keeps_stream_enabled([], 3, 5,
                                                               requirement="SSF-STREAM-16"),
        lambda: inactivity.check_activity_keeps_stream_enabled([updated("paused")], 3, 5,
                                                               requirement="POLL-21")),
    "check_inactivity_announced": (
        lambda: inactivity.check_inactivity_announced(
            updated("paused"), resp(200, {"stream_id": "s", "status": "paused"})),
        lambda: inactivity.check_inactivity_announced(
            None, resp(200, {"stream_id": "s", "status": "paused"}))),
}
