@role:receiver @area:poll @requires:poll
Feature: Poll delivery to the receiver under test (RFC 8936, SSF 1.0 section 6.1.2)
  The receiver polls the suite's transmitter. The suite queues SETs on its stream (valid ones
  and forged ones) and reads the receiver's next poll requests: good SETs are acknowledged,
  bad ones are reported in setErrs and never acknowledged.

  Background:
    Given the receiver under test has a poll stream at the suite's transmitter

  @id:RX-POLL-01 @req:POLL-12 @req:POLL-09 @req:POLL-01
  Scenario: A valid SET is acknowledged in the next poll
    When the suite delivers a valid session-revoked SET
    Then the receiver acknowledged the SET for requirement POLL-12
    And the receiver's poll requests were POSTs of JSON objects

  @id:RX-POLL-02 @req:POLL-13 @req:PUSH-13 @req:PUSH-06 @req:JOSE-01 @req:JOSE-02 @req:JOSE-03 @req:JOSE-04 @req:SET-02 @req:SET-06 @req:SET-07 @req:SET-14 @req:SUBID-01
  Scenario Outline: A hostile SET (<hostile>) is reported in setErrs and never acknowledged
    When the suite delivers a hostile SET of class "<hostile>"
    Then the receiver refused the hostile SET as the catalog requires

    Examples:
      | hostile               |
      | bad-signature         |
      | unknown-kid           |
      | alg-none              |
      | hs256-public-key      |
      | wrong-iss             |
      | wrong-aud             |
      | missing-typ           |
      | wrong-typ             |
      | crit-header           |
      | two-events            |
      | sub-claim             |
      | sub-id-missing-member |
      | expired-iat           |
      | future-iat            |
      | malformed-jws         |

  @id:RX-POLL-03 @req:POLL-11
  Scenario: A SET offered again after it was acknowledged is acknowledged again
    When the suite delivers a valid session-revoked SET
    And the suite delivers the same SET again
    Then every SET the suite delivered was acknowledged for requirement POLL-11

  @id:RX-POLL-04 @req:SET-08 @req:POLL-13
  Scenario: A different SET reusing an acknowledged jti is reported, not acknowledged
    Given the receiver has acknowledged a valid session-revoked SET
    When the suite delivers a hostile SET of class "replayed-jti"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-POLL-05 @req:SSF-VERIFY-11 @req:POLL-12 @req:SSF-VERIFY-01 @requires:verification
  Scenario: The verification SET the receiver asked for is acknowledged in its next poll
    When the receiver under test is driven to request verification
    Then the receiver acknowledged the verification SET for requirement POLL-12

  @id:RX-POLL-06 @req:SSF-VERIFY-11 @req:SSF-VERIFY-12 @req:POLL-13
  Scenario: A verification SET with a state the receiver never asked for is reported invalid_state
    When the suite delivers a hostile SET of class "wrong-state"
    Then the receiver refused the hostile SET as the catalog requires
