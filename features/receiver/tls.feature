@role:receiver @area:tls
Feature: TLS: the versions the receiver's push endpoint accepts, and the certificates it checks before it calls its transmitter
  RFC 8935 section 5.3: the push endpoint "MUST support at least TLS version 1.2" and follows
  RFC 7525 as RFC 8996 updates it (no TLS 1.0 or 1.1). CAEP interop profile 2.1: "The SSF receiver MUST perform a TLS server certificate signature
  checks, chain of trust validations, expiry and revocation status checks before calling the SSF
  transmitter APIs". The suite's transmitter answers the receiver's poll stream creation with a
  poll endpoint presenting a certificate from a CA made for the purpose and trusted by nobody.

  @id:RX-TLS-01 @req:INTEROP-TLS-02 @requires:caep_interop @requires:poll
  Scenario: The receiver does not poll an endpoint whose certificate it cannot validate
    Given the receiver under test has no stream at the suite's transmitter
    And the suite's transmitter will hand out a poll endpoint whose certificate nobody trusts
    When the receiver under test is driven to create a poll stream
    Then nothing reaches the untrusted poll endpoint during the quiet window

  @id:RX-TLS-02 @req:PUSH-18 @requires:push
  Scenario: The receiver's push endpoint refuses TLS older than 1.2
    Given the suite knows the origin of the receiver's push endpoint
    When the suite offers the receiver's push endpoint TLS 1.0 and 1.1 only, then 1.2 or later
    Then the receiver's push endpoint refused TLS older than 1.2
