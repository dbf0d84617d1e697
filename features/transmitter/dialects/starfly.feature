@role:transmitter @area:dialect-starfly @requires:api:starfly
Feature: starfly stream API, judged by its product document (seeds/starfly-signals-stream-api.txt)
  For targets with `dialect: starfly`. The document describes one call, POST /v1/signals/stream
  with a flat body, its answer and its error object; the SSF 1.0 management-API scenarios do not
  apply (they need api:ssf), the dialect-neutral SET and delivery scenarios run as for any
  transmitter. mTLS ("Protected by mTLS when TLS is enabled") is judged by a request without
  the client certificate the suite presents (the recording proxy presents it upstream).

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-STARFLY-01 @req:STARFLY-03 @req:STARFLY-04 @req:STARFLY-05
  Scenario: A create with the documented body is answered with the documented stream
    When the suite creates a stream with the dialect's documented body
    Then the stream was created as the document describes for requirement STARFLY-03
    And each member the document enumerates takes one of its documented values

  @id:TX-STARFLY-02 @req:STARFLY-06
  Scenario: A create without the required iss is an invalid request
    When the suite creates a stream without the member "iss"
    Then that create was refused with the documented error "invalid_request" for requirement STARFLY-06

  @id:TX-STARFLY-03 @req:STARFLY-01 @req:STARFLY-02 @requires:push
  Scenario: A plain-http push endpoint is refused unless it is localhost
    When the suite creates push streams to "http://localhost/ssf-suite/events" and to "http://consumer.example.com/events"
    Then the first was created for requirement STARFLY-02
    And that create was refused with the documented error "invalid_request" for requirement STARFLY-01

  @id:TX-STARFLY-04 @req:STARFLY-07
  Scenario: Every failure is answered with a documented error code
    When the suite sends requests the API must refuse: an unknown stream, a wrong method and a body that is not JSON
    Then each was answered with the documented error object for requirement STARFLY-07

  @id:TX-STARFLY-05 @req:STARFLY-08
  Scenario: A transmitter without its signing setup answers with the documented error
    When the suite creates a stream while the transmitter has no signing setup
    Then that create was answered with the documented error object for requirement STARFLY-08

  @id:TX-STARFLY-07 @req:STARFLY-09
  Scenario: Over TLS, a request without a client certificate is refused
    When the suite calls the transmitter with and without its TLS client certificate
    Then the call without the client certificate was refused

  @id:TX-STARFLY-06 @req:SSF-STREAM-11 @req:CAEP-SR-01 @requires:trigger @requires:event:session-revoked
  Scenario Outline: A session-revoked SET on a stream is a well-formed SSF SET (<delivery>)
    Given a <delivery> stream for session-revoked events is created for the suite
    When the transmitter is made to emit session-revoked about "alice@example.com"
    Then the session-revoked SET about "alice@example.com" is received by <delivery>
    And the received SET is a well-formed SSF SET

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |
