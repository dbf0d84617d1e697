@role:transmitter @area:caep-credential-change
Feature: CAEP credential change (sandbox flow caep-credential-change; CAEP 1.0 section 3.3)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-FLOW-CC-01 @req:CAEP-CC-01 @req:CAEP-CC-02 @req:CAEP-CC-03 @req:CAEP-COM-01 @req:CAEP-CC-05 @req:SUBID-02 @requires:trigger @requires:event:credential-change
  Scenario Outline: A credential-change event carries credential_type and change_type (<delivery>)
    Given a <delivery> stream for credential-change events is created for the suite
    When the transmitter is made to emit credential-change about "alice@example.com"
    Then the credential-change SET about "alice@example.com" is received by <delivery>
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
