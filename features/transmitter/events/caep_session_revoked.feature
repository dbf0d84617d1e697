@role:transmitter @area:caep-session-revoked
Feature: CAEP session revoked (sandbox flow caep-session-revoked; CAEP 1.0 section 3.1)
  The transmitter is made to revoke a session (through the profile's trigger) and the suite,
  as receiver, checks the SET it receives.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-FLOW-SR-01 @req:CAEP-SR-01 @req:CAEP-SR-02 @req:CAEP-COM-01 @req:SSF-STREAM-11 @req:CAEP-SR-03 @req:CAEP-COM-02 @req:CAEP-COM-03 @req:CAEP-COM-04 @req:SUBID-02 @requires:trigger @requires:event:session-revoked
  Scenario Outline: A session-revoked event is delivered by <delivery>
    Given a <delivery> stream for session-revoked events is created for the suite
    When the transmitter is made to emit session-revoked about "alice@example.com"
    Then the session-revoked SET about "alice@example.com" is received by <delivery>
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema
    And the event_timestamp is in seconds
    And the event_timestamp is not in the future

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |
