"""Every registered check has a passing and a failing example (so no check is unable to fail),
and every verdict names requirement IDs that exist in the catalog."""
import pytest

from harness.catalog import load_catalog
from harness.checks import load_all
from harness.checks import errors, metadata, poll, push, sets, status, streams, subjects
from harness.checks import events as ev
from harness.checks import verification as ver
from harness.checks.push import PushRequest
from tests.checks.helpers import CC, ISSUER, RING, SR, VERIF, claims, resp, set_

MD = {"issuer": ISSUER, "spec_version": "1_0", "jwks_uri": "https://tx.example/jwks",
      "delivery_methods_supported": ["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"],
      "configuration_endpoint": "https://tx.example/stream", "status_endpoint": "https://tx.example/s",
      "verification_endpoint": "https://tx.example/v", "default_subjects": "ALL",
      "authorization_schemes": [{"spec_urn": "urn:ietf:rfc:6749"}]}
CFG = {"stream_id": "s-1", "iss": ISSUER, "aud": "https://rx", "events_requested": [SR],
       "events_supported": [SR, CC], "events_delivered": [SR],
       "delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "https://rx/push"},
       "description": "d"}
POLLCFG = {**CFG, "delivery": {"method": "urn:ietf:rfc:8936", "endpoint_url": "https://tx/poll/1"}}
POLLCFG2 = {**CFG, "delivery": {"method": "urn:ietf:rfc:8936", "endpoint_url": "https://tx/poll/2"}}
PUSH = PushRequest("POST", "https", {"content-type": "application/secevent+jwt",
                                     "accept": "application/json", "authorization": "Bearer t"},
                   b"aaa.bbb.ccc")
SETS = {"sets": {"j1": "a.b.c", "j2": "d.e.f"}, "moreAvailable": True}
TWO_EVENTS = {SR: {}, CC: {"credential_type": "password", "change_type": "update"}}


def c(cls, **kw):
    return lambda: cls(**kw)


