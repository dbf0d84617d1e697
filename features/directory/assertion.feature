@role:directory @area:directory-ssa
Feature: The Software Statement Assertion (seeds/directory-get-ssa-assertion.txt)
  GET /organisations/{OrganisationId}/softwarestatements/{SoftwareStatementId}/assertion answers
  "a signed JWT" of at most 4,000 characters, whose payload carries the documented claims. A
  relying party trusts the directory only through the keys it publishes.

  Background:
    Given the suite has created a software statement

  @id:DR-SSA-01 @req:SSA-01 @req:SSA-02 @req:SSA-03 @req:SSA-04 @req:SSA-05 @req:SSA-06
  Scenario: The SSA is a signed application/jwt with the documented claims of the statement asked for
    When the suite fetches the SSA of that software statement
    Then the SSA is served as application/jwt
    And the SSA is signed with a key of the directory's JWKS
    And the SSA is at most 4,000 characters long
    And the SSA's claims follow the documented claim set
    And the SSA describes the software statement asked for
    And the SSA is not already expired

  # The statuses' effect is our reading of the seed pages (harness/catalog/extra_requirements.yaml);
  # only the embedded reference's statuses can be changed by the suite.
  @id:DR-SSA-02 @req:SSA-07 @requires:directory_admin
  Scenario Outline: No SSA is issued for software that is <status>
    Given the software statement is made <status> in the directory
    When the suite fetches the SSA of that software statement
    Then no SSA is issued because the software is <status> for requirement SSA-07

    Examples:
      | status    |
      | Inactive  |
      | Suspended |

  @id:DR-SSA-03 @req:SSA-08 @requires:directory_admin
  Scenario Outline: No SSA is issued for an organisation that is <status>
    Given the suite's organisation is made <status> in the directory
    When the suite fetches the SSA of that software statement
    Then no SSA is issued because the organisation is <status> for requirement SSA-08

    Examples:
      | status    |
      | Pending   |
      | Withdrawn |

  @id:DR-SSA-04 @req:DIR-AUTH-01
  Scenario: The SSA is not given without credentials
    When the suite fetches the SSA without credentials
    Then the call is refused for want of credentials
