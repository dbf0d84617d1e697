@role:directory @area:directory-access
Feature: Who may call the trust directory (both seed pages: 401, 403, 429)

  @id:DR-ACCESS-01 @req:DIR-AUTH-01
  Scenario: A create without credentials is refused with 401
    When the suite creates a software statement without credentials
    Then the call is refused for want of credentials

  @id:DR-ACCESS-02 @req:DIR-AUTH-02 @requires:other_organisation
  Scenario: A token may not create software statements in another organisation
    When the suite creates a software statement in an organisation its token may not act for
    Then the call is forbidden for that organisation

  @id:DR-ACCESS-03 @req:DIR-RATE-01 @requires:directory_rate_limit
  Scenario: Requests beyond the directory's capacity are throttled with 429
    When the suite sends one request more than the directory's declared capacity
    Then the directory throttled the requests beyond its capacity
