@role:transmitter @area:events
Feature: Every other CAEP 1.0 and RISC 1.0 event type the profile declares
  One outline over the remaining event types: each is triggered on the transmitter, delivered
  by push (by poll on a poll-only transmitter), and checked for SET format and its payload schema. Event types the profile does not
  declare are skipped with the reason.

  Background:
    Given the transmitter metadata has been discovered

  # Each event type's own row (its URI, e.g. CAEP-SE-01) is named by check_event_type_is; the
  # payload and subject-identifier rows (CAEP-*, SUBID-*) by the schemas' x-requirements in the
  # verdict of check_event_payload_schema, which the corpus (tests/schemas/corpus) proves can fail.
  @id:TX-EVENT-01 @req:SSF-STREAM-11 @req:SET-13 @req:SET-21 @req:CAEP-TCC-02 @req:CAEP-ALC-02 @req:CAEP-ALC-03 @req:CAEP-DCC-02 @req:CAEP-DCC-03 @req:CAEP-RLC-02 @req:CAEP-RLC-03 @req:RISC-IC-01 @req:RISC-IR-01 @req:RISC-SR-01 @requires:trigger
  @req:CAEP-TCC-01 @req:CAEP-ALC-01 @req:CAEP-DCC-01 @req:CAEP-SE-01 @req:CAEP-SP-01 @req:CAEP-RLC-01 @req:RISC-ACCR-01 @req:RISC-AP-01 @req:RISC-AE-01 @req:RISC-OPT-03 @req:RISC-OPT-04 @req:RISC-OPT-05 @req:RISC-OPT-06 @req:RISC-RA-01 @req:RISC-RIC-01
  @req:CAEP-TCC-03 @req:CAEP-ALC-06 @req:CAEP-DCC-04 @req:CAEP-ALC-04 @req:CAEP-ALC-05 @req:CAEP-ALC-07 @req:CAEP-SE-03 @req:CAEP-SE-04 @req:CAEP-RLC-04 @req:CAEP-RLC-05 @req:CAEP-COM-02 @req:CAEP-COM-03 @req:CAEP-COM-04
  @req:SUBID-01 @req:SUBID-02 @req:SUBID-03 @req:SUBID-05 @req:SUBID-06 @req:SUBID-07 @req:SUBID-08 @req:SUBID-09 @req:SUBID-10 @req:SUBID-11 @req:SUBID-14 @req:SUBID-15 @req:SUBID-16 @req:SUBID-17 @req:SUBID-19
  Scenario Outline: A <action> event is delivered and well-formed
    Given the profile declares the <action> event
    And a stream for <action> events is created for the suite
    When the transmitter is made to emit <action> about "alice@example.com"
    Then the <action> SET about "alice@example.com" is received
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema
    And the event_timestamp is in seconds
    And the event_timestamp is not in the future
    And the event carries the members CAEP recommends
    And an identifier event names its subject by email or phone

    Examples: CAEP
      | action                   |
      | token-claims-change      |
      | assurance-level-change   |
      | device-compliance-change |
      | session-established      |
      | session-presented        |
      | risk-level-change        |

    Examples: RISC
      | action                             |
      | account-credential-change-required |
      | account-purged                     |
      | account-enabled                    |
      | identifier-changed                 |
      | identifier-recycled                |
      | opt-in                             |
      | opt-out-initiated                  |
      | opt-out-cancelled                  |
      | opt-out-effective                  |
      | recovery-activated                 |
      | recovery-information-changed       |
      | sessions-revoked                   |
