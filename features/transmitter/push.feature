@role:transmitter @area:push
Feature: Push delivery (RFC 8935 as profiled by SSF 1.0 section 6.1.1)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-PUSH-01 @req:PUSH-01 @req:PUSH-02 @req:PUSH-03 @req:PUSH-04 @requires:push @requires:verification
  Scenario: SETs are POSTed as application/secevent+jwt, one compact JWS per request
    Given a push stream is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then a verification SET is pushed to the suite within the deadline
    And the push request was a POST
    And the push request had Content-Type application/secevent+jwt
    And the push request accepted application/json
    And the push body was one compact JWS

  @id:TX-PUSH-02 @req:SSF-DELIV-05 @requires:push @requires:verification
  Scenario: The configured authorization_header is sent exactly as configured
    Given a push stream with an authorization_header is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then a verification SET is pushed to the suite within the deadline
    And the push request carried exactly the configured authorization_header

  @id:TX-PUSH-03 @req:SSF-DELIV-05 @requires:push @requires:verification
  Scenario: No Authorization header is sent when none is configured
    Given a push stream is created for the suite's receiver
    When the suite requests verification with a fresh state
    Then a verification SET is pushed to the suite within the deadline
    And the push request carried no Authorization header

  # RFC 8935 section 2 leaves retransmission to the transmitter: a transmitter that never
  # retries passes; one that does must resend the same SET (same jti).
  @id:TX-PUSH-04 @req:SET-08 @requires:push @requires:verification
  Scenario: A SET retransmitted after a 503 keeps its jti
    Given a push stream is created for the suite's receiver
    And the suite's receiver will answer the next push with 503
    When the suite requests verification with a fresh state
    Then a retransmission of the SET refused with 503, if any, keeps its jti
