@role:transmitter @area:poll @requires:api:ssf
Feature: Poll delivery (RFC 8936 as profiled by SSF 1.0 section 6.1.2)

  Background:
    Given the transmitter metadata has been discovered
    And a poll stream is created for the suite

  @id:TX-POLL-01 @req:POLL-02 @req:POLL-03 @req:POLL-04 @requires:poll @requires:verification
  Scenario: maxEvents limits a poll and moreAvailable says more are waiting
    Given the suite has requested verification 3 times
    When the suite polls with maxEvents 2 once all 3 SETs are available
    Then the poll response is well-formed
    And the poll returned no more than 2 SETs
    And the poll response says more SETs are available

  @id:TX-POLL-02 @req:POLL-07 @requires:poll
  Scenario: returnImmediately answers at once when nothing is waiting
    When the suite polls with returnImmediately and nothing is waiting
    Then the poll answered at once
    And the poll response is well-formed

  @id:TX-POLL-03 @req:POLL-07 @requires:poll @requires:verification
  Scenario: A long poll returns as soon as a SET becomes available
    When the suite starts a long poll and requests verification while it waits
    Then the long poll returned the SET before its wait ran out

  @id:TX-POLL-04 @req:POLL-09 @req:POLL-10 @requires:poll @requires:verification
  Scenario: Unacknowledged SETs come back, acknowledged ones never do
    Given the suite has requested verification 2 times
    When the suite polls with maxEvents 10 once all 2 SETs are available
    And the suite polls again acknowledging only the first SET
    Then the unacknowledged SET was returned again
    And the acknowledged SETs are not returned again

  @id:TX-POLL-05 @req:POLL-02 @requires:poll @requires:verification
  Scenario: A poll may report setErrs for SETs it could not accept
    Given the suite has requested verification 1 times
    When the suite polls with maxEvents 10 once all 1 SETs are available
    And the suite polls again reporting the SET in setErrs
    Then the poll with setErrs was accepted

  @id:TX-POLL-06 @req:POLL-16 @requires:poll
  Scenario Outline: An invalid poll request is rejected with 400
    When the suite polls with the body <body>
    Then the response status is 400 for requirement POLL-16

    Examples:
      | body                  |
      | not json              |
      | {"maxEvents": "abc"}  |

  # SSF 7.1.1: the metadata's authorization schemes SHOULD protect the poll endpoint (a 401);
  # RFC 8936 section 3: a 401 from it MUST name the schemes in WWW-Authenticate.
  @id:TX-POLL-07 @req:POLL-17 @req:SSF-DISC-22 @requires:poll
  Scenario: An unauthenticated poll is refused with a WWW-Authenticate challenge
    When the suite polls without credentials
    Then the response status is 401 for requirement SSF-DISC-22
    And the poll was refused with a WWW-Authenticate challenge

  @id:TX-POLL-08 @req:POLL-17 @req:SSF-DISC-22 @requires:poll
  Scenario: A poll with an invalid bearer token is refused with error="invalid_token"
    When the suite polls with the bearer token "not-a-valid-token"
    Then the response status is 401 for requirement SSF-DISC-22
    And the poll was refused with a WWW-Authenticate challenge
    And the 401 challenge says error="invalid_token" for requirement SSF-DISC-22
