"""Normalise the catalog's "Level" column to MUST | SHOULD | MAY | INFO (verdict severity).

General rules, applied to the level text as written in the catalog:

* Each "/"-separated part is read on its own: MUST, MUST NOT, MUST†, "MUST (if present)",
  "MUST (cond.)", "MUST (deprecation)" → MUST; SHOULD, SHOULD NOT → SHOULD; MAY, "MAY (enum)" → MAY.
* A mixed row ("MAY / MUST", "SHOULD / MUST", "MUST / MUST NOT / SHOULD NOT", …) takes its
  strongest part: the row's check tests the strongest clause and treats the weaker one as a
  permission (e.g. SET-16 "Transmitters MAY add fields / Receivers MUST ignore them").
* Lower-case keywords have no BCP 14 force (RFC 8174), yet the row still states an expectation;
  they count one step below their upper-case reading: "must (lower-case)" → SHOULD,
  "(should, lower-case)" → MAY.
* `def` / `derived` → MUST when the row states a testable expectation of the implementation,
  else INFO; see `OVERRIDES` for the rows decided otherwise.

Edge cases decided row by row (`OVERRIDES`, each with its reason):

* CAEP-COM-01 "MAY": presence is optional, but when present the value is defined as seconds
  since the epoch, so the testable expectation (unit and type when present) is MUST.
* SSF-SUBS-10 "MAY NOT (i.e. cannot)": not a BCP 14 phrase; the spec says the stream's own subject
  is "always implicitly added", so verification keeps flowing after a remove → MUST.
* SSF-SUBS-08, SSF-SUBS-11 (def): the matching rule and `default_subjects` semantics only show
  through delivery, which SSF-SUBS-07 / -09 grade as SHOULD / SHOULD NOT → SHOULD.
* POLL-03 "MAY": omission means false, so a wrong value cannot be a MUST violation; a value that
  misleads the receiver about waiting SETs is graded SHOULD (warning).
* POLL-10 "MAY" (redelivery timing): a SET polled but never acknowledged is still owed; a
  transmitter that silently drops it loses events, so not redelivering is graded SHOULD.
* POLL-09 (def / derived): RFC 8936 §2 says an ack means "redelivery is no longer required"; no
  keyword forbids redelivering → SHOULD.
* PUSH-13 (def): a 400 with a registered `err` is already MUST (PUSH-09); picking the code that
  matches the failure is definitional, graded as a warning like the OIDF suite → SHOULD.
* JOSE-01 (def): the row's own check says a RUT "may" accept `application/secevent+jwt` and
  "should" reject `typ: JWT` → SHOULD.
* RISC-OPT-02 (def): its only expectation is a lower-case "should" → MAY.
* SET-22, PUSH-12, POLL-06, INTEROP-VER-01 (def): deployment choices, scope statements or "no
  limit" rules with nothing to observe → INFO.
* CAEP-SR-02 (def): the check only flags extra payload members as info → INFO.
* RISC-AD-02 "MAY (enum)" stays MAY: the value list is not declared closed.
* RISC-CC-03 "MAY": as CAEP-COM-01, the member is optional but a present event_timestamp is
  defined as seconds since the epoch (RISC 1.0 §2.7), so its unit is MUST.
* POLL-07 "SHOULD / MUST": RFC 8936 §2.2 says returnImmediately "SHOULD return an immediate
  response"; the long-poll half is a lower-case "will" with its timeout left to the parties.
  No upper-case MUST is left, so the row is SHOULD.

Which requirement a check's verdict names (`CHECK_DECISIONS`): a verdict takes the level of the
sentence it tests, so a check names only that sentence's row, per call (`per_call=True`) or per
branch (`fail(..., only=...)`). The non-obvious choices, each with its reason, are listed in
`CHECK_DECISIONS` (tests/checks keep its keys pointing at registered checks).
"""
from __future__ import annotations

import re

LEVELS = ("MUST", "SHOULD", "MAY", "INFO")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}

