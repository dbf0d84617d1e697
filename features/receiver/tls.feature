@role:receiver @area:tls
Feature: TLS: the certificates the receiver under test checks before it calls its transmitter
  CAEP interop profile 2.1: "The SSF receiver MUST perform a TLS server certificate signature
  checks, chain of trust validations, expiry and revocation status checks before calling the SSF
  transmitter APIs". The suite's transmitter answers the receiver's poll stream creation with a
  poll endpoint presenting a certificate from a CA made for the purpose and trusted by nobody.

  @id:RX-TLS-01 @req:INTEROP-TLS-02 @requires:caep_interop @requires:poll
  Scenario: The receiver does not poll an endpoint whose certificate it cannot validate
    Given the receiver under test has no stream at the suite's transmitter
    And the suite's transmitter will hand out a poll endpoint whose certificate nobody trusts
    When the receiver under test is driven to create a poll stream
    Then nothing reaches the untrusted poll endpoint during the quiet window
