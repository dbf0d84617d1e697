@role:receiver @area:subjects
Feature: Events about a subject the receiver removed (SSF 1.0 section 9.3)

  @id:RX-SUBJ-01 @req:SSF-SUBS-16
  Scenario: An event about a removed subject is accepted, not reported as an error
    Given the receiver under test has a stream at the suite's transmitter
    And the receiver under test has removed the subject "removed-subject@example.com" from its stream
    When the suite delivers a valid SET of an event type the receiver declares
    Then the receiver acknowledged the SET for requirement SSF-SUBS-16
