@role:receiver @area:push
Feature: Push delivery to the receiver under test (RFC 8935, SSF 1.0 section 6.1.1)
  The suite plays the transmitter: it pushes SETs signed with the key it publishes to the
  receiver under test, over the stream the receiver created, and reads the answers.

  Background:
    Given the receiver under test has a push stream at the suite's transmitter

  @id:RX-PUSH-01 @req:PUSH-07 @req:PUSH-19 @req:SSF-STREAM-11 @requires:push
  Scenario Outline: A valid <action> SET is acknowledged with an empty 202
    Given the receiver under test declares the <action> event
    When the suite delivers a valid <action> SET
    Then the receiver acknowledged the SET for requirement PUSH-07

    Examples:
      | action                             |
      | session-revoked                    |
      | token-claims-change                |
      | credential-change                  |
      | assurance-level-change             |
      | device-compliance-change           |
      | session-established                |
      | session-presented                  |
      | risk-level-change                  |
      | account-credential-change-required |
      | account-purged                     |
      | account-disabled                   |
      | account-enabled                    |
      | identifier-changed                 |
      | identifier-recycled                |
      | credential-compromise              |
      | opt-in                             |
      | opt-out-initiated                  |
      | opt-out-cancelled                  |
      | opt-out-effective                  |
      | recovery-activated                 |
      | recovery-information-changed       |

  # The scenarios below use an event type and subject format the receiver declares (the
  # verification event when it declares none the suite can build): never an undeclared event.
  @id:RX-PUSH-02 @req:PUSH-14 @requires:push
  Scenario: The same SET pushed twice is acknowledged both times
    When the suite delivers a valid SET of an event type the receiver declares
    And the suite delivers the same SET again
    Then every SET the suite delivered was acknowledged for requirement PUSH-14

  @id:RX-PUSH-03 @req:SET-16 @requires:push
  Scenario: Claims and payload members the receiver does not know are ignored
    When the suite delivers a valid SET of a declared event type with unknown claims and members
    Then the receiver acknowledged the SET for requirement SET-16

  @id:RX-PUSH-04 @req:JOSE-03 @req:PUSH-07 @requires:push
  Scenario: After the transmitter rotates its signing key, SETs signed with the new key are accepted
    Given the suite's transmitter has rotated its signing key
    When the suite delivers a valid SET of an event type the receiver declares
    Then the receiver acknowledged the SET for requirement JOSE-03

  @id:RX-PUSH-05 @req:SUBID-13 @requires:push
  Scenario Outline: A SET about a subject in <format> format is acknowledged
    Given the receiver under test declares the subject format <format>
    When the suite delivers a valid SET of a declared event type about the example <format> subject
    Then the receiver acknowledged the SET for requirement <requirement>

    Examples:
      | format            | requirement |
      | account           | SUBID-08    |
      | email             | SUBID-03    |
      | iss_sub           | SUBID-06    |
      | opaque            | SUBID-07    |
      | phone_number      | SUBID-05    |
      | did               | SUBID-09    |
      | uri               | SUBID-10    |
      | aliases           | SUBID-11    |
      | complex           | SUBID-17    |
      | jwt_id            | SUBID-14    |
      | saml_assertion_id | SUBID-15    |
      | ip-addresses      | SUBID-16    |

  # Forms the specs allow that our own SETs do not use: aud as an array naming the receiver
  # (RFC 7519 §4.1.3, SSF §4.1.8), typ with the application/ prefix or in another case
  # (RFC 7515 §4.1.9: "application/" may be omitted, media types compare case-insensitively).
  @id:RX-PUSH-06 @req:PUSH-07 @req:JOSE-01 @requires:push
  Scenario Outline: A valid SET in the <form> form is acknowledged like any other
    When the suite delivers a valid SET of a declared event type in the <form> form
    Then the receiver acknowledged the SET for requirement <requirement>

    Examples:
      | form            | requirement |
      | aud-array       | PUSH-07     |
      | typ-with-prefix | JOSE-01     |
      | typ-upper-case  | JOSE-01     |
