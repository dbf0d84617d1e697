@role:receiver @area:registration @requires:ssa_registration
Feature: The receiver registers with its software statement (RFC 7591) before it manages its stream
  In an ecosystem run on a trust directory the receiver presents its SSA to the transmitter's
  authorization server and manages its stream with the client credentials it gets. The suite's
  transmitter trusts the profile's directory and records the registration.

  @id:RX-DCR-01 @req:DCR-01 @req:DCR-14 @requires:drive:create
  Scenario: The receiver registers with its SSA, then creates its stream with the credentials it got
    Given the receiver under test has no stream at the suite's transmitter
    When the receiver under test is driven to create its stream
    Then the receiver registered at the suite's registration endpoint with a software statement
    And the receiver created a stream at the suite's transmitter
    And the receiver created its stream with the credentials it registered
