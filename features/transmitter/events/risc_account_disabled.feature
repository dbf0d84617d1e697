@role:transmitter @area:risc-account-disabled
Feature: RISC account disabled (sandbox flow risc-account-disabled; RISC 1.0 section 2.3)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-FLOW-AD-01 @req:RISC-AD-01 @req:RISC-AD-02 @req:SET-04 @requires:trigger @requires:event:account-disabled
  Scenario Outline: An account-disabled event is delivered with a valid reason (<delivery>)
    Given a <delivery> stream for account-disabled events is created for the suite
    When the transmitter is made to emit account-disabled about "alice@example.com"
    Then the account-disabled SET about "alice@example.com" is received by <delivery>
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |
