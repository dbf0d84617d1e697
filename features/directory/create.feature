@role:directory @area:directory-create
Feature: Creating a software statement (seeds/directory-create-software-statement.txt)
  POST /organisations/{OrganisationId}/softwarestatements creates a software statement and answers
  201 with it; every documented constraint ("Possible values: ...") broken on its own is a 400
  whose {"errors": [...]} names the field. The rows are the create-request cases of the schema
  corpus (tests/schemas/corpus/directory.yaml; tests/suite/test_directory_features.py keeps them
  in step).

  @id:DR-CREATE-01 @req:DIR-CREATE-01 @req:DIR-CREATE-02 @req:DIR-CREATE-03
  Scenario: A software statement is created with 201 and the documented body
    When the suite creates a software statement for its organisation
    Then the software statement is created
    And the created statement follows the documented schema
    And the created statement reports its OperationWarnings

  @id:DR-CREATE-02 @req:DIR-CREATE-04 @req:DIR-ERR-01 @req:DIR-ERR-02
  Scenario Outline: A create body with <case> is refused with 400 naming the field
    When the suite creates a software statement with <member> set to <value>
    Then the request breaking <case> is refused with 400 for requirement DIR-CREATE-04
    And the validation errors name <field>

    Examples:
      | case                                             | member                                 | value                              | field                                 |
      | ClientName longer than 255                       | /ClientName                            | "~a*256"                           | ClientName                            |
      | ClientName with markup                           | /ClientName                            | "<script>x</script>"               | ClientName                            |
      | ClientName not a string                          | /ClientName                            | 1                                  | ClientName                            |
      | Description longer than 255                      | /Description                           | "~a*256"                           | Description                           |
      | Description with markup                          | /Description                           | "<script>x</script>"               | Description                           |
      | Description not a string                         | /Description                           | 1                                  | Description                           |
      | OnBehalfOf longer than 255                       | /OnBehalfOf                            | "~a*256"                           | OnBehalfOf                            |
      | OnBehalfOf with markup                           | /OnBehalfOf                            | "<script>x</script>"               | OnBehalfOf                            |
      | OnBehalfOf not a string                          | /OnBehalfOf                            | 1                                  | OnBehalfOf                            |
      | AdditionalSoftwareMetadata longer than 255       | /AdditionalSoftwareMetadata            | "~a*256"                           | AdditionalSoftwareMetadata            |
      | AdditionalSoftwareMetadata with markup           | /AdditionalSoftwareMetadata            | "<script>x</script>"               | AdditionalSoftwareMetadata            |
      | AdditionalSoftwareMetadata not a string          | /AdditionalSoftwareMetadata            | 1                                  | AdditionalSoftwareMetadata            |
      | PolicyUri longer than 255                        | /PolicyUri                             | "~https*256"                       | PolicyUri                             |
      | PolicyUri not http(s)                            | /PolicyUri                             | "javascript:alert(1)"              | PolicyUri                             |
      | PolicyUri not a string                           | /PolicyUri                             | true                               | PolicyUri                             |
      | ClientUri longer than 255                        | /ClientUri                             | "~https*256"                       | ClientUri                             |
      | ClientUri not http(s)                            | /ClientUri                             | "javascript:alert(1)"              | ClientUri                             |
      | ClientUri not a string                           | /ClientUri                             | true                               | ClientUri                             |
      | TermsOfServiceUri longer than 255                | /TermsOfServiceUri                     | "~https*256"                       | TermsOfServiceUri                     |
      | TermsOfServiceUri not http(s)                    | /TermsOfServiceUri                     | "javascript:alert(1)"              | TermsOfServiceUri                     |
      | TermsOfServiceUri not a string                   | /TermsOfServiceUri                     | true                               | TermsOfServiceUri                     |
      | NotificationWebhook longer than 255              | /NotificationWebhook                   | "~https*256"                       | NotificationWebhook                   |
      | NotificationWebhook not http(s)                  | /NotificationWebhook                   | "javascript:alert(1)"              | NotificationWebhook                   |
      | NotificationWebhook not a string                 | /NotificationWebhook                   | true                               | NotificationWebhook                   |
      | HomepageUri longer than 255                      | /HomepageUri                           | "~https*256"                       | HomepageUri                           |
      | HomepageUri not http(s)                          | /HomepageUri                           | "javascript:alert(1)"              | HomepageUri                           |
      | HomepageUri not a string                         | /HomepageUri                           | true                               | HomepageUri                           |
      | LogoUri a gif                                    | /LogoUri                               | "https://www.raidiam.com/logo.gif" | LogoUri                               |
      | LogoUri not a string                             | /LogoUri                               | ["x.png"]                          | LogoUri                               |
      | Environment longer than 40                       | /Environment                           | "~a*41"                            | Environment                           |
      | Environment with markup                          | /Environment                           | "<prod>"                           | Environment                           |
      | Environment not a string                         | /Environment                           | 0                                  | Environment                           |
      | Mode not Live or Test                            | /Mode                                  | "Sandbox"                          | Mode                                  |
      | RedirectUri a string                             | /RedirectUri                           | "https://x"                        | RedirectUri                           |
      | RedirectUri entry longer than 255                | /RedirectUri/0                         | "~https*256"                       | RedirectUri                           |
      | RedirectUri entry not http(s)                    | /RedirectUri/0                         | "com.app:/cb"                      | RedirectUri                           |
      | RedirectUri entry not a string                   | /RedirectUri/0                         | 1                                  | RedirectUri                           |
      | PostLogoutRedirectUris a string                  | /PostLogoutRedirectUris                | "https://x"                        | PostLogoutRedirectUris                |
      | PostLogoutRedirectUris entry longer than 255     | /PostLogoutRedirectUris/0              | "~https*256"                       | PostLogoutRedirectUris                |
      | PostLogoutRedirectUris entry not http(s)         | /PostLogoutRedirectUris/0              | "com.app:/cb"                      | PostLogoutRedirectUris                |
      | PostLogoutRedirectUris entry not a string        | /PostLogoutRedirectUris/0              | 1                                  | PostLogoutRedirectUris                |
      | ApiWebhookUri a string                           | /ApiWebhookUri                         | "https://hooks.raidiam.com/x"      | ApiWebhookUri                         |
      | ApiWebhookUri entry over http                    | /ApiWebhookUri/0                       | "http://hooks.raidiam.com/x"       | ApiWebhookUri                         |
      | ApiWebhookUri entry with a query                 | /ApiWebhookUri/0                       | "https://hooks.raidiam.com/x?y=1"  | ApiWebhookUri                         |
      | ApiWebhookUri entry longer than 255              | /ApiWebhookUri/0                       | "~https*256"                       | ApiWebhookUri                         |
      | ApiWebhookUri entry not a string                 | /ApiWebhookUri/0                       | {}                                 | ApiWebhookUri                         |
      | OriginUri a string                               | /OriginUri                             | "https://www.raidiam.com"          | OriginUri                             |
      | OriginUri entry over http                        | /OriginUri/0                           | "http://www.raidiam.com"           | OriginUri                             |
      | OriginUri entry longer than 255                  | /OriginUri/0                           | "~https*256"                       | OriginUri                             |
      | OriginUri entry not a string                     | /OriginUri/0                           | 443                                | OriginUri                             |
      | SoftwareVersion longer than 40                   | /SoftwareVersion                       | "~a*41"                            | SoftwareVersion                       |
      | SoftwareVersion a number                         | /SoftwareVersion                       | 1.1                                | SoftwareVersion                       |
      | OpenidFederationEnabled a string                 | /OpenidFederationEnabled               | "true"                             | OpenidFederationEnabled               |
      | RequireSignedRequestObject a string              | /RequireSignedRequestObject            | "true"                             | RequireSignedRequestObject            |
      | TlsClientCertificateBoundAccessTokens a string   | /TlsClientCertificateBoundAccessTokens | "true"                             | TlsClientCertificateBoundAccessTokens |
      | OpenidFederationEntityManagementType not allowed | /OpenidFederationEntityManagementType  | "managed"                          | OpenidFederationEntityManagementType  |
      | IdTokenSignedResponseAlgorithm ES256             | /IdTokenSignedResponseAlgorithm        | "ES256"                            | IdTokenSignedResponseAlgorithm        |
      | TokenEndpointAuthMethod client_secret_post       | /TokenEndpointAuthMethod               | "client_secret_post"               | TokenEndpointAuthMethod               |
      | TokenEndpointAuthMethod empty                    | /TokenEndpointAuthMethod               | ""                                 | TokenEndpointAuthMethod               |
      | TokenEndpointAuthMethod longer than 60           | /TokenEndpointAuthMethod               | "~a*61"                            | TokenEndpointAuthMethod               |
      | TokenEndpointAuthMethod not a string             | /TokenEndpointAuthMethod               | 1                                  | TokenEndpointAuthMethod               |
      | Roles an object                                  | /Roles                                 | {"Role": "DADOS"}                  | Roles                                 |
      | Role entry a string                              | /Roles/0                               | "DADOS"                            | Roles                                 |
      | Role Status not allowed                          | /Roles/0/Status                        | "Pending"                          | Status                                |
      | Role AuthorisationDomain empty                   | /Roles/0/AuthorisationDomain           | ""                                 | AuthorisationDomain                   |
      | Role AuthorisationDomain longer than 30          | /Roles/0/AuthorisationDomain           | "~a*31"                            | AuthorisationDomain                   |
      | Role AuthorisationDomain not a string            | /Roles/0/AuthorisationDomain           | 1                                  | AuthorisationDomain                   |
      | Role name empty                                  | /Roles/0/Role                          | ""                                 | Role                                  |
      | Role name longer than 60                         | /Roles/0/Role                          | "~a*61"                            | Role                                  |
      | Role name with markup                            | /Roles/0/Role                          | "<b>DADOS</b>"                     | Role                                  |
      | Role name not a string                           | /Roles/0/Role                          | ["DADOS"]                          | Role                                  |
      | RelatedAuthorisationServer not a string          | /RelatedAuthorisationServer            | 3                                  | RelatedAuthorisationServer            |
      | Role entry without AuthorisationDomain           | /Roles/0/AuthorisationDomain           | absent                             | AuthorisationDomain                   |
      | Role entry without Role                          | /Roles/0/Role                          | absent                             | Role                                  |

  @id:DR-CREATE-03 @req:DIR-CREATE-05 @req:DIR-ERR-01 @req:DIR-ERR-02
  Scenario Outline: A create in an organisation id with <case> is refused with 400 naming the field
    When the suite creates a software statement in the organisation <organisation>
    Then the request breaking <case> is refused with 400 for requirement DIR-CREATE-05
    And the validation errors name OrganisationId

    Examples:
      | case                              | organisation |
      | an OrganisationId longer than 40  | "~a*41"      |
      | an OrganisationId with markup     | "<org>"      |

  @id:DR-CREATE-04 @req:DIR-CREATE-05 @req:DIR-ERR-01 @req:DIR-ERR-02
  Scenario Outline: A create whose x-fapi-auth-date is <case> is refused with 400 naming the header
    When the suite creates a software statement sending the header x-fapi-auth-date as <value>
    Then the request breaking an x-fapi-auth-date <case> is refused with 400 for requirement DIR-CREATE-05
    And the validation errors name x-fapi-auth-date

    Examples:
      | case                     | value                            |
      | in ISO 8601              | "2017-09-10T19:43:31Z"           |
      | with a lower-case day    | "sun, 10 Sep 2017 19:43:31 UTC"  |
      | in PST                   | "Sun, 10 Sep 2017 19:43:31 PST"  |
      | with a one-digit day     | "Sun, 1 Sep 2017 19:43:31 UTC"   |
