@role:transmitter @area:authorization
Feature: Management API authorization (SSF 1.0 section 8, CAEP interop profile section 2.7)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-AUTH-01 @req:SSF-MGMT-01 @req:SSF-STATUS-05 @req:INTEROP-OAUTH-08
  Scenario Outline: A management call without credentials is refused with 401
    When the suite calls the <endpoint> endpoint without credentials
    Then the response status is 401 for requirement SSF-MGMT-01
    And the 401 response carries a Bearer challenge

    Examples:
      | endpoint      |
      | configuration |
      | status        |
      | verification  |
      | add_subject   |

  @id:TX-AUTH-02 @req:SSF-MGMT-01 @req:INTEROP-OAUTH-07 @req:INTEROP-OAUTH-08
  Scenario Outline: A management call with an unknown bearer token is refused with 401 (<operation>)
    When the suite calls <operation> with the bearer token "not-a-valid-token"
    Then the response status is 401 for requirement INTEROP-OAUTH-07
    And the 401 response carries a Bearer challenge

    Examples:
      | operation     |
      | create        |
      | read          |
      | update        |
      | replace       |
      | delete        |
      | read status   |
      | update status |
      | verify        |

  @id:TX-AUTH-03 @req:INTEROP-OAUTH-06 @req:INTEROP-OAUTH-05
  Scenario: An access token in the query string is not accepted
    When the suite lists streams with its access token in the query string
    Then the query-string token was not accepted

  @id:TX-AUTH-04 @req:INTEROP-OAUTH-04 @req:INTEROP-OAUTH-08 @requires:read_only_token
  Scenario: A read-only token may read streams but not create them
    When the suite lists streams with the read-only token
    Then the token may read streams
    When the suite creates a push stream with the read-only token
    Then the read-only token may not manage streams

  @id:TX-AUTH-05 @req:SSF-MGMT-02 @requires:second_receiver
  Scenario: A receiver cannot see or touch another receiver's stream
    Given a push stream is created for the suite's receiver
    Then the second receiver cannot read the stream
    And the second receiver cannot update the stream
    And the second receiver cannot delete the stream
    And the second receiver cannot read the stream's status
    And the second receiver's stream list does not include the stream

  @id:TX-AUTH-06 @req:INTEROP-OAUTH-02 @req:INTEROP-OAUTH-05 @requires:oauth
  Scenario: An access token from the client-credentials grant manages streams
    Given the suite obtains an access token with the client-credentials grant
    When the suite lists streams with that access token
    Then the token may read streams