# check id -> (passing call, failing call)
CASES = {
    "check_metadata_served": (lambda: metadata.check_metadata_served(resp(200, MD)),
                              lambda: metadata.check_metadata_served(resp(200, "<html>"))),
    "check_metadata_media_type": (lambda: metadata.check_metadata_media_type(resp(200, MD)),
                                  lambda: metadata.check_metadata_media_type(resp(200, MD, "text/html"))),
    "check_issuer_is_https_without_query": (lambda: metadata.check_issuer_is_https_without_query(MD),
                                            lambda: metadata.check_issuer_is_https_without_query({"issuer": "http://x?q=1"})),
    "check_issuer_matches_configured": (lambda: metadata.check_issuer_matches_configured(MD, ISSUER),
                                        lambda: metadata.check_issuer_matches_configured(MD, "https://other")),
    "check_spec_version": (lambda: metadata.check_spec_version(MD, requirement="INTEROP-TX-01"),
                           lambda: metadata.check_spec_version({}, requirement="INTEROP-TX-01")),
    "check_jwks_uri_present": (lambda: metadata.check_jwks_uri_present(MD, requirement="SSF-DISC-09"),
                               lambda: metadata.check_jwks_uri_present({}, requirement="SSF-DISC-09")),
    "check_jwks_document": (lambda: metadata.check_jwks_document(resp(200, RING.jwks())),
                            lambda: metadata.check_jwks_document(resp(200, {"keys": []}))),
    "check_delivery_methods_supported": (lambda: metadata.check_delivery_methods_supported(MD, requirement="SSF-DISC-10"),
                                         lambda: metadata.check_delivery_methods_supported({}, requirement="SSF-DISC-10")),
    "check_endpoints_are_https": (lambda: metadata.check_endpoints_are_https(MD),
                                  lambda: metadata.check_endpoints_are_https({"status_endpoint": "http://x"})),
    "check_authorization_schemes_shape": (lambda: metadata.check_authorization_schemes_shape(MD),
                                          lambda: metadata.check_authorization_schemes_shape({"authorization_schemes": [{"urn": 1}]})),
    "check_authorization_schemes_include_oauth": (lambda: metadata.check_authorization_schemes_include_oauth(MD),
                                                  lambda: metadata.check_authorization_schemes_include_oauth({})),
    "check_default_subjects_value": (lambda: metadata.check_default_subjects_value(MD),
                                     lambda: metadata.check_default_subjects_value({"default_subjects": "SOME"})),
    "check_no_empty_arrays": (lambda: metadata.check_no_empty_arrays(MD),
                              lambda: metadata.check_no_empty_arrays({"x": []})),
    "check_interop_endpoints_present": (lambda: metadata.check_interop_endpoints_present(MD),
                                        lambda: metadata.check_interop_endpoints_present({"status_endpoint": "x"})),
    # streams
    "check_create_returns_201": (lambda: streams.check_create_returns_201(resp(201, CFG)),
                                 lambda: streams.check_create_returns_201(resp(200, CFG))),
    "check_stream_config_members": (lambda: streams.check_stream_config_members(CFG),
                                    lambda: streams.check_stream_config_members({"stream_id": "x"})),
    "check_stream_id_unreserved": (lambda: streams.check_stream_id_unreserved(CFG),
                                   lambda: streams.check_stream_id_unreserved({"stream_id": "a b/c"})),
    "check_stream_iss_matches_issuer": (lambda: streams.check_stream_iss_matches_issuer(CFG, ISSUER),
                                        lambda: streams.check_stream_iss_matches_issuer(CFG, "https://o")),
    "check_stream_aud_type": (lambda: streams.check_stream_aud_type(CFG),
                              lambda: streams.check_stream_aud_type({"aud": 5})),
    "check_events_delivered_subset": (lambda: streams.check_events_delivered_subset(CFG),
                                      lambda: streams.check_events_delivered_subset({**CFG, "events_delivered": [SR, CC, "urn:x"]})),
    "check_unknown_event_not_delivered": (lambda: streams.check_unknown_event_not_delivered(CFG, "urn:x"),
                                          lambda: streams.check_unknown_event_not_delivered({**CFG, "events_delivered": ["urn:x"]}, "urn:x")),
    "check_delivery_method_known": (lambda: streams.check_delivery_method_known(CFG),
                                    lambda: streams.check_delivery_method_known({"delivery": {"method": "urn:x"}})),
    "check_push_endpoint_echoed": (lambda: streams.check_push_endpoint_echoed(CFG, "https://rx/push"),
                                   lambda: streams.check_push_endpoint_echoed(CFG, "https://rx/other")),
    "check_default_delivery_is_poll": (lambda: streams.check_default_delivery_is_poll(POLLCFG),
                                       lambda: streams.check_default_delivery_is_poll(CFG)),
    "check_poll_endpoints_distinct": (lambda: streams.check_poll_endpoints_distinct(POLLCFG, POLLCFG2),
                                      lambda: streams.check_poll_endpoints_distinct(POLLCFG, POLLCFG)),
    "check_second_create_distinct_or_conflict": (
        lambda: streams.check_second_create_distinct_or_conflict(resp(201, CFG), resp(201, {**CFG, "stream_id": "s-2"})),
        lambda: streams.check_second_create_distinct_or_conflict(resp(201, CFG), resp(201, CFG))),
    "check_list_excludes": (lambda: streams.check_list_excludes(resp(200, []), "s-1"),
                            lambda: streams.check_list_excludes(resp(200, [CFG]), "s-1")),
    "check_read_returns_stream": (lambda: streams.check_read_returns_stream(resp(200, CFG), "s-1"),
                                  lambda: streams.check_read_returns_stream(resp(200, CFG), "s-2")),
    "check_list_contains": (lambda: streams.check_list_contains(resp(200, [CFG]), ["s-1"]),
                            lambda: streams.check_list_contains(resp(200, CFG), ["s-1"])),
    "check_patch_applied": (lambda: streams.check_patch_applied(resp(200, {**CFG, "description": "n"}), CFG, {"stream_id": "s-1", "description": "n"}),
                            lambda: streams.check_patch_applied(resp(200, CFG), CFG, {"stream_id": "s-1", "description": "n"})),
    "check_put_replaced": (lambda: streams.check_put_replaced(resp(200, {k: v for k, v in CFG.items() if k != "description"}), {"events_requested": [SR]}, "description"),
                           lambda: streams.check_put_replaced(resp(200, CFG), {"events_requested": [SR]}, "description")),
    "check_delete_returns_204_empty": (lambda: streams.check_delete_returns_204_empty(resp(204, "", None)),
                                       lambda: streams.check_delete_returns_204_empty(resp(200, CFG))),
    "check_deleted_stream_gone": (lambda: streams.check_deleted_stream_gone(resp(404, {})),
                                  lambda: streams.check_deleted_stream_gone(resp(200, CFG))),
    "check_immutable_member_rejected": (lambda: streams.check_immutable_member_rejected(resp(400, {}), CFG, "aud", "https://rx"),
                                        lambda: streams.check_immutable_member_rejected(resp(200, CFG), {**CFG, "aud": "o"}, "aud", "https://rx")),
    "check_fabricated_events_delivered_rejected": (lambda: streams.check_fabricated_events_delivered_rejected(resp(400, {})),
                                                   lambda: streams.check_fabricated_events_delivered_rejected(resp(200, CFG))),
    "check_description_echoed": (lambda: streams.check_description_echoed(CFG, "d"),
                                 lambda: streams.check_description_echoed({}, "d")),
    # errors
    "check_unknown_stream_404": (lambda: errors.check_unknown_stream_404(resp(404, {}), requirement="SSF-STREAM-29"),
                                 lambda: errors.check_unknown_stream_404(resp(200, {}), requirement="SSF-STREAM-29")),
    "check_foreign_stream_refused": (lambda: errors.check_foreign_stream_refused(resp(404, {})),
                                     lambda: errors.check_foreign_stream_refused(resp(200, CFG))),
    "check_bad_request_400": (lambda: errors.check_bad_request_400(resp(400, {}), requirement="SSF-STREAM-26"),
                              lambda: errors.check_bad_request_400(resp(500, {}), requirement="SSF-STREAM-26")),
    "check_unauthenticated_401": (lambda: errors.check_unauthenticated_401(resp(401, {}), requirement="SSF-MGMT-01"),
                                  lambda: errors.check_unauthenticated_401(resp(200, {}), requirement="SSF-MGMT-01")),
    "check_www_authenticate_bearer": (lambda: errors.check_www_authenticate_bearer(resp(401, {}, headers={"WWW-Authenticate": "Bearer"})),
                                      lambda: errors.check_www_authenticate_bearer(resp(401, {}))),
    "check_invalid_token_challenge": (
        lambda: errors.check_invalid_token_challenge(resp(401, {}, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}), requirement="INTEROP-OAUTH-08"),
        lambda: errors.check_invalid_token_challenge(resp(401, {}, headers={"WWW-Authenticate": 'Bearer realm="ssf"'}), requirement="INTEROP-OAUTH-08")),
    "check_query_token_refused": (lambda: errors.check_query_token_refused(resp(401, {})),
                                  lambda: errors.check_query_token_refused(resp(200, []))),
    "check_insufficient_scope_403": (lambda: errors.check_insufficient_scope_403(resp(403, {})),
                                     lambda: errors.check_insufficient_scope_403(resp(201, CFG))),
    "check_read_scope_can_read": (lambda: errors.check_read_scope_can_read(resp(200, []), requirement="INTEROP-OAUTH-04"),
                                  lambda: errors.check_read_scope_can_read(resp(403, {}), requirement="INTEROP-OAUTH-04")),
    # status
    "check_status_read": (lambda: status.check_status_read(resp(200, {"stream_id": "s-1", "status": "enabled"}), "s-1"),
                          lambda: status.check_status_read(resp(200, {"stream_id": "s-1", "status": "sleeping"}), "s-1")),
    "check_status_updated": (lambda: status.check_status_updated(resp(200, {"stream_id": "s-1", "status": "paused"}), resp(200, {"status": "paused"}), "paused"),
                             lambda: status.check_status_updated(resp(200, {"stream_id": "s-1", "status": "paused"}), resp(200, {"status": "enabled"}), "paused")),
    "check_nothing_delivered_while_paused": (lambda: status.check_nothing_delivered_while_paused([]),
                                             lambda: status.check_nothing_delivered_while_paused(["j1"])),
    "check_held_events_delivered_in_order": (lambda: status.check_held_events_delivered_in_order(["a", "b"], ["x", "a", "b"]),
                                             lambda: status.check_held_events_delivered_in_order(["a", "b"], ["b", "a"])),
    "check_disabled_events_never_delivered": (lambda: status.check_disabled_events_never_delivered("s2", ["s1", "s3"]),
                                              lambda: status.check_disabled_events_never_delivered("s2", ["s2", "s3"])),
    "check_stream_updated_received": (
        lambda: status.check_stream_updated_received(set_(events={"https://schemas.openid.net/secevent/ssf/event-type/stream-updated": {"status": "paused"}}), "paused"),
        lambda: status.check_stream_updated_received(None, "paused")),
    # subjects
    "check_add_subject_ok": (lambda: subjects.check_add_subject_ok(resp(200, "")),
                             lambda: subjects.check_add_subject_ok(resp(404, {}))),
    "check_remove_subject_204": (lambda: subjects.check_remove_subject_204(resp(204, "", None)),
                                 lambda: subjects.check_remove_subject_204(resp(200, ""))),
    "check_event_for_added_subject_delivered": (lambda: subjects.check_event_for_added_subject_delivered(True),
                                                lambda: subjects.check_event_for_added_subject_delivered(False)),
    "check_event_for_other_subject_not_delivered": (lambda: subjects.check_event_for_other_subject_not_delivered(False),
                                                    lambda: subjects.check_event_for_other_subject_not_delivered(True)),
    # verification
    "check_verification_request_204": (lambda: ver.check_verification_request_204(resp(204, "", None)),
                                       lambda: ver.check_verification_request_204(resp(200, {}))),
    "check_verification_event_arrived": (lambda: ver.check_verification_event_arrived(claims(events={VERIF: {"state": "s"}})),
                                         lambda: ver.check_verification_event_arrived(None)),
    "check_verification_state_echoed": (lambda: ver.check_verification_state_echoed(claims(events={VERIF: {"state": "s"}}), "s"),
                                        lambda: ver.check_verification_state_echoed(claims(events={VERIF: {}}), "s")),
    "check_sub_id_is_stream": (lambda: ver.check_sub_id_is_stream(claims(sub_id={"format": "opaque", "id": "s-1"}), "s-1"),
                               lambda: ver.check_sub_id_is_stream(claims(), "s-1")),
    "check_no_429_within_interval": (
        lambda: ver.check_no_429_within_interval([resp(204, ""), resp(204, "")]),
        lambda: ver.check_no_429_within_interval([resp(204, ""), resp(429, {})])),
    # SETs
    "check_set_typ": (lambda: sets.check_set_typ(set_()), lambda: sets.check_set_typ(set_(header={"typ": "JWT"}))),
    "check_set_signature": (lambda: sets.check_set_signature(set_(), RING.jwks()),
                            lambda: sets.check_set_signature(set_(), {"keys": [RING.current.public_jwk() | {"kid": "other"}]})),
    "check_set_rs256": (lambda: sets.check_set_rs256(set_()),
                        lambda: sets.check_set_rs256(set_(header={"alg": "RS512"}))),
    "check_no_sub_claim": (lambda: sets.check_no_sub_claim(set_()), lambda: sets.check_no_sub_claim(set_(sub="x"))),
    "check_no_exp_claim": (lambda: sets.check_no_exp_claim(set_()), lambda: sets.check_no_exp_claim(set_(exp=2_000_000_000))),
    "check_sub_id_present": (lambda: sets.check_sub_id_present(set_()), lambda: sets.check_sub_id_present(set_(sub_id=None))),
    "check_set_iss": (lambda: sets.check_set_iss(set_(), ISSUER), lambda: sets.check_set_iss(set_(iss="https://evil"), ISSUER)),
    "check_set_iat": (lambda: sets.check_set_iat(set_(), now=1_700_000_010),
                      lambda: sets.check_set_iat(set_(iat=1_800_000_000), now=1_700_000_010)),
    "check_set_jti": (lambda: sets.check_set_jti(set_(), {"j-1": set_().token}),
                      lambda: sets.check_set_jti(set_(), {"j-1": "another.set.token"})),
    "check_set_aud": (lambda: sets.check_set_aud(set_(), "https://rx.example"),
                      lambda: sets.check_set_aud(set_(aud=None), "https://rx.example")),
    "check_events_claim": (lambda: sets.check_events_claim(set_()), lambda: sets.check_events_claim(set_(events={}))),
    "check_single_event": (lambda: sets.check_single_event(set_()), lambda: sets.check_single_event(set_(events=TWO_EVENTS))),
    "check_interop_single_event": (lambda: sets.check_interop_single_event(set_()),
                                   lambda: sets.check_interop_single_event(set_(events=TWO_EVENTS))),
    "check_no_deprecated_risc_sessions_revoked": (
        lambda: sets.check_no_deprecated_risc_sessions_revoked(set_()),
        lambda: sets.check_no_deprecated_risc_sessions_revoked(set_(events={"https://schemas.openid.net/secevent/risc/event-type/sessions-revoked": {}}))),
    "check_no_subject_type": (lambda: sets.check_no_subject_type(set_()),
                              lambda: sets.check_no_subject_type(set_(sub_id={"subject_type": "email", "email": "a@b"}))),
    # events
    "check_event_payload_schema": (lambda: ev.check_event_payload_schema(set_()),
                                   lambda: ev.check_event_payload_schema(set_(events={CC: {"change_type": "update"}}))),
    "check_event_timestamp_seconds": (lambda: ev.check_event_timestamp_seconds(set_()),
                                      lambda: ev.check_event_timestamp_seconds(set_(events={SR: {"event_timestamp": 1_700_000_000_000}}))),
    "check_event_type_is": (lambda: ev.check_event_type_is(set_(), SR), lambda: ev.check_event_type_is(None, SR)),
    "check_subject_matches_trigger": (lambda: ev.check_subject_matches_trigger(set_(), {"format": "email", "email": "a@example.com"}),
                                      lambda: ev.check_subject_matches_trigger(set_(), {"format": "email", "email": "b@example.com"})),
    "check_interop_reason_admin": (lambda: ev.check_interop_reason_admin(set_()),
                                   lambda: ev.check_interop_reason_admin(set_(events={SR: {}}))),
    "check_identifier_event_subject_format": (
        lambda: ev.check_identifier_event_subject_format(set_(events={"https://schemas.openid.net/secevent/risc/event-type/identifier-recycled": {}})),
        lambda: ev.check_identifier_event_subject_format(set_(sub_id={"format": "opaque", "id": "x"}, events={"https://schemas.openid.net/secevent/risc/event-type/identifier-recycled": {}}))),
    # push
    "check_push_is_post": (lambda: push.check_push_is_post(PUSH),
                           lambda: push.check_push_is_post(PushRequest("PUT", "https", {}, b""))),
    "check_push_content_type": (lambda: push.check_push_content_type(PUSH),
                                lambda: push.check_push_content_type(PushRequest("POST", "https", {"content-type": "application/jwt"}, b""))),
    "check_push_accept_json": (lambda: push.check_push_accept_json(PUSH),
                               lambda: push.check_push_accept_json(PushRequest("POST", "https", {"accept": "text/html"}, b""))),
    "check_push_body_is_one_compact_jws": (lambda: push.check_push_body_is_one_compact_jws(PUSH),
                                           lambda: push.check_push_body_is_one_compact_jws(PushRequest("POST", "https", {}, b'{"a":1}'))),
    "check_authorization_header_exact": (lambda: push.check_authorization_header_exact(PUSH, "Bearer t"),
                                         lambda: push.check_authorization_header_exact(PUSH, "Bearer other")),
    "check_retry_keeps_jti": (lambda: push.check_retry_keeps_jti(claims(), [claims()]),
                              lambda: push.check_retry_keeps_jti(claims(), [claims(jti="j-2")])),
    # poll
    "check_poll_response_shape": (lambda: poll.check_poll_response_shape(resp(200, SETS)),
                                  lambda: poll.check_poll_response_shape(resp(200, {"sets": ["a.b.c"]}))),
    "check_max_events_respected": (lambda: poll.check_max_events_respected(resp(200, SETS), 2),
                                   lambda: poll.check_max_events_respected(resp(200, SETS), 1)),
    "check_more_available": (lambda: poll.check_more_available(resp(200, SETS), True),
                             lambda: poll.check_more_available(resp(200, SETS), False)),
    "check_return_immediately": (lambda: poll.check_return_immediately(0.1, 2.0, resp(200, SETS)),
                                 lambda: poll.check_return_immediately(5.0, 2.0, resp(200, SETS))),
    "check_long_poll_returns_event": (lambda: poll.check_long_poll_returns_event(resp(200, SETS), None, 0.5, 5.0),
                                      lambda: poll.check_long_poll_returns_event(resp(200, {"sets": {}}), None, 5.0, 5.0)),
    "check_acked_not_returned": (lambda: poll.check_acked_not_returned(resp(200, SETS), {"j9"}),
                                 lambda: poll.check_acked_not_returned(resp(200, SETS), {"j1"})),
    "check_unacked_redelivered": (lambda: poll.check_unacked_redelivered(resp(200, SETS), {"j1"}),
                                  lambda: poll.check_unacked_redelivered(resp(200, SETS), {"j3"})),
    "check_set_errs_accepted": (lambda: poll.check_set_errs_accepted(resp(200, SETS)),
                                lambda: poll.check_set_errs_accepted(resp(400, {}))),
    "check_poll_www_authenticate": (lambda: poll.check_poll_www_authenticate(resp(401, {}, headers={"WWW-Authenticate": "Bearer"})),
                                    lambda: poll.check_poll_www_authenticate(resp(401, {}))),
}


# Other areas keep their examples in tests/checks/*_cases.py as a dict named CASES.
def _more_cases() -> dict:
    import importlib
    import pkgutil
    from pathlib import Path
    out = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.endswith("_cases"):
            out.update(importlib.import_module(f"tests.checks.{info.name}").CASES)
    return out


CASES.update(_more_cases())


def test_every_registered_check_has_a_passing_and_a_failing_example():
    missing = sorted(set(load_all()) - set(CASES))
    assert not missing, f"checks without unit examples: {missing}"


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_check_passes_good_and_fails_bad(check_id):
    good, bad = CASES[check_id]
    v_good, v_bad = good(), bad()
    assert v_good.check_id == v_bad.check_id == check_id
    assert v_good.passed, v_good
    assert not v_bad.passed, v_bad
    assert v_bad.message and v_bad.requirements


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_check_requirements_exist_in_catalog(check_id):
    catalog = load_catalog()
    for rid in load_all()[check_id].requirements:
        catalog.get(rid)
