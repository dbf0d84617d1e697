@role:receiver @area:verification
Feature: Verification with the receiver under test (SSF 1.0 section 8.1.4)
  The receiver asks the suite's transmitter for verification and must accept the verification
  SET that echoes its state, accept unsolicited ones, and refuse ones it cannot have asked for.

  Background:
    Given the receiver under test has a stream at the suite's transmitter

  @id:RX-VERIFY-01 @req:SSF-VERIFY-11 @req:SSF-VERIFY-01 @req:PUSH-07 @req:POLL-12 @requires:verification
  Scenario: The verification SET the receiver asked for, echoing its state, is acknowledged
    When the receiver under test is driven to request verification
    Then the receiver acknowledged the verification SET for requirement SSF-VERIFY-11

  @id:RX-VERIFY-02 @req:SSF-UPD-06 @req:PUSH-07 @req:POLL-12
  Scenario: An unsolicited verification SET without a state is acknowledged
    When the suite delivers a verification SET without a state
    Then the receiver acknowledged the SET for requirement SSF-UPD-06

  @id:RX-VERIFY-03 @req:SSF-VERIFY-11 @req:SSF-VERIFY-12
  Scenario: A verification SET with a state the receiver never asked for is refused with invalid_state
    When the suite delivers a hostile SET of class "wrong-state"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-VERIFY-04 @req:SSF-VERIFY-12 @req:SSF-VERIFY-11 @requires:verification
  Scenario: A verification SET with the requested state but another stream's sub_id is refused
    Given the receiver under test has requested verification
    When the suite delivers a hostile SET of class "wrong-sub-id"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-VERIFY-05 @req:SSF-VERIFY-10 @requires:verification @requires:event:session-revoked
  Scenario: A verification SET queued behind other events is still acknowledged
    Given the suite's transmitter has sent 3 events to the receiver
    When the receiver under test is driven to request verification
    Then the receiver acknowledged the queued events and the verification SET for requirement SSF-VERIFY-10
