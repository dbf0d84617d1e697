@role:transmitter @area:discovery @requires:api:ssf
Feature: Transmitter configuration metadata and discovery (SSF 1.0 section 7)
  The suite, playing a receiver, discovers the transmitter under test from its issuer and
  checks the configuration metadata it publishes.

  @id:TX-DISC-01 @req:SSF-DISC-01 @req:SSF-DISC-02 @req:SSF-DISC-04 @req:SSF-DISC-14
  Scenario: The configuration metadata is served at the well-known URL derived from the issuer
    When the suite fetches the transmitter configuration without credentials
    Then the metadata is served as a JSON object
    And the metadata media type is application/json

  @id:TX-DISC-02 @req:SSF-DISC-05 @req:SSF-DISC-06
  Scenario: The issuer in the metadata is https and equals the issuer used for discovery
    Given the transmitter metadata has been discovered
    Then the metadata issuer is an https URL without query or fragment
    And the metadata issuer equals the configured issuer

  @id:TX-DISC-03 @req:SSF-DISC-08 @req:SSF-DISC-10 @req:SSF-DISC-11 @req:SSF-DISC-13 @req:SSF-DISC-15 @req:SSF-DISC-16
  Scenario: The metadata members have the types SSF 1.0 requires
    Given the transmitter metadata has been discovered
    Then the metadata states spec_version 1_0 for requirement SSF-DISC-08
    And the metadata lists the supported delivery methods for requirement SSF-DISC-10
    And every endpoint in the metadata is an https URL
    And the metadata authorization schemes are well-formed
    And the metadata default_subjects is ALL or NONE
    And the metadata has no empty arrays

  @id:TX-DISC-04 @req:SSF-DISC-09
  Scenario: The JWKS named by jwks_uri is published
    Given the transmitter metadata has been discovered
    Then the metadata names a jwks_uri for requirement SSF-DISC-09
    And the JWKS at jwks_uri holds at least one key

  @id:TX-DISC-05 @req:SSF-DISC-07 @req:SET-05 @req:SET-19 @requires:push
  Scenario: SETs are signed with a published key and carry the metadata issuer
    Given the transmitter metadata has been discovered
    And a push stream is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then a verification SET is pushed to the suite within the deadline
    And the received SET is signed by a key from the JWKS
    And the received SET's iss equals the metadata issuer

  # SSF 7.2.3: "An error response uses the applicable HTTP status code value."
  @id:TX-DISC-06 @req:SSF-DISC-18
  Scenario: The well-known URL of an issuer the transmitter does not have answers an error
    When the suite fetches the configuration of an issuer path the transmitter does not have
    Then that configuration request was answered with a client error
