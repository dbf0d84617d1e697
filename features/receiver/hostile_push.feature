@role:receiver @area:push-hostile @requires:push
Feature: Hostile SETs pushed to the receiver under test are refused
  Every hostile request breaks exactly one rule of a valid SET or push (the forger in
  harness/suite/forger.py builds it from the suite transmitter's real key and issuer). A
  conformant receiver answers 400 with an RFC 8935 error body naming the failure (401 is
  tolerated for a missing or wrong bearer), and does not act on what it refused.

  Background:
    Given the receiver under test has a push stream at the suite's transmitter

  @id:RX-HOSTILE-01 @req:JOSE-03 @req:PUSH-06 @req:PUSH-09 @req:PUSH-10 @req:PUSH-13
  Scenario: A SET signed with a key the transmitter never published is refused
    When the suite delivers a hostile SET of class "bad-signature"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-02 @req:PUSH-06 @req:PUSH-09 @req:PUSH-13
  Scenario: A SET signed with a key whose kid is not in the transmitter JWKS is refused
    When the suite delivers a hostile SET of class "unknown-kid"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-03 @req:JOSE-04 @req:PUSH-09 @req:PUSH-13
  Scenario: An unsigned SET (alg none) is refused
    When the suite delivers a hostile SET of class "alg-none"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-04 @req:JOSE-03 @req:INTEROP-SIG-01 @req:PUSH-09 @req:PUSH-13
  Scenario: An HS256 SET keyed with the transmitter's public key is refused
    When the suite delivers a hostile SET of class "hs256-public-key"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-05 @req:SET-06 @req:PUSH-06 @req:PUSH-09 @req:PUSH-13
  Scenario: A SET whose iss names another issuer is refused with invalid_issuer
    When the suite delivers a hostile SET of class "wrong-iss"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-06 @req:PUSH-06 @req:PUSH-09 @req:PUSH-13
  Scenario: A SET whose aud names another receiver is refused with invalid_audience
    When the suite delivers a hostile SET of class "wrong-aud"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-07 @req:JOSE-01 @req:PUSH-09
  Scenario: A SET without a typ header is refused
    When the suite delivers a hostile SET of class "missing-typ"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-08 @req:JOSE-01 @req:PUSH-09
  Scenario: A SET typed JWT instead of secevent+jwt is refused
    When the suite delivers a hostile SET of class "wrong-typ"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-09 @req:JOSE-02 @req:PUSH-09
  Scenario: A SET whose crit header names an unknown extension is refused
    When the suite delivers a hostile SET of class "crit-header"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-10 @req:SET-14 @req:INTEROP-SET-01 @req:PUSH-09
  Scenario: A SET carrying two independent events is refused
    When the suite delivers a hostile SET of class "two-events"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-11 @req:SET-02 @req:PUSH-09
  Scenario: A SET carrying the JWT sub claim is refused
    When the suite delivers a hostile SET of class "sub-claim"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-21 @req:SUBID-01 @req:SET-04 @req:PUSH-09
  Scenario: A SET whose sub_id lacks the member its format requires is refused
    When the suite delivers a hostile SET of class "sub-id-missing-member"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-12 @req:SET-07 @req:PUSH-09
  Scenario: A SET issued 30 days ago is refused
    When the suite delivers a hostile SET of class "expired-iat"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-13 @req:SET-07 @req:PUSH-09
  Scenario: A SET issued a day in the future is refused
    When the suite delivers a hostile SET of class "future-iat"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-14 @req:JOSE-03 @req:PUSH-09 @req:PUSH-13
  Scenario: A body that is not a compact JWS is refused with invalid_request
    When the suite delivers a hostile SET of class "malformed-jws"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-15 @req:PUSH-09 @req:PUSH-13
  Scenario: A JSON body instead of a JWT is refused with invalid_request
    When the suite delivers a hostile SET of class "not-a-jwt"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-16 @req:SET-08 @req:PUSH-06 @req:PUSH-09
  Scenario: A different SET reusing an accepted jti is refused as a replay
    Given the receiver has acknowledged a valid session-revoked SET
    When the suite delivers a hostile SET of class "replayed-jti"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-17 @req:PUSH-09 @req:PUSH-02
  Scenario: A valid SET sent with Content-Type application/json is refused
    When the suite delivers a hostile SET of class "wrong-content-type"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-18 @req:PUSH-09 @req:PUSH-12
  Scenario: An oversized body is refused with a 4xx, never a server error
    When the suite delivers a hostile SET of class "oversized"
    Then the receiver refused the hostile SET as the catalog requires

  @id:RX-HOSTILE-19 @req:PUSH-06 @req:PUSH-13
  Scenario: A push without the bearer token is refused
    When the suite delivers a hostile SET of class "missing-bearer"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET

  @id:RX-HOSTILE-20 @req:PUSH-06 @req:PUSH-13
  Scenario: A push with a wrong bearer token is refused
    When the suite delivers a hostile SET of class "wrong-bearer"
    Then the receiver refused the hostile SET as the catalog requires
    And the receiver's own logs show it did not act on the hostile SET
