@role:receiver @area:stream-updated
Feature: Transmitter-initiated status changes reach the receiver under test (SSF 1.0 section 8.1.5)
  The suite's transmitter pauses, disables and re-enables the receiver's stream itself and sends
  stream-updated events, which the receiver must accept even though it never requested them.

  Background:
    Given the receiver under test has a stream at the suite's transmitter

  @id:RX-UPD-01 @req:SSF-UPD-06 @req:PUSH-07 @req:POLL-12 @requires:event:session-revoked
  Scenario: stream-updated paused, an event held meanwhile, and stream-updated enabled are all acknowledged
    When the suite's transmitter pauses the stream itself
    And the suite's transmitter emits session-revoked about the test subject
    And the suite's transmitter enables the stream itself
    Then the receiver acknowledged the stream-updated SET with status paused for requirement SSF-UPD-06
    And the receiver acknowledged the stream-updated SET with status enabled for requirement SSF-UPD-06
    And the receiver acknowledged the emitted session-revoked SET for requirement PUSH-07

  @id:RX-UPD-02 @req:SSF-UPD-06
  Scenario: stream-updated disabled is acknowledged
    When the suite's transmitter disables the stream itself
    Then the receiver acknowledged the stream-updated SET with status disabled for requirement SSF-UPD-06
