@role:transmitter @area:set-format
Feature: SET format on everything the transmitter sends (SSF 1.0 sections 3-4, RFC 8417)
  Every SET a scenario receives is checked the same way; these scenarios look at the
  verification SET, which every transmitter can be asked for.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-SET-01 @req:SET-01 @req:SET-02 @req:SET-03 @req:SET-04 @req:SET-05 @req:SET-07 @req:SET-08 @req:SET-09 @req:SET-13 @req:SET-14 @req:SET-15 @req:SET-19 @req:SUBID-02 @req:SUBID-13 @req:RISC-COMPAT-01 @requires:verification @requires:push
  Scenario: A verification SET has the header and claims of an SSF SET
    Given a push stream is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then a verification SET is pushed to the suite within the deadline
    And the received SET is a well-formed SSF SET

  @id:TX-SET-02 @req:SET-08 @req:SET-12 @requires:verification @requires:push
  Scenario: Distinct SETs carry distinct jti values, and distinct txn values where they carry one
    Given a push stream is created for the suite's receiver
    When the suite requests verification with the state "first"
    And the suite requests verification with the state "second"
    Then the verification with state "first" arrives
    And the verification with state "second" arrives
    And the received SETs have distinct jti values
    And the received SETs of independent requests carry distinct txn values
