@role:receiver @area:subjects
Feature: Events about a subject the receiver removed (SSF 1.0 section 9.3)

  @id:RX-SUBJ-01 @req:SSF-SUBS-16
  Scenario: An event about a removed subject is accepted, not reported as an error
    Given the receiver under test has a stream at the suite's transmitter
    And the receiver under test has removed the subject "removed-subject@example.com" from its stream
    When the suite delivers a valid SET of an event type the receiver declares
    Then the receiver acknowledged the SET for requirement SSF-SUBS-16

  # SSF 1.0 section 3.6: the suite's transmitter names tenant in critical_subject_members; the
  # SET's tenant has a format nobody defines. How the receiver answers is not specified
  # (acknowledging and discarding is fine); acting on the event is not.
  @id:RX-SUBJ-02 @req:SUBID-21 @requires:observe @requires:event:session-revoked @requires:subject:complex
  Scenario: An event whose critical subject member the receiver cannot process is not acted on
    Given the receiver under test has a stream at the suite's transmitter
    And a fresh subject the receiver under test knows
    And the suite's transmitter names tenant a critical subject member
    When the suite delivers a session-revoked SET about that subject whose tenant has a format nobody defines
    Then the receiver did not act on the event whose critical member it cannot process
