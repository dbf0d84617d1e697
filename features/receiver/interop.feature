@role:receiver @area:caep-interop @requires:caep_interop
Feature: CAEP Interoperability Profile 1.0 variant (receiver)
  The stricter receiver rules of the CAEP interop profile: email and iss_sub subjects, the three
  interop events over both push and poll, every credential-change value, implicit subjects.

  Background:
    Given the profile tests the receiver under the CAEP interop variant
    And the receiver under test has a stream at the suite's transmitter

  @id:RX-IOP-01 @req:INTEROP-SUBJ-01
  Scenario Outline: session-revoked about a subject in <format> format is accepted
    When the suite delivers a valid session-revoked SET about a subject in <format> format
    Then the receiver acknowledged the SET for requirement INTEROP-SUBJ-01

    Examples:
      | format  |
      | email   |
      | iss_sub |

  @id:RX-IOP-02 @req:INTEROP-RX-01 @req:INTEROP-UC-SR-01 @req:INTEROP-UC-CC-01
  Scenario Outline: The interop event <action> is acknowledged over <method>
    Given the receiver under test has a <method> stream at the suite's transmitter
    When the suite's transmitter emits <action> about the test subject
    Then the receiver acknowledged the emitted <action> SET for requirement INTEROP-RX-01

    Examples:
      | action                   | method |
      | session-revoked          | push   |
      | credential-change        | push   |
      | device-compliance-change | push   |
      | session-revoked          | poll   |
      | credential-change        | poll   |
      | device-compliance-change | poll   |

  @id:RX-IOP-03 @req:INTEROP-UC-CC-02 @requires:push
  Scenario: credential-change with every change_type and credential_type is accepted
    Given the receiver under test has a push stream at the suite's transmitter
    When the suite pushes credential-change SETs for every change_type and credential_type
    Then the receiver acknowledged every one of them

  @id:RX-IOP-04 @req:INTEROP-RX-02
  Scenario: Events about a subject never added to the stream are accepted without add-subject
    When the suite delivers a valid session-revoked SET about a subject never added to the stream
    Then the receiver acknowledged the SET for requirement INTEROP-RX-02
    And the receiver never called add-subject at the suite's transmitter

  # The OIDF access-token-expiry module: the suite's transmitter issues access tokens living
  # receiver.auth.token_lifetime seconds (the OIDF suite: 20); once the receiver's token has
  # expired, it is driven to call its transmitter again and must acknowledge what follows.
  @id:RX-AUTH-01 @req:INTEROP-OAUTH-12 @req:SSF-VERIFY-01 @req:SSF-VERIFY-11 @requires:oauth @requires:verification
  Scenario: After its access token expires the receiver obtains a new one and keeps acknowledging
    Given the receiver under test authenticates to its transmitter with OAuth client credentials
    And the access token the receiver under test held has expired
    When the receiver under test is driven to request verification
    Then the receiver's calls after its access token expired were authorized again
    And the receiver acknowledged the verification SET for requirement SSF-VERIFY-11

  # CAEP interop 2.7.2: the suite's transmitter publishes RFC 9728 protected resource metadata
  # (/.well-known/oauth-protected-resource/ssf) whose scopes_supported is a scope only that
  # document names; every token request of the receiver must ask for it.
  @id:RX-AUTH-02 @req:INTEROP-OAUTH-03 @requires:oauth
  Scenario: The receiver asks for the scopes the transmitter's protected resource metadata names
    Given the receiver under test authenticates to its transmitter with OAuth client credentials
    Then the receiver's token requests asked for the scopes of the protected resource metadata
