@role:receiver @area:poll @requires:poll
Feature: Poll delivery to the receiver under test (RFC 8936, SSF 1.0 section 6.1.2)
  The receiver polls the suite's transmitter. The suite queues SETs on its stream (valid ones
  and forged ones) and reads the receiver's next poll requests: good SETs are acknowledged,
  bad ones are reported in setErrs and never acknowledged.

  Background:
    Given the receiver under test has a poll stream at the suite's transmitter

  @id:RX-POLL-01 @req:POLL-12 @req:POLL-09 @req:POLL-01
  Scenario: A valid SET is acknowledged in the next poll
    When the suite delivers a valid SET of an event type the receiver declares
    Then the receiver acknowledged the SET for requirement POLL-12
    And the receiver's poll requests were POSTs of JSON objects

  # Grading as in hostile_push.feature: required_by demands that the SET is never acknowledged
  # (PUSH-17: the receiver's discretion, informational); reporting it in setErrs is optional
  # (RFC 8936 §2.4.4 "MAY"), but a setErrs entry has err and description (POLL-13) and its err
  # is one of the codes that name the defect (PUSH-13).
  @id:RX-POLL-02 @req:POLL-13 @req:PUSH-13 @req:PUSH-06 @req:PUSH-17 @req:JOSE-01 @req:JOSE-02 @req:JOSE-03 @req:JOSE-04 @req:SET-06
  Scenario Outline: A hostile SET (<hostile>) is never acknowledged in a poll
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And a setErrs report of it names err <err>

    Examples: rules every receiver enforces
      | hostile               | required_by | err                                                 |
      | bad-signature         | JOSE-03     | invalid_key, authentication_failed, invalid_request |
      | unknown-kid           | PUSH-06     | invalid_key, authentication_failed, invalid_request |
      | hs256-public-key      | JOSE-03     | invalid_request, invalid_key, authentication_failed |
      | wrong-iss             | SET-06      | invalid_issuer                                      |
      | wrong-aud             | PUSH-06     | invalid_audience                                    |
      | missing-typ           | JOSE-01     | invalid_request                                     |
      | wrong-typ             | JOSE-01     | invalid_request                                     |
      | crit-header           | JOSE-02     | invalid_request                                     |
      | malformed-jws         | JOSE-03     | invalid_request                                     |

    @requires:caep_interop
    Examples: rules of a CAEP interop deployment
      | hostile               | required_by | err                                                 |
      | alg-none              | JOSE-04     | invalid_request, invalid_key, authentication_failed |

    Examples: refusals at the receiver's discretion
      | hostile               | required_by | err                                                 |
      | two-events            | PUSH-17     | invalid_request                                     |
      | sub-claim             | PUSH-17     | invalid_request                                     |
      | sub-id-missing-member | PUSH-17     | invalid_request                                     |
      | expired-iat           | PUSH-17     | invalid_request                                     |
      | future-iat            | PUSH-17     | invalid_request                                     |

  @id:RX-POLL-03 @req:POLL-11
  Scenario: A SET offered again after it was acknowledged is acknowledged again
    When the suite delivers a valid SET of an event type the receiver declares
    And the suite delivers the same SET again
    Then every SET the suite delivered was acknowledged for requirement POLL-11

  @id:RX-POLL-04 @req:PUSH-17 @req:POLL-13
  Scenario Outline: A different SET reusing an acknowledged jti may be reported, not acknowledged
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And a setErrs report of it names err <err>

    Examples:
      | hostile      | required_by | err             |
      | replayed-jti | PUSH-17     | invalid_request |

  @id:RX-POLL-05 @req:SSF-VERIFY-11 @req:POLL-12 @req:SSF-VERIFY-01 @requires:verification
  Scenario: The verification SET the receiver asked for is acknowledged in its next poll
    When the receiver under test is driven to request verification
    Then the receiver acknowledged the verification SET for requirement POLL-12

  @id:RX-POLL-06 @req:SSF-VERIFY-11 @req:SSF-VERIFY-12 @req:POLL-13
  Scenario Outline: A verification SET with a state the receiver never asked for is reported invalid_state
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And a setErrs report of it names err <err> as <err_for> requires

    Examples:
      | hostile     | required_by   | err           | err_for       |
      | wrong-state | SSF-VERIFY-11 | invalid_state | SSF-VERIFY-12 |

  # The OIDF supported-events module over poll: one example SET per event type, each acked.
  @id:RX-POLL-07 @req:POLL-12 @req:PUSH-19 @req:SSF-STREAM-11
  Scenario Outline: A valid <action> SET is acknowledged in the next poll
    Given the receiver under test declares the <action> event
    When the suite delivers a valid <action> SET
    Then the receiver acknowledged the SET for requirement POLL-12

    Examples:
      | action                             |
      | session-revoked                    |
      | token-claims-change                |
      | credential-change                  |
      | assurance-level-change             |
      | device-compliance-change           |
      | session-established                |
      | session-presented                  |
      | risk-level-change                  |
      | account-credential-change-required |
      | account-purged                     |
      | account-disabled                   |
      | account-enabled                    |
      | identifier-changed                 |
      | identifier-recycled                |
      | credential-compromise              |
      | opt-in                             |
      | opt-out-initiated                  |
      | opt-out-cancelled                  |
      | opt-out-effective                  |
      | recovery-activated                 |
      | recovery-information-changed       |

  # RFC 8936 §2: ack and setErrs report parse and validation errors only; finding no local
  # user for the subject is a processing outcome, never a setErrs entry.
  @id:RX-POLL-08 @req:POLL-15 @requires:event:session-revoked
  Scenario: A valid SET about a subject the receiver does not know is acknowledged, not reported
    When the suite delivers a valid session-revoked SET about a subject never added to the stream
    Then the receiver acknowledged the SET for requirement POLL-15
