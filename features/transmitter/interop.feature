@role:transmitter @area:caep-interop
Feature: CAEP Interoperability Profile 1.0 variant (transmitter)
  The stricter rules of the CAEP interop profile on top of SSF 1.0: mandatory metadata members,
  OAuth, RS256, exactly one event per SET, and reason_admin on the interop events.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-IOP-01 @req:INTEROP-TX-01 @req:INTEROP-TX-02 @req:INTEROP-TX-03 @req:INTEROP-TX-04 @req:INTEROP-TX-05 @req:INTEROP-TX-07 @req:INTEROP-TX-08 @requires:caep_interop
  Scenario: The metadata carries every member the interop profile requires
    Then the metadata states spec_version 1_0 for requirement INTEROP-TX-01
    And the metadata lists the supported delivery methods for requirement INTEROP-TX-02
    And the metadata names a jwks_uri for requirement INTEROP-TX-03
    And the metadata names the configuration, status and verification endpoints
    And the metadata authorization schemes include OAuth 2.0

  @id:TX-IOP-02 @req:INTEROP-SIG-01 @req:INTEROP-SET-01 @requires:caep_interop @requires:verification @requires:push
  Scenario: SETs are RS256-signed and carry exactly one event
    Given a push stream is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then a verification SET is pushed to the suite within the deadline
    And the received SET is signed with RS256
    And the received SET carries exactly one event

  @id:TX-IOP-03 @req:INTEROP-UC-SR-01 @req:INTEROP-UC-SR-02 @req:INTEROP-UC-CC-01 @req:INTEROP-UC-CC-03 @requires:caep_interop @requires:trigger @requires:push
  Scenario Outline: The interop events <action> carry a non-empty reason_admin
    Given the profile declares the <action> event
    And a push stream for <action> events is created for the suite
    When the transmitter is made to emit <action> about "alice@example.com"
    Then the <action> SET about "alice@example.com" is received by push
    And the event payload matches its schema
    And the interop event carries a non-empty reason_admin

    Examples:
      | action            |
      | session-revoked   |
      | credential-change |
