@role:transmitter @area:status @requires:api:ssf
Feature: Stream status: read, update, and what each status means for delivery (SSF 1.0 section 8.1.2)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-STATUS-01 @req:SSF-STATUS-01 @req:SSF-STATUS-02 @req:SSF-STATUS-03 @requires:status
  Scenario: The status of a new stream can be read
    Given a stream is created for the suite's receiver
    When the suite reads the stream status
    Then the status response names the stream and a valid status

  @id:TX-STATUS-02 @req:SSF-STATUS-08 @requires:status @requires:status_update
  Scenario Outline: The receiver can set the stream status to <status>
    Given a stream is created for the suite's receiver
    When the suite sets the stream status to <status>
    Then the stream status is now <status>

    Examples:
      | status   |
      | paused   |
      | disabled |
      | enabled  |

  @id:TX-STATUS-03 @req:SSF-STATUS-10 @requires:status_update
  Scenario: An invalid status value is rejected with 400
    Given a stream is created for the suite's receiver
    When the suite sets the stream status to the invalid value "sleeping"
    Then the response status is 400 for requirement SSF-STATUS-10

  @id:TX-STATUS-04 @req:SSF-STATUS-07 @req:SSF-STATUS-10 @requires:status
  Scenario Outline: Status calls for an unknown stream are answered with 404
    When the suite calls <operation> for an unknown stream
    Then the unknown stream was answered 404 for requirement <requirement>

    @requires:status
    Examples: read status
      | operation     | requirement   |
      | read status   | SSF-STATUS-07 |

    @requires:status_update
    Examples: update status
      | operation     | requirement   |
      | update status | SSF-STATUS-10 |

  # OIDF (Index B) watches a quiet window over push and poll before concluding that nothing was
  # delivered: timeouts.quiet_window (20 s by default).
  @id:TX-STATUS-05 @req:SSF-STATUS-12 @req:SSF-STATUS-13 @req:SSF-STATUS-14 @requires:status_update @requires:verification
  Scenario Outline: A paused stream holds events and delivers them in order once enabled (<delivery>)
    Given a <delivery> stream is set up for the suite to watch
    And the suite has set the stream status to paused
    When the suite requests verification with the state "held-1"
    And the suite requests verification with the state "held-2"
    Then nothing is delivered on the paused stream during the quiet window
    When the suite sets the stream status to enabled
    Then the held events are delivered in order after re-enabling

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |

  @id:TX-STATUS-06 @req:SSF-STATUS-11 @req:SSF-STATUS-15 @requires:status_update @requires:verification
  Scenario Outline: A disabled stream drops events for good and delivers again once enabled (<delivery>)
    Given a <delivery> stream is set up for the suite to watch
    And the suite has set the stream status to disabled
    When the suite requests verification with the state "dropped"
    Then nothing is delivered on the disabled stream during the quiet window
    When the suite sets the stream status to enabled
    And the suite requests verification with the state "after-enable"
    Then the verification with state "after-enable" is delivered on the enabled stream
    And the event from the disabled period was never delivered

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |

  @id:TX-STATUS-07 @req:SSF-STATUS-16 @req:SSF-UPD-01 @req:SSF-UPD-02 @req:SSF-UPD-03 @req:SSF-UPD-04 @req:SET-17 @requires:admin_status @requires:push
  Scenario: A transmitter-initiated pause and re-enable are each announced with stream-updated
    Given a push stream is created for the suite's receiver
    When the transmitter itself pauses the stream
    Then a stream-updated SET with status paused is pushed to the suite
    And the received SET's sub_id is the stream
    And the event payload matches its schema
    When the transmitter itself re-enables the stream
    Then a stream-updated SET with status enabled is pushed to the suite