OVERRIDES: dict[str, tuple[str, str]] = {
    "SSF-SUBS-10": ("MUST", "'MAY NOT' read as 'cannot': the stream subject is always added"),
    "CAEP-COM-01": ("MUST", "the member is optional, but a present event_timestamp is defined as "
                            "seconds since the epoch; a wrong unit breaks every receiver"),
    "SSF-SUBS-08": ("SHOULD", "matching shows only through SHOULD-level delivery (SUBS-07/09)"),
    "SSF-SUBS-11": ("SHOULD", "default_subjects shows only through SHOULD-level delivery"),
    "POLL-03": ("SHOULD", "moreAvailable may be omitted (= false), so a misleading value is not a "
                          "MUST violation, but a receiver relying on it delays delivery: warn"),
    "POLL-10": ("SHOULD", "an unacknowledged SET is still owed to the receiver (an ack is what "
                          "makes redelivery 'no longer required'); dropping it loses events"),
    "POLL-09": ("SHOULD", "an ack makes redelivery 'no longer required'; nothing forbids it"),
    "PUSH-13": ("SHOULD", "the matching err code is definitional; 400 + err is PUSH-09 (MUST)"),
    "JOSE-01": ("SHOULD", "the row's check is phrased with may/should"),
    "RISC-OPT-02": ("MAY", "only a lower-case 'should' in RISC §2.8"),
    "SET-22": ("INFO", "deployment decision, no test"),
    "PUSH-12": ("INFO", "general HTTP failures, informational"),
    "POLL-06": ("INFO", "absence of a limit has nothing to observe"),
    "INTEROP-VER-01": ("INFO", "scope statement"),
    "CAEP-SR-02": ("INFO", "extra payload members are only flagged as info"),
    "RISC-CC-03": ("MUST", "the member is optional, but a present event_timestamp is defined as "
                           "seconds since the epoch (RISC 1.0 §2.7), as CAEP-COM-01"),
    "POLL-07": ("SHOULD", "RFC 8936 §2.2: returnImmediately 'SHOULD return an immediate "
                          "response'; the long poll is a lower-case 'will' with a timeout left "
                          "to the parties: no upper-case MUST remains"),
}

