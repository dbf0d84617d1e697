@role:transmitter @area:events
Feature: Every other CAEP 1.0 and RISC 1.0 event type the profile declares
  One outline over the remaining event types: each is triggered on the transmitter, delivered
  by push (by poll on a poll-only transmitter), and checked for SET format and its payload schema. Event types the profile does not
  declare are skipped with the reason.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-EVENT-01 @req:SSF-STREAM-11 @req:SET-13 @req:SET-21 @req:CAEP-TCC-02 @req:CAEP-ALC-02 @req:CAEP-ALC-03 @req:CAEP-DCC-02 @req:CAEP-DCC-03 @req:CAEP-RLC-02 @req:CAEP-RLC-03 @req:RISC-IC-01 @req:RISC-IR-01 @req:RISC-SR-01 @requires:trigger
  Scenario Outline: A <action> event is delivered and well-formed
    Given the profile declares the <action> event
    And a stream for <action> events is created for the suite
    When the transmitter is made to emit <action> about "alice@example.com"
    Then the <action> SET about "alice@example.com" is received
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema
    And the event_timestamp is in seconds
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
