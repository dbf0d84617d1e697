@role:transmitter @area:authorization @requires:api:ssf
Feature: Management API authorization (SSF 1.0 section 8, CAEP interop profile section 2.7)

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-AUTH-01 @req:SSF-MGMT-01 @req:SSF-STATUS-05
  Scenario Outline: A management call without credentials is refused with 401
    When the suite calls the <endpoint> endpoint without credentials
    Then the response status is 401 for requirement SSF-MGMT-01
    And the 401 response carries a Bearer challenge

    Examples: every transmitter
      | endpoint      |
      | configuration |

    @requires:status
    Examples: status
      | endpoint      |
      | status        |

    @requires:verification
    Examples: verification
      | endpoint      |
      | verification  |

    @requires:add_subject
    Examples: add_subject
      | endpoint      |
      | add_subject   |

  # An update may be judged on its body first: 400 is accepted there (as the OIDF suite does).
  @id:TX-AUTH-02 @req:SSF-MGMT-01
  Scenario Outline: A management call with an unknown bearer token is refused with 401 (<operation>)
    When the suite calls <operation> with the bearer token "not-a-valid-token"
    Then the <operation> call with the invalid token is refused for requirement SSF-MGMT-01
    And the 401 response carries a Bearer challenge

    Examples: every transmitter
      | operation     |
      | create        |
      | read          |
      | delete        |

    @requires:stream_update
    Examples: update
      | operation     |
      | update        |

    @requires:stream_replace
    Examples: replace
      | operation     |
      | replace       |

    @requires:status
    Examples: read status
      | operation     |
      | read status   |

    @requires:status_update
    Examples: update status
      | operation     |
      | update status |

    @requires:verification
    Examples: verify
      | operation     |
      | verify        |

  @id:TX-AUTH-03 @req:INTEROP-OAUTH-06 @req:INTEROP-OAUTH-05 @requires:caep_interop
  Scenario: An access token in the query string is not accepted
    When the suite lists streams with its access token in the query string
    Then the query-string token was not accepted

  @id:TX-AUTH-04 @req:INTEROP-OAUTH-04 @req:INTEROP-OAUTH-08 @requires:caep_interop @requires:read_only_token
  Scenario: A read-only token may read streams but not create them
    When the suite lists streams with the read-only token
    Then the token may read streams for requirement INTEROP-OAUTH-04
    When the suite creates a push stream with the read-only token
    Then the read-only token may not manage streams

  @id:TX-AUTH-05 @req:SSF-MGMT-02 @requires:second_receiver
  Scenario: A receiver cannot see or touch another receiver's stream
    Given a stream is created for the suite's receiver
    Then the second receiver cannot read the stream
    And the second receiver cannot update the stream
    And the second receiver cannot delete the stream
    And the second receiver cannot read the stream's status
    And the second receiver's stream list does not include the stream

  @id:TX-AUTH-06 @req:INTEROP-OAUTH-02 @req:INTEROP-OAUTH-05 @req:INTEROP-OAUTH-10 @req:INTEROP-OAUTH-11 @requires:caep_interop @requires:oauth
  Scenario: An access token from the client-credentials grant is short-lived and manages streams
    Given the suite obtains an access token with the client-credentials grant
    Then the token response gives a bearer token that expires within an hour
    When the suite lists streams with that access token
    Then the token may read streams for requirement INTEROP-OAUTH-05

  # RFC 6750 section 3.1 names the error; the CAEP interop profile (2.7.3) requires it.
  @id:TX-AUTH-07 @req:INTEROP-OAUTH-07 @req:INTEROP-OAUTH-08 @requires:caep_interop
  Scenario Outline: A call with an invalid bearer token gets 401 with error="invalid_token" (<operation>)
    When the suite calls <operation> with the bearer token "not-a-valid-token"
    Then the response status is 401 for requirement INTEROP-OAUTH-07
    And the 401 challenge says error="invalid_token" for requirement INTEROP-OAUTH-08

    Examples: every transmitter
      | operation     |
      | read          |

    @requires:status
    Examples: read status
      | operation     |
      | read status   |

    @requires:verification
    Examples: verify
      | operation     |
      | verify        |
