@role:transmitter @area:tls
Feature: TLS: the versions the transmitter accepts, and the certificates it checks before it pushes
  CAEP interop profile 2.1 (TLS 1.2 or later, RFC 9325), RFC 8936 section 4.3 (the poll endpoint)
  and RFC 8935 section 5.3 (the push client checks the receiver's certificate). The version probes
  talk to the transmitter's own origin, never to the suite's recording proxy, and only where the
  transmitter is reached over https.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-TLS-01 @req:INTEROP-TLS-03 @req:INTEROP-TLS-01 @req:POLL-18
  Scenario Outline: The <endpoint> refuses TLS older than 1.2
    Given the suite knows the origin of the transmitter's <endpoint>
    When the suite offers the <endpoint> TLS 1.0 and 1.1 only, then 1.2 or later, then 1.3 only
    Then the <endpoint> refused TLS older than 1.2 for requirement <requirement>
    And the <endpoint> speaks TLS 1.3

    @requires:caep_interop
    Examples: management API (interop profile)
      | endpoint       | requirement    |
      | management API | INTEROP-TLS-01 |

    @requires:poll
    Examples: poll endpoint
      | endpoint      | requirement |
      | poll endpoint | POLL-18     |

  @id:TX-TLS-02 @req:PUSH-18 @requires:push @requires:verification
  Scenario: The transmitter does not push to an endpoint whose certificate it cannot validate
    Given a push stream to an endpoint whose certificate nobody trusts is requested
    When the suite requests verification on that stream
    Then nothing reaches the untrusted push endpoint during the quiet window
