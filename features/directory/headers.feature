@role:directory @area:directory-headers
Feature: The x-fapi-interaction-id correlation id (both seed pages)
  Every response of both pages lists the x-fapi-interaction-id header; the request's is "an
  RFC4122 UID used as a correlation id".

  @id:DR-HDR-01 @req:DIR-HDR-01 @req:DIR-HDR-02
  Scenario: A create returns the request's interaction id
    When the suite creates a software statement with a fresh x-fapi-interaction-id
    Then the response carries an x-fapi-interaction-id
    And the response returns the request's x-fapi-interaction-id

  @id:DR-HDR-02 @req:DIR-HDR-01 @req:DIR-HDR-02
  Scenario: A refused request returns the request's interaction id too
    When the suite sends a malformed request with a fresh x-fapi-interaction-id
    Then the response carries an x-fapi-interaction-id
    And the response returns the request's x-fapi-interaction-id

  @id:DR-HDR-03 @req:DIR-HDR-01
  Scenario: A response to a request without an interaction id carries one of the directory's
    When the suite creates a software statement for its organisation
    Then the response carries an x-fapi-interaction-id

  @id:DR-HDR-04 @req:DIR-HDR-01 @req:DIR-HDR-02
  Scenario: The assertion call returns the request's interaction id
    Given the suite has created a software statement
    When the suite fetches the SSA with a fresh x-fapi-interaction-id
    Then the response carries an x-fapi-interaction-id
    And the response returns the request's x-fapi-interaction-id
