@role:transmitter @area:inactivity @requires:api:ssf
Feature: Stream inactivity timeout (SSF 1.0 section 8.1.1 inactivity_timeout)
  With a short inactivity_timeout the profile declares (capability inactivity_timeout), the suite
  keeps a stream active for longer than the timeout, then leaves it idle for longer than it, and
  watches what the transmitter announces.

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-INACT-01 @req:SSF-STREAM-17 @req:SSF-STREAM-16 @req:POLL-21 @requires:inactivity_timeout
  Scenario Outline: Activity restarts the inactivity timer; a stream stopped for inactivity is announced (<delivery>)
    Given a <delivery> stream is set up for the suite to watch
    And the stream advertises a short inactivity_timeout
    When the suite keeps the stream active by <activity> for longer than the timeout
    Then the stream stayed enabled while it was active, for requirement <requirement>
    When the suite leaves the stream idle for longer than the timeout
    Then a pause or disable for inactivity was announced with stream-updated

    @requires:push
    Examples: push
      | delivery | activity                     | requirement   |
      | push     | reading its configuration    | SSF-STREAM-16 |

    @requires:poll
    Examples: poll
      | delivery | activity | requirement |
      | poll     | polling  | POLL-21     |