# check id -> why its verdicts name the requirement(s) they do (the level follows from that).
CHECK_DECISIONS: dict[str, str] = {
    "check_set_typ": "SET-01 (MUST); RFC 7515 §4.1.9 lets typ omit 'application/' and media "
                     "types compare case-insensitively, so 'application/secevent+jwt' passes; "
                     "the preference for the short form is not graded",
    "check_set_signature": "SET-19 only; kid is OPTIONAL (RFC 7515 §4.1.4): without it any "
                           "published key may verify. INTEROP-TX-03 is graded by the interop "
                           "metadata scenario, never in default runs",
    "check_set_aud": "SET-09 (SHOULD); aud and the stream's aud are each 'a string or an array "
                     "of strings' (SSF §4.1.8, §8.1.1), compared as sets",
    "check_single_event": "per branch: two known event types are independent events (SET-15, "
                          "MUST NOT); otherwise the suite cannot tell alternative URIs apart "
                          "(SET-14, SHOULD). INTEROP-SET-01 is check_interop_single_event's",
    "check_retry_keeps_jti": "SET-08 only: RFC 8935 §2 leaves retransmission to the "
                             "transmitter (PUSH-16 restrains retries, it does not demand them), "
                             "so no retry is no finding; a retry must keep its jti",
    "check_issuer_matches_configured": "SSF-DISC-06 compares with the configured issuer; with "
                                       "only metadata_url, with the issuer that well-known URL "
                                       "was built from, and with nothing for any other URL",
    "check_spec_version": "per call: SSF-DISC-08 (MAY, spec_version is OPTIONAL) in default "
                          "runs, INTEROP-TX-01 (MUST) in caep_interop runs",
    "check_delivery_methods_supported": "per call: SSF-DISC-10 (RECOMMENDED → SHOULD) in "
                                        "default runs, INTEROP-TX-02 (MUST) in caep_interop "
                                        "runs",
    "check_jwks_uri_present": "per call: SSF-DISC-09 in default runs, INTEROP-TX-03 in "
                              "caep_interop runs",
    "check_description_echoed": "SSF-STREAM-14 (MAY) only: a description that is neither echoed "
                                "nor truncated is information, not a failure of SSF-STREAM-19",
    "check_event_type_is": "SSF-STREAM-11 when nothing arrives; otherwise only the definition "
                           "row of the triggered event type (e.g. CAEP-SR-01), never all four",
    "check_event_payload_schema": "the requirements the failing schema rules name "
                                  "(x-requirements); SET-13/SET-21 only for rules naming none",
    "check_held_events_delivered_in_order": "per branch: nothing delivered after re-enable is "
                                            "SSF-STATUS-13 (SHOULD hold, MAY drop); out of "
                                            "order is SSF-STATUS-14 (MUST)",
    "check_unauthenticated_401": "per call; an update with an invalid token may get 400 "
                                 "(SSF-STREAM-37 lists 400 for an otherwise invalid PATCH; the "
                                 "OIDF suite accepts it); on the poll endpoint SSF-DISC-22 "
                                 "(SHOULD), as the OIDF suite warns",
    "check_invalid_token_challenge": "per call: INTEROP-OAUTH-08 (MUST) in caep_interop runs; on "
                                     "the poll endpoint SSF-DISC-22 (SHOULD, like RFC 6750 §3's "
                                     "own SHOULD). The catalog has no RFC 6750 row, so default "
                                     "runs do not grade it on management endpoints",
    "check_poll_www_authenticate": "POLL-17 looks only at 401s; whether an unauthenticated poll "
                                   "gets 401 is SSF-DISC-22's SHOULD",
    "check_long_poll_returns_event": "POLL-07; an empty answer given at once is a transmitter "
                                     "that does not hold polls, which RFC 8936 §2.2 allows",
    "check_set_errs_accepted": "POLL-02 (a poll with setErrs is a valid poll); POLL-13 is the "
                               "receiver's rule",
    "check_status_updated": "SSF-STATUS-08 only; a 202 is 'accepted, not processed', so the "
                            "read back is not compared (INTEROP-TX-05 is the interop metadata "
                            "scenario's)",
    "check_patch_applied": "per branch STREAM-30 / STREAM-32; 202 'accepted, not processed' "
                           "passes; aud compared as an audience",
    # issue 15
    "check_unsolicited_verification_stateless": "SSF-VERIFY-05 (N6: MUST NOT) for SETs before "
                                                "the first request, or after it with a state the "
                                                "suite never sent once every request was echoed "
                                                "(a garbled echo is SSF-VERIFY-03's)",
    "check_interop_event_subject_format": "per branch: opaque or another simple format on a CAEP "
                                          "event is INTEROP-SUBJ-01 (MUST); complex is "
                                          "INTEROP-SUBJ-02 (SHOULD, openid/sharedsignals#351 "
                                          "open), as the OIDF suite warns",
    "check_event_timestamp_not_future": "the event type's own 'event_timestamp is the time of' "
                                        "row (e.g. CAEP-SR-03), with 300 s of clock skew; a "
                                        "millisecond value is check_event_timestamp_seconds's",
    "check_token_response": "per branch: no bearer access_token is INTEROP-OAUTH-02 (MUST); a "
                            "missing or longer than 3600 s expires_in the SHOULD rows "
                            "INTEROP-OAUTH-10/11, as the OIDF suite warns",
    "check_inactivity_announced": "SSF-STREAM-17 only when the stream stopped: pausing, "
                                  "disabling, deleting or keeping an idle stream are all MAY",
    "check_legacy_tls_refused": "per call: INTEROP-TLS-01 on the management API (interop runs), "
                                "POLL-18 on the poll endpoint (RFC 8936 §4.3 with BCP 195)",
    # -- trust directory and registration by software statement (issue 13) -----------------
    "check_invalid_request_refused": "per call DIR-CREATE-04 (body) / -05 (path, header): 400 "
                                     "only. The seed lists 400 'Validation Error messages' for "
                                     "them; no organisation can have a 41-character id, so a "
                                     "403 'not your organisation' would hide the validation",
    "check_validation_errors_name_field": "per branch: the {\"errors\": [...]} shape is "
                                          "DIR-ERR-01 (MUST); naming the field DIR-ERR-02 "
                                          "(SHOULD), a derived reading",
    "check_assertion_withheld": "per call SSA-07 / SSA-08 (SHOULD, derived: the seed lists the "
                                "statuses, not their effects); any 4xx refusal passes",
    "check_software_statement_refused": "per branch: registering anything is the rule of the "
                                        "reason (DCR-08 to -11); a refusal other than 400 is "
                                        "DCR-05 (RFC 7591 §3.2.2)",
    "check_registration_error_code": "DCR-07 (SHOULD): an untrusted issuer may be answered "
                                     "invalid_ or unapproved_software_statement (the server "
                                     "cannot tell a forgery from a stranger)",
}

