@role:receiver @area:response-actions @requires:observe
Feature: The receiver under test acts on the events it accepts (the sandbox seed's flows)
  After the suite's transmitter sends an event about a subject, the receiver's observation hooks
  (response-action log, security state) must show the expected change within the deadline; a
  forged revocation must change nothing.

  Background:
    Given the receiver under test has a stream at the suite's transmitter

  # How a receiver acts on an event is its deployment decision (SET-22, informational): the
  # response shows as a finding, never as a failure. Acknowledging the SET is graded (PUSH-07).
  @id:RX-ACT-01 @req:PUSH-07 @req:SET-22
  Scenario Outline: After <action> the receiver's state shows its response action
    Given the receiver under test declares the <action> event
    And a fresh subject the receiver under test knows
    When the suite's transmitter emits <action> about that subject
    Then the receiver acknowledged the <action> SET about that subject
    And the receiver's observable state shows the <action> response within the deadline

    Examples:
      | action                |
      | session-revoked       |
      | credential-change     |
      | account-disabled      |
      | credential-compromise |

  # The valid twin is about a throwaway subject: only the forged SET names the known subject.
  @id:RX-ACT-02 @req:PUSH-06 @req:JOSE-03 @requires:observe:security_state @requires:event:session-revoked
  Scenario: A forged session revocation changes nothing
    Given a fresh subject the receiver under test knows
    And the receiver acknowledged the valid twin of a bad-signature SET
    When the suite delivers the hostile bad-signature SET about that subject
    Then the receiver refused it as JOSE-03 requires
    And the subject's sessions are still active

  # CAEP section 3.1: a revocation about a complex subject "applies to any session derived from
  # matching those combined claims". The device is one the subject was never seen on, so no
  # session matches and every one stays active (revoking nothing is the receiver's choice too).
  @id:RX-ACT-03 @req:CAEP-SR-04 @requires:observe:security_state @requires:event:session-revoked @requires:subject:complex
  Scenario: A session revocation about a user on a device it was never seen on keeps its sessions
    Given a fresh subject the receiver under test knows
    When the suite delivers a session-revoked SET about that subject on a device it was never seen on
    Then the subject's sessions that match no revoked device are still active
