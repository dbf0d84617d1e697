@role:transmitter @area:subjects @requires:api:ssf
Feature: Subjects: add, remove, and which events a stream receives (SSF 1.0 sections 8.1.3 and 9)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-SUBJ-01 @req:SSF-SUBS-01 @requires:add_subject
  Scenario: Adding a subject returns 200
    Given a stream is created for the suite's receiver
    When the suite adds the subject "alice@example.com" to the stream
    Then the subject was added

  @id:TX-SUBJ-02 @req:SSF-SUBS-05 @requires:add_subject @requires:remove_subject
  Scenario: Removing a subject returns 204
    Given a stream is created for the suite's receiver
    And the suite has added the subject "alice@example.com" to the stream
    When the suite removes the subject "alice@example.com" from the stream
    Then the subject was removed

  @id:TX-SUBJ-03 @req:SSF-SUBS-04 @requires:add_subject
  Scenario: Adding a malformed subject is rejected with 400
    Given a stream is created for the suite's receiver
    When the suite adds a subject without a format to the stream
    Then the response status is 400 for requirement SSF-SUBS-04

  @id:TX-SUBJ-04 @req:SSF-SUBS-04 @req:SSF-SUBS-06
  Scenario Outline: Subject calls for an unknown stream are answered with 404
    When the suite calls <operation> for an unknown stream
    Then the unknown stream was answered 404 for requirement <requirement>

    @requires:add_subject
    Examples: add subject
      | operation      | requirement |
      | add subject    | SSF-SUBS-04 |

    @requires:remove_subject
    Examples: remove subject
      | operation      | requirement |
      | remove subject | SSF-SUBS-06 |

  @id:TX-SUBJ-05 @req:SSF-SUBS-07 @req:SSF-SUBS-09 @req:SSF-SUBS-11 @requires:add_subject @requires:trigger @requires:push
  Scenario: With default_subjects NONE only events about added subjects are delivered
    Given the transmitter's default_subjects is NONE
    And a push stream for session-revoked events is created for the suite's receiver
    And the suite has added the subject "alice@example.com" to the stream
    When the transmitter is made to emit session-revoked about "bob@example.com"
    And the transmitter is made to emit session-revoked about "alice@example.com"
    Then the event about "alice@example.com" is delivered
    And no event about "bob@example.com" was delivered before it

  @id:TX-SUBJ-06 @req:SSF-SUBS-09 @req:SSF-SUBS-11 @requires:add_subject @requires:remove_subject @requires:trigger @requires:push
  Scenario: Events about a removed subject stop
    Given a push stream for session-revoked events is created for the suite's receiver
    And the suite has added the subject "alice@example.com" to the stream
    And the suite has added the subject "carol@example.com" to the stream
    And the suite has removed the subject "carol@example.com" from the stream
    When the transmitter is made to emit session-revoked about "carol@example.com"
    And the transmitter is made to emit session-revoked about "alice@example.com"
    Then the event about "alice@example.com" is delivered
    And no event about "carol@example.com" was delivered before it

  # SSF 8.1.4.1: "the subject that identifies a stream itself is always implicitly added to the
  # stream and MAY NOT be removed"; whatever the removal answers, verification keeps flowing.
  @id:TX-SUBJ-07 @req:SSF-SUBS-10 @requires:remove_subject @requires:verification
  Scenario: The stream's own subject cannot be removed: verification still arrives
    Given a stream is created for the suite's receiver
    When the suite asks to remove the stream's own subject from the stream
    And the suite requests verification with the state "after-removal"
    Then the verification with state "after-removal" still arrives
