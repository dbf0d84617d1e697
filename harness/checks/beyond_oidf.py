"""Where our checks are stricter than the OpenID Foundation conformance suite, with a MUST
behind them: check id -> why. A failed verdict of such a check says "beyond OIDF" and why, so a
vendor who passed the OIDF run sees why it fails here. Each entry is also a module's `beyond` in
harness/catalog/oidf_modules.yaml (docs/oidf-mapping.md); tests/catalog keeps the two in step
and refuses an entry whose check names no MUST requirement (stricter without one: align)."""

BEYOND_OIDF: dict[str, str] = {
    "check_set_jti": (
        "the OIDF modules check jti's presence, not its uniqueness across the "
        "run (SET-08)"),
    "check_set_signature": (
        "outside the CAEP interop plan the OIDF modules only warn on a bad "
        "signature (SET-19 is a MUST)"),
    "check_single_event": (
        "outside the CAEP interop plan the OIDF modules only warn on several "
        "events (SET-15: independent events MUST NOT share a SET)"),
    "check_push_is_post":
        "the OIDF modules do not grade the push request's method (PUSH-01)",
    "check_push_content_type": (
        "the OIDF modules do not grade the push request's Content-Type "
        "(PUSH-02)"),
    "check_push_accept_json": (
        "the OIDF modules do not grade the push request's Accept header "
        "(PUSH-03)"),
    "check_push_body_is_one_compact_jws":
        "the OIDF modules do not grade the push body's form (PUSH-04)",
    "check_create_returns_201": (
        "the default-plan OIDF happy path only warns on a create not answered "
        "201 (SSF-STREAM-19)"),
    "check_stream_iss_matches_issuer": (
        "the default-plan OIDF happy path only warns on a wrong stream iss "
        "(SSF-STREAM-04)"),
    "check_stream_aud_type": (
        "the default-plan OIDF happy path only warns about the stream aud "
        "(SSF-STREAM-05)"),
    "check_delivery_method_known": (
        "the default-plan OIDF happy path only warns on an unknown delivery "
        "method (SSF-STREAM-12)"),
    "check_push_endpoint_echoed": (
        "the OIDF modules do not compare the echoed push endpoint_url "
        "(SSF-DELIV-02)"),
    "check_read_returns_stream": (
        "the OIDF happy path only warns on a read not answered 200 with the "
        "stream (SSF-STREAM-27)"),
    "check_patch_applied": (
        "the OIDF happy path only warns on a PATCH not answered 200 "
        "(SSF-STREAM-30)"),
    "check_put_replaced": (
        "the OIDF happy path only warns on a PUT not answered 200 "
        "(SSF-STREAM-38)"),
    "check_status_read": (
        "the OIDF modules only warn on a status read not answered 200 "
        "(SSF-STATUS-02)"),
    "check_status_updated": (
        "the OIDF happy path only warns on a status update not answered 200 "
        "with the status (SSF-STATUS-08)"),
    "check_issuer_is_https_without_query": (
        "the OIDF metadata module does not require an https issuer without "
        "query (SSF-DISC-05)"),
    "check_default_subjects_value": (
        "the OIDF metadata module only warns on a default_subjects other than "
        "ALL or NONE (SSF-DISC-15)"),
    "check_authorization_schemes_shape": (
        "the OIDF metadata module only logs malformed authorization_schemes "
        "(SSF-DISC-13)"),
    "check_subject_matches_trigger": (
        "the OIDF modules do not compare an event's sub_id with the subject it "
        "was triggered for (SUBID-01)"),
    "check_untrusted_push_endpoint_refused": (
        "the OIDF suite trusts every certificate and never tests certificate "
        "validation (PUSH-18)"),
    "check_held_events_delivered_in_order": (
        "the OIDF paused-stream module does not check the order of held events "
        "(SSF-STATUS-14)"),
    "check_add_subject_ok": (
        "the OIDF subject module only warns on an add not answered 200 "
        "(SSF-SUBS-01)"),
    "check_remove_subject_204": (
        "the OIDF subject module only warns on a remove not answered 204 "
        "(SSF-SUBS-05)"),
    # -- the receiver role ----------------------------------------------------------------
    "check_replace_carries_all_members": (
        "the OIDF receiver happy path requires only stream_id in a PUT, not every "
        "receiver-supplied property (SSF-STREAM-39)"),
    "check_content_language": (
        "the OIDF receiver modules do not look for Content-Language on a refusal "
        "(PUSH-10)"),
    "check_description_language": (
        "the OIDF receiver modules do not grade the language of a refusal's description "
        "(PUSH-11)"),
    "check_set_errs_entry": (
        "the OIDF receiver modules do not grade the shape of a setErrs entry (POLL-13)"),
    "check_refused_set_not_acted_on": (
        "the OIDF receiver modules cannot see whether a refused SET was acted on "
        "(PUSH-06)"),
    "check_first_stream_survives_second_create": (
        "the OIDF duplicate-config module does not check that the first stream "
        "survives (SSF-STREAM-23)"),
}
