@role:receiver @area:push-hostile @requires:push
Feature: Hostile SETs pushed to the receiver under test are refused
  Every hostile request breaks exactly one rule of a valid SET or push. It is built from an event
  type and a subject format the receiver declares (the verification event when it declares no
  other) and follows its valid twin: the same SET without the defect, which the receiver must
  acknowledge first. A refusal counts only when the twin was acknowledged; when the twin is
  refused too the scenario is inconclusive (broken, with that reason), never passed.

  The Examples tables hold the grading:
    required_by  the receiver requirement that demands the refusal; PUSH-17 where RFC 8935 §2
                 leaves it to the receiver ("may accept or reject ... at its own discretion"):
                 informational (harness/catalog/levels.py, RECEIVER_REFUSALS)
    status       what RFC 8935 §2.3 allows (PUSH-09): 400 for a SET that fails parsing,
                 validation or authentication; the applicable HTTP status for a request error
    err          the RFC 8935 §2.4 codes that name the defect; any one of them passes (PUSH-13)
  A 400 refusal is graded on its own for its JSON error body (PUSH-09), its Content-Language
  header (PUSH-10) and the language of its description (PUSH-11), never through the rule the
  hostile SET broke.

  Background:
    Given the receiver under test has a push stream at the suite's transmitter

  @id:RX-HOSTILE-01 @req:JOSE-03 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET signed with a key the transmitter never published is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile       | required_by | status | err                                                 |
      | bad-signature | JOSE-03     | 400    | invalid_key, authentication_failed, invalid_request |

  @id:RX-HOSTILE-02 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET signed with a key whose kid is not in the transmitter JWKS is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile     | required_by | status | err                                                 |
      | unknown-kid | PUSH-06     | 400    | invalid_key, authentication_failed, invalid_request |

  @id:RX-HOSTILE-03 @req:JOSE-04 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13 @requires:caep_interop
  Scenario Outline: An unsigned SET (alg none) is refused in a CAEP interop deployment
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile  | required_by | status | err                                                 |
      | alg-none | JOSE-04     | 400    | invalid_request, invalid_key, authentication_failed |

  @id:RX-HOSTILE-04 @req:JOSE-03 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: An HS256 SET keyed with the transmitter's public key is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile          | required_by | status | err                                                 |
      | hs256-public-key | JOSE-03     | 400    | invalid_request, invalid_key, authentication_failed |

  @id:RX-HOSTILE-05 @req:SET-06 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET whose iss names another issuer is refused with invalid_issuer
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile   | required_by | status | err            |
      | wrong-iss | SET-06      | 400    | invalid_issuer |

  @id:RX-HOSTILE-06 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET whose aud names another receiver is refused with invalid_audience
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile   | required_by | status | err              |
      | wrong-aud | PUSH-06     | 400    | invalid_audience |

  @id:RX-HOSTILE-07 @req:JOSE-01 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET without a typ header is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile     | required_by | status | err             |
      | missing-typ | JOSE-01     | 400    | invalid_request |

  @id:RX-HOSTILE-08 @req:JOSE-01 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET typed JWT instead of secevent+jwt is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile   | required_by | status | err             |
      | wrong-typ | JOSE-01     | 400    | invalid_request |

  @id:RX-HOSTILE-09 @req:JOSE-02 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET whose crit header names an unknown extension is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile     | required_by | status | err             |
      | crit-header | JOSE-02     | 400    | invalid_request |

  @id:RX-HOSTILE-10 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET carrying two independent events may be refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile    | required_by | status | err             |
      | two-events | PUSH-17     | 400    | invalid_request |

  @id:RX-HOSTILE-11 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET carrying the JWT sub claim may be refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile   | required_by | status | err             |
      | sub-claim | PUSH-17     | 400    | invalid_request |

  @id:RX-HOSTILE-21 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET whose sub_id lacks the members its format requires may be refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile               | required_by | status | err             |
      | sub-id-missing-member | PUSH-17     | 400    | invalid_request |

  @id:RX-HOSTILE-12 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET issued 30 days ago may be refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile     | required_by | status | err             |
      | expired-iat | PUSH-17     | 400    | invalid_request |

  @id:RX-HOSTILE-13 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A SET issued a day in the future may be refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile    | required_by | status | err             |
      | future-iat | PUSH-17     | 400    | invalid_request |

  @id:RX-HOSTILE-14 @req:JOSE-03 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A body that is not a compact JWS is refused with invalid_request
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile       | required_by | status | err             |
      | malformed-jws | JOSE-03     | 400    | invalid_request |

  @id:RX-HOSTILE-15 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A JSON body instead of a JWT is refused with invalid_request
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile   | required_by | status | err             |
      | not-a-jwt | PUSH-06     | 400    | invalid_request |

  @id:RX-HOSTILE-16 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A different SET reusing an accepted jti may be refused as a replay
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile      | required_by | status | err             |
      | replayed-jti | PUSH-17     | 400    | invalid_request |

  @id:RX-HOSTILE-17 @req:PUSH-17 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A valid SET sent with Content-Type application/json may be refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile            | required_by | status     | err             |
      | wrong-content-type | PUSH-17     | 400 or 415 | invalid_request |

  @id:RX-HOSTILE-18 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: An oversized body is refused with a 4xx, never a server error
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>

    Examples:
      | hostile   | required_by | status     | err             |
      | oversized | PUSH-06     | 400 or 413 | invalid_request |

  @id:RX-HOSTILE-19 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A push without the bearer token is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile        | required_by | status     | err                   |
      | missing-bearer | PUSH-06     | 400 or 401 | authentication_failed |

  @id:RX-HOSTILE-20 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-11 @req:PUSH-13
  Scenario Outline: A push with a wrong bearer token is refused
    Given the receiver acknowledged the valid twin of a <hostile> SET
    When the suite delivers the hostile <hostile> SET
    Then the receiver refused it as <required_by> requires
    And the refusal answered <status> with err <err>
    And the receiver's own logs show it did not act on the hostile SET

    Examples:
      | hostile      | required_by | status     | err                   |
      | wrong-bearer | PUSH-06     | 400 or 401 | authentication_failed |