# -- Receiver role (issue 10): refusals and how they are answered --------------------------
# A hostile-SET scenario grades "the SET was not acknowledged" at the receiver-side sentence
# that demands the refusal (its Examples column `required_by`). Where none does, it cites
# PUSH-17 (RFC 8935 §2: "The SET Recipient may accept or reject ... a SET at its own
# discretion"; MAY, so informational). How a refusal is answered (400, error body,
# Content-Language, err) is graded at its own requirement either way.
# hostile class -> (level of the refusal verdict, the text that decides it)
RECEIVER_REFUSALS: dict[str, tuple[str, str]] = {
    "replayed-jti": ("MAY", "RFC 8417 §2.2: jti 'MAY be used by clients to track whether a "
                            "particular SET has already been received'; no sentence asks a "
                            "receiver to refuse a reused jti (SET-08 binds the transmitter)"),
    "sub-id-missing-member": ("MAY", "RFC 9493 §3 and SSF §3 constrain the identifier its "
                                     "producer writes (SUBID-01); no sentence asks a receiver "
                                     "to refuse one it cannot read, and RFC 8935 §3 lets it "
                                     "ignore SETs"),
    "expired-iat": ("MAY", "RFC 8417 §2.2 defines iat with no freshness rule for recipients "
                           "(SET-07 binds the transmitter); RFC 8935 §2 leaves how a recipient "
                           "validates out of scope"),
    "future-iat": ("MAY", "as expired-iat"),
    "two-events": ("MAY", "SSF §4.1.8 (SET-14, SET-15) and INTEROP-SET-01 bind the "
                          "transmitter; the catalog's own check says a receiver 'may' reject"),
    "sub-claim": ("MAY", "SSF §4.1.2 forbids sub to transmitters (SET-02); nothing requires a "
                         "receiver to refuse it"),
    "wrong-content-type": ("MAY", "RFC 8935 §2's 'MUST be application/secevent+jwt' binds the "
                                  "transmitter; a recipient may accept a valid SET sent with "
                                  "another media type (PUSH-17)"),
}

# receiver check id -> why its verdicts name the requirement they do
RECEIVER_CHECK_DECISIONS: dict[str, str] = {
    "check_set_refused": "per call: the rule the hostile SET breaks, never the answer's form",
    "check_refusal_status": "PUSH-09: 400 for a SET error; a request error (bearer, media "
                            "type, size) may get its applicable status (RFC 8935 §2.3)",
    "check_content_language": "PUSH-10 on its own: a 400 without it fails PUSH-10 only",
    "check_err_code": "PUSH-13 (SHOULD), SSF-VERIFY-12 for invalid_state; any applicable code "
                      "passes (a bad signature: invalid_key, authentication_failed or "
                      "invalid_request)",
    "check_poll_report": "a refused polled SET must never be acked; setErrs is optional (RFC "
                         "8936 §2.4.4 'MAY use the setErrs member')",
    "check_set_errs_entry": "POLL-13 only for setErrs entries the receiver chose to send",
}

_DEFINITIONAL = {"def", "derived"}


def _part_level(part: str) -> str | None:
    """The level of one "/"-separated part, or None for def/derived."""
    text = part.strip().strip("()").strip()
    word = re.match(r"[A-Za-z]+", text)
    if word is None:
        raise ValueError(f"unrecognised level part {part!r}")
    keyword = word.group(0)
    if keyword.lower() in _DEFINITIONAL:
        return None
    upper = keyword.upper()
    if upper not in ("MUST", "SHOULD", "MAY", "SHALL", "REQUIRED", "RECOMMENDED", "OPTIONAL"):
        raise ValueError(f"unrecognised level part {part!r}")
    upper = {"SHALL": "MUST", "REQUIRED": "MUST", "RECOMMENDED": "SHOULD",
             "OPTIONAL": "MAY"}.get(upper, upper)
    if keyword.islower():  # RFC 8174: lower case carries no BCP 14 force; one step weaker
        return LEVELS[min(_RANK[upper] + 1, _RANK["MAY"])]
    return upper


def normalise_level(requirement_id: str, level_text: str) -> str:
    """MUST | SHOULD | MAY | INFO for one catalog row (see the module doc for the rules)."""
    if requirement_id in OVERRIDES:
        return OVERRIDES[requirement_id][0]
    parts = [_part_level(p) for p in level_text.split("/")]
    levels = [p for p in parts if p is not None]
    if not levels:  # def / derived: a testable expectation unless overridden above
        return "MUST"
    return min(levels, key=_RANK.__getitem__)


def strongest(levels) -> str:
    """The strongest of several normalised levels (MUST beats SHOULD beats MAY beats INFO)."""
    return min(levels, key=_RANK.__getitem__)
