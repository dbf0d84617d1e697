@role:transmitter @area:caep-interop @requires:api:ssf
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

  # Draft 01 of the profile (the OIDF certification's) adds device-compliance-change as a use
  # case and risk-level-change as an optional one; both are validated when delivered.
  @id:TX-IOP-03 @req:INTEROP-UC-SR-01 @req:INTEROP-UC-SR-02 @req:INTEROP-UC-CC-01 @req:INTEROP-UC-CC-03 @req:INTEROP-SUBJ-01 @req:INTEROP-SUBJ-02 @req:INTEROP-UC-DCC-01 @req:INTEROP-UC-DCC-02 @req:CAEP-DCC-04 @req:INTEROP-UC-RLC-01 @req:CAEP-RLC-05 @requires:caep_interop @requires:trigger @requires:push
  Scenario Outline: The interop event <action> carries a non-empty reason_admin and an email or iss_sub subject
    Given the profile declares the <action> event
    And a push stream for the <action> use case is created for the suite
    When the transmitter is made to emit <action> about "alice@example.com"
    Then the <action> SET about "alice@example.com" is received by push
    And the transmitter supports the <action> use case
    And the received SET is a well-formed SSF SET
    And the event payload matches its schema
    And the interop event carries a non-empty reason_admin
    And the interop event names its subject by email or iss_sub
    And the event_timestamp is in seconds
    And the event_timestamp is not in the future
    And the event carries the members CAEP recommends

    Examples: use cases
      | action            |
      | session-revoked   |
      | credential-change |

    Examples: device compliance (draft 01)
      | action                   |
      | device-compliance-change |

    @requires:event:risk-level-change
    Examples: risk level, optional (draft 01)
      | action            |
      | risk-level-change |

  # The OIDF CAEP interop module's stream part: JWKS first, then create, read, status (validated)
  # and verify, over each delivery method.
  @id:TX-IOP-04 @req:INTEROP-TX-03 @req:INTEROP-TX-09 @req:INTEROP-TX-10 @req:INTEROP-TX-11 @requires:caep_interop @requires:verification @requires:status
  Scenario Outline: A receiver can create a <delivery> stream, read it and its status, and verify it
    Then the JWKS at jwks_uri holds at least one key
    When the suite creates a <delivery> stream for the interop flow
    Then the interop call create succeeded for requirement INTEROP-TX-09
    And the stream delivers by push or poll, as the interop profile requires
    When the suite reads the stream by its id
    Then the interop call read succeeded for requirement INTEROP-TX-11
    When the suite reads the stream status
    Then the interop call read status succeeded for requirement INTEROP-TX-11
    And the status response names the stream and a valid status
    When the suite requests verification with a fresh state
    Then the interop call verify succeeded for requirement INTEROP-TX-11
    And a verification SET <arrives>

    @requires:push
    Examples: push
      | delivery | arrives                                   |
      | push     | is pushed to the suite within the deadline |

    @requires:poll
    Examples: poll
      | delivery | arrives                          |
      | poll     | can be polled within the deadline |

  # A run-level verdict, as the OIDF suite's: it reads every CAEP event this run received, so it
  # comes after the event scenarios (features run in file order, events/ before interop).
  @id:TX-IOP-05 @req:INTEROP-SUBJ-01 @requires:caep_interop @requires:trigger
  Scenario: Across the run, the interop events named their subjects by email or iss_sub
    Given the run has received CAEP events
    Then the CAEP events of the run used email or iss_sub at least once
