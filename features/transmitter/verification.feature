@role:transmitter @area:verification @requires:api:ssf
Feature: Stream verification (SSF 1.0 section 8.1.4)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-VERIFY-01 @req:SSF-VERIFY-01 @req:SSF-VERIFY-02 @req:SSF-VERIFY-03 @req:SSF-VERIFY-04 @req:SSF-VERIFY-05 @req:SET-17 @requires:verification @requires:push
  Scenario: Verification on a push stream delivers a verification SET that echoes the state
    Given a push stream is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then the verification request was accepted with 204
    And a verification SET is pushed to the suite within the deadline
    And the verification SET echoes the state
    And the received SET's sub_id is the stream
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema
    And no verification SET the transmitter sent on its own carries a state

  @id:TX-VERIFY-02 @req:SSF-VERIFY-01 @req:SSF-VERIFY-02 @req:SSF-VERIFY-03 @req:POLL-02 @requires:verification @requires:poll
  Scenario: Verification on a poll stream makes the verification SET available to poll
    Given a poll stream is created for the suite
    When the suite requests verification with a fresh state
    Then the verification request was accepted with 204
    And a verification SET can be polled within the deadline
    And the verification SET echoes the state
    And the received SET is a well-formed SSF SET

  @id:TX-VERIFY-03 @req:POLL-09 @req:SSF-VERIFY-03 @requires:verification @requires:poll
  Scenario: A polled verification SET, once acknowledged, is not returned again
    Given a poll stream is created for the suite
    When the suite requests verification with a fresh state
    And a verification SET can be polled within the deadline
    And the suite acknowledges the polled SETs with returnImmediately
    Then the acknowledged SETs are not returned again

  @id:TX-VERIFY-04 @req:POLL-05 @req:POLL-09 @requires:verification @requires:poll
  Scenario: An acknowledge-only poll (maxEvents 0) acknowledges without fetching
    Given a poll stream is created for the suite
    When the suite requests verification with a fresh state
    And a verification SET can be polled within the deadline
    And the suite sends an acknowledge-only poll for the polled SETs
    Then the acknowledged SETs are not returned again

  @id:TX-VERIFY-05 @req:SSF-VERIFY-07 @requires:verification
  Scenario: Verification for an unknown stream is answered with 404
    When the suite calls verify for an unknown stream
    Then the unknown stream was answered 404 for requirement SSF-VERIFY-07

  @id:TX-VERIFY-06 @req:SSF-VERIFY-08 @requires:verification
  Scenario: Verification requests that keep min_verification_interval are not answered 429
    Given a stream is created for the suite's receiver
    And the stream declares a min_verification_interval
    When the suite requests verification twice, min_verification_interval apart
    Then neither verification request was answered 429

  @id:TX-VERIFY-07 @req:SSF-VERIFY-01 @req:SSF-VERIFY-02 @requires:verification @requires:push
  Scenario: Verification without a state still delivers a verification SET
    Given a push stream is created for the suite's receiver
    When the suite requests verification without a state
    Then the verification request was accepted with 204
    And a verification SET is pushed to the suite within the deadline
