@role:transmitter @area:risc-credential-compromise
Feature: RISC credential compromise (sandbox flow risc-credential-compromise; RISC 1.0 section 2.7)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-FLOW-CCO-01 @req:RISC-CC-01 @req:RISC-CC-02 @req:RISC-CC-03 @requires:trigger @requires:event:credential-compromise
  Scenario Outline: A credential-compromise event names the credential type (<delivery>)
    Given a <delivery> stream for credential-compromise events is created for the suite
    When the transmitter is made to emit credential-compromise about "alice@example.com"
    Then the credential-compromise SET about "alice@example.com" is received by <delivery>
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema
    And the event_timestamp is in seconds

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |
