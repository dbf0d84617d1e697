@role:transmitter @area:streams @requires:api:ssf
Feature: Stream configuration: create, read, list, update, replace, delete (SSF 1.0 section 8.1.1)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-STREAM-01 @req:SSF-STREAM-19 @req:SSF-STREAM-01 @req:SSF-STREAM-03 @req:SSF-STREAM-04 @req:SSF-STREAM-05 @req:SSF-STREAM-10 @req:SSF-STREAM-12 @req:SSF-DELIV-01 @req:SSF-DELIV-02 @requires:push
  Scenario: Creating a push stream returns 201 and the full configuration
    When the suite creates a push stream for the suite's receiver
    Then the stream was created with 201
    And the stream configuration has every required member
    And the stream_id uses unreserved characters
    And the stream iss equals the metadata issuer
    And the stream aud is a string or an array of strings
    And events_delivered is within events_requested and events_supported
    And the delivery method is a known delivery method
    And the push endpoint_url is echoed unchanged

  @id:TX-STREAM-02 @req:SSF-STREAM-21 @requires:poll
  Scenario: A stream created without delivery is a poll stream with an endpoint
    When the suite creates a stream without a delivery member
    Then the stream was created with 201
    And the stream delivery defaults to poll with an endpoint_url

  @id:TX-STREAM-17 @req:SSF-DELIV-06 @requires:poll @requires:multiple_streams
  Scenario: Two poll streams of one receiver have their own endpoints
    When the suite creates a stream without a delivery member
    Then the stream was created with 201
    When the suite creates another stream without a delivery member
    Then the two poll streams have distinct https endpoint URLs

  # The OIDF happy-path module requests a made-up event type too (Index B).
  @id:TX-STREAM-03 @req:SSF-STREAM-09 @req:SSF-STREAM-10
  Scenario: Unknown requested event types are ignored, not rejected
    When the suite creates a stream requesting an unknown event type as well
    Then the stream was created with 201
    And the unknown event type is not in events_delivered
    And events_delivered is within events_requested and events_supported

  @id:TX-STREAM-04 @req:SSF-STREAM-22
  Scenario: An unsupported delivery method is rejected with 400
    When the suite creates a stream with delivery method "urn:example:bogus"
    Then the response status is 400 for requirement SSF-STREAM-22

  @id:TX-STREAM-05 @req:SSF-STREAM-26
  Scenario: A create request that is not JSON is rejected with 400
    When the suite sends a create request whose body is not JSON
    Then the response status is 400 for requirement SSF-STREAM-26

  @id:TX-STREAM-06 @req:SSF-STREAM-27 @req:SSF-STREAM-28
  Scenario: A stream can be read by id and appears in the list
    Given a stream is created for the suite's receiver
    When the suite reads the stream by its id
    Then the stream is returned
    When the suite lists its streams
    Then the list contains the stream

  @id:TX-STREAM-07 @req:SSF-STREAM-02 @req:SSF-STREAM-23
  Scenario: A second create gives a new stream or 409 Conflict, never a replacement of the first
    Given a stream is created for the suite's receiver
    When the suite creates another stream for the suite's receiver
    Then the second stream has a new stream_id or was refused with 409
    When the suite reads the stream by its id
    Then the first stream survived the second create

  @id:TX-STREAM-08 @req:SSF-STREAM-30 @req:SSF-STREAM-32 @req:SSF-STREAM-10 @requires:stream_update
  Scenario: PATCH updates only the members it carries
    Given a stream is created for the suite's receiver
    When the suite patches the stream description to "patched by the conformance suite"
    Then the patch was applied and nothing else changed
    And events_delivered is within events_requested and events_supported

  @id:TX-STREAM-09 @req:SSF-STREAM-05 @req:SSF-STREAM-33 @requires:stream_update
  Scenario Outline: PATCH may not change a transmitter-supplied member
    Given a stream is created for the suite's receiver
    When the suite patches the stream's <member> to a different value
    Then the update was rejected and <member> is unchanged

    Examples:
      | member |
      | aud    |
      | iss    |

  @id:TX-STREAM-10 @req:SSF-STREAM-34 @requires:stream_update
  Scenario: PATCH with a fabricated events_delivered is rejected
    Given a stream is created for the suite's receiver
    When the suite patches the stream with a fabricated events_delivered
    Then the fabricated events_delivered was rejected

  @id:TX-STREAM-11 @req:SSF-STREAM-37 @requires:stream_update
  Scenario: PATCH without stream_id is rejected with 400
    Given a stream is created for the suite's receiver
    When the suite patches a stream without giving its stream_id
    Then the response status is 400 for requirement SSF-STREAM-37

  @id:TX-STREAM-12 @req:SSF-STREAM-38 @req:SSF-STREAM-40 @req:SSF-STREAM-10 @requires:stream_replace
  Scenario: PUT replaces the configuration and drops omitted receiver-supplied members
    Given a stream with a description is created for the suite's receiver
    When the suite replaces the stream without its description
    Then the stream was replaced and the description removed
    And events_delivered is within events_requested and events_supported

  @id:TX-STREAM-18 @req:SSF-STREAM-10 @requires:stream_replace
  Scenario: A PUT that narrows events_requested narrows events_delivered
    Given a stream for two event types is created for the suite's receiver
    When the suite replaces the stream requesting only the first of them
    Then events_delivered shrank to within the narrowed events_requested

  # The stream list is read before and after the delete, as the OIDF happy path does.
  @id:TX-STREAM-13 @req:SSF-STREAM-42 @req:SSF-STREAM-44 @req:SSF-STREAM-28
  Scenario: DELETE removes the stream, from reads by id and from the stream list
    Given a stream is created for the suite's receiver
    When the suite lists its streams
    Then the list contains the stream
    When the suite deletes the stream
    Then the stream was deleted with an empty 204
    When the suite reads the stream by its id
    Then the deleted stream is gone
    When the suite lists its streams
    Then the deleted stream is no longer listed

  @id:TX-STREAM-14 @req:SSF-STREAM-29 @req:SSF-STREAM-37 @req:SSF-STREAM-41 @req:SSF-STREAM-43
  Scenario Outline: An unknown stream_id is answered with 404
    When the suite calls <operation> for an unknown stream
    Then the unknown stream was answered 404 for requirement <requirement>

    Examples: every transmitter
      | operation | requirement   |
      | read      | SSF-STREAM-29 |
      | delete    | SSF-STREAM-43 |

    @requires:stream_update
    Examples: update
      | operation | requirement   |
      | update    | SSF-STREAM-37 |

    @requires:stream_replace
    Examples: replace
      | operation | requirement   |
      | replace   | SSF-STREAM-41 |

  @id:TX-STREAM-15 @req:SSF-STREAM-14
  Scenario: The description is echoed or truncated
    Given a stream with a description is created for the suite's receiver
    Then the description is echoed

  @id:TX-STREAM-16 @req:SSF-STREAM-37 @req:SSF-STREAM-41 @req:SSF-STATUS-10 @req:SSF-SUBS-04 @req:SSF-VERIFY-07
  Scenario Outline: A <operation> request whose body is not JSON is rejected with 400
    Given a stream is created for the suite's receiver
    When the suite sends a <operation> request whose body is not JSON
    Then the response status is 400 for requirement <requirement>

    @requires:stream_update
    Examples: update
      | operation     | requirement   |
      | update        | SSF-STREAM-37 |

    @requires:stream_replace
    Examples: replace
      | operation     | requirement   |
      | replace       | SSF-STREAM-41 |

    @requires:status_update
    Examples: update status
      | operation     | requirement   |
      | update status | SSF-STATUS-10 |

    @requires:add_subject
    Examples: add subject
      | operation     | requirement   |
      | add subject   | SSF-SUBS-04   |

    @requires:verification
    Examples: verify
      | operation     | requirement   |
      | verify        | SSF-VERIFY-07 |
