@role:transmitter @area:registration @requires:ssa_registration @requires:api:ssf
Feature: Registering receivers by software statement (RFC 7591, RFC 7592; SSAs of the trust directory)
  In an ecosystem run on a trust directory a receiver registers at the transmitter's
  authorization server by presenting its SSA; the server decides from the directory whether to
  trust it and which scopes to grant. The suite plays the receiver and takes its SSAs from the
  profile's directory (and, for the untrusted case, from a directory of its own nobody trusts).

  Background:
    Given the transmitter metadata has been discovered

  @id:TX-DCR-01 @req:DCR-02 @req:DCR-03 @req:DCR-04 @req:DCR-12 @req:DCR-13
  Scenario: An SSA of the trusted directory registers, and the credentials manage streams
    Given the suite holds a valid SSA of the trusted directory
    When the suite registers with that SSA and another software_id in the body
    Then the registration is created
    And the client information response carries the client's credentials
    And the software statement's metadata prevails over the request body's
    When the suite requests an access token with the registered credentials
    Then the registered credentials obtained an access token
    When the suite creates a stream with that access token
    Then the registered client manages streams
    And the client configuration endpoint returns the registered client

  # Each row's refusal is graded at its own rule (DCR-08 signature and issuer, DCR-09 expiry,
  # DCR-10 directory status, DCR-11 roles: harness/checks/registration.py).
  @id:TX-DCR-02 @req:DCR-05 @req:DCR-06 @req:DCR-07 @req:DCR-08 @req:DCR-09 @req:DCR-10 @req:DCR-11
  Scenario Outline: A <kind> SSA registers nothing and the refusal says why
    Given the suite holds a <kind> SSA
    When the suite registers with that SSA
    Then the <kind> SSA registered nothing
    And the registration error is a JSON object with an error code
    And the error code says why the <kind> SSA was refused

    Examples: signature and issuer
      | kind      |
      | tampered  |
      | untrusted |

    @requires:directory_admin
    Examples: expiry
      | kind    |
      | expired |

    @requires:directory_admin
    Examples: directory status
      | kind                   |
      | inactive-software      |
      | withdrawn-organisation |

    Examples: directory roles
      | kind        |
      | no-ssf-role |
