@role:transmitter @area:dialect-kolide @requires:api:kolide
Feature: Kolide SSF streams API, judged by its product document (seeds/kolide-ssf-streams-api.txt)
  For targets with `dialect: kolide`. The SSF 1.0 management-API scenarios do not apply to them
  (they need api:ssf); these check what Kolide documents its API does, and the dialect-neutral
  SET and delivery scenarios run as for any transmitter.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-KOLIDE-01 @req:KOLIDE-02 @req:KOLIDE-03 @req:KOLIDE-04 @req:KOLIDE-05 @requires:poll
  Scenario: A poll stream created with the legacy body hands out its poll token once
    When the suite creates a poll stream with the dialect's "legacy" create body
    Then the stream was created as the document describes for requirement KOLIDE-02
    And the poll credential was in the create answer and in no later read, list or update

  @id:TX-KOLIDE-02 @req:KOLIDE-06 @requires:poll
  Scenario: A poll without the stream's poll token is refused
    Given a poll stream is created for the suite
    When the suite polls the stream with and without its poll credential
    Then the poll without the credential was refused for requirement KOLIDE-06

  @id:TX-KOLIDE-03 @req:KOLIDE-07 @requires:push
  Scenario: A push stream to a private http address is rejected with a validation error
    Given a push stream is created for the suite's receiver
    When the suite creates a push stream to "http://10.0.0.1/ssf/events"
    Then that create was rejected with a validation error

  @id:TX-KOLIDE-04 @req:KOLIDE-01
  Scenario: A request without the API version header is refused
    When the suite lists the streams with and without the dialect's required headers
    Then the list without them was refused for requirement KOLIDE-01

  @id:TX-KOLIDE-05 @req:KOLIDE-08
  Scenario: The stream list wraps the streams in data and pagination
    Given a stream is created for the suite's receiver
    Then the list holds the stream in data with pagination

  @id:TX-KOLIDE-06 @req:KOLIDE-09 @requires:poll
  Scenario: A poll stream made again after a delete gets a new stream_id and poll token
    Given a poll stream is created for the suite
    When the suite deletes the stream and creates it again
    Then the new stream has a new stream_id and a new poll credential

  @id:TX-KOLIDE-07 @req:KOLIDE-10 @requires:push
  Scenario: A test event is answered with success, response_code and ssf_stream_event_id
    Given a push stream is created for the suite's receiver
    When the suite asks for a test event on the stream
    Then the test answer is the documented one

  @id:TX-KOLIDE-08 @req:KOLIDE-11 @requires:trigger @requires:event:device-compliance-change
  Scenario Outline: A device-compliance-change SET of a v1.0 stream carries a top-level sub_id (<delivery>)
    Given a <delivery> stream for device-compliance-change events is created for the suite
    When the transmitter is made to emit device-compliance-change about "alice@example.com"
    Then the device-compliance-change SET about "alice@example.com" is received by <delivery>
    And the received SET carries a top-level sub_id

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |

  @id:TX-KOLIDE-09 @req:KOLIDE-12 @requires:poll @requires:trigger @requires:event:device-compliance-change
  Scenario: An acknowledged SET is not polled again
    Given a poll stream for device-compliance-change events is created for the suite
    When the transmitter is made to emit device-compliance-change about "alice@example.com"
    Then the device-compliance-change SET about "alice@example.com" is received by poll
    When the suite acknowledges that SET and polls again
    Then the acknowledged SET is not returned

  # A stream made "before poll bearer tokens were introduced" cannot be made from outside a
  # deployment: the embedded emulator makes one on request, other targets skip.
  @id:TX-KOLIDE-10 @req:KOLIDE-13 @requires:poll
  Scenario: A stream made before poll tokens is polled without one
    Given a poll stream the transmitter made before it handed out poll credentials
    When the suite polls that stream without a poll credential
    Then the poll without a credential was answered for requirement KOLIDE-13

  @id:TX-KOLIDE-11 @req:KOLIDE-14 @requires:poll @requires:trigger @requires:event:device-compliance-change
  Scenario: Only the documented event types are taken and delivered
    Given a poll stream for device-compliance-change events is created for the suite
    When the suite creates a stream requesting session-revoked as well
    Then session-revoked was refused or left out of the stream's events
    When the transmitter is made to emit session-revoked about "alice@example.com"
    And the transmitter is made to emit device-compliance-change about "alice@example.com"
    Then the device-compliance-change SET about "alice@example.com" is received by poll
    And every SET the stream delivered is of an event type in its events_delivered
