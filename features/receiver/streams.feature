@role:receiver @area:streams
Feature: The receiver under test manages its stream at the suite's transmitter (SSF 1.0 sections 7, 8.1)
  The suite serves the transmitter metadata and management API; the profile's drive makes the
  receiver act, and the suite's transmitter records every call it makes.

  @id:RX-STREAM-01 @req:SSF-STREAM-18 @req:SSF-STREAM-20 @req:SSF-STREAM-08 @req:SSF-DISC-03 @req:SSF-STREAM-42 @requires:drive:create @requires:drive:delete
  Scenario: The receiver creates its stream at the suite's transmitter and deletes it again
    Given the receiver under test has no stream at the suite's transmitter
    When the receiver under test is driven to create its stream
    Then the receiver created a stream at the suite's transmitter
    And the receiver fetched the suite's metadata with GET
    And the creation request carried receiver-supplied members only
    And the creation request asked for events
    When the receiver under test is driven to delete its stream
    Then the receiver deleted that stream by its stream_id

  @id:RX-STREAM-02 @req:SSF-DELIV-02 @req:SSF-DELIV-04 @requires:push @requires:drive:create
  Scenario: A push stream names the receiver's https endpoint and the authorization it expects
    Given the receiver under test has no stream at the suite's transmitter
    When the receiver under test is driven to create its stream
    Then the receiver created a stream at the suite's transmitter
    And the creation request named an https push endpoint and its authorization

  @id:RX-STREAM-03 @req:SSF-STREAM-31 @requires:stream_update
  Scenario: The receiver's stream update names its stream
    Given the receiver under test has a stream at the suite's transmitter
    When the receiver under test is made to update its stream's events_requested
    Then the suite's transmitter received a PATCH naming the stream

  @id:RX-STREAM-04 @req:SSF-STATUS-17 @requires:status_update
  Scenario: The receiver's status update names its stream
    Given the receiver under test has a stream at the suite's transmitter
    When the receiver under test is made to pause its stream
    Then the suite's transmitter received a status update naming the stream

  @id:RX-STREAM-05 @req:SSF-STREAM-24 @requires:drive:create @requires:drive:verify
  Scenario: A stream whose configuration names a foreign iss is not used
    Given the receiver under test has no stream at the suite's transmitter
    And the suite's transmitter will answer the next stream creation with a foreign iss
    When the receiver under test is driven to create its stream
    And the receiver under test is asked to request verification of that stream anyway
    Then the receiver did not use the stream whose iss was foreign
