@role:transmitter @area:dialect-sse-draft @requires:api:sse-draft
Feature: Legacy SSE draft, judged by the shape its deployments serve (anchors/vendor-dialects.md)
  For targets with `dialect: sse-draft` (Apple Business Manager-era IdPs, Google RISC). The
  metadata is discovered at /.well-known/sse-configuration; delivery methods
  are the RISC URNs; SETs carry their subject inside the event. The SSF 1.0 management-API
  scenarios do not apply (they need api:ssf).

  @id:TX-SSE-01 @req:SSE-01 @req:SSE-02 @req:SSE-03
  Scenario: The draft's metadata is discovered and a stream with a RISC delivery URN is created
    When the suite fetches the transmitter configuration without credentials
    Then the metadata was served at the dialect's well-known URL
    When the suite creates a stream with the dialect's documented body
    Then the metadata names the dialect's delivery methods
    And the stream was created as the document describes for requirement SSE-03
    And the stream's delivery names the dialect's delivery method

  @id:TX-SSE-02 @req:SSE-04 @requires:trigger @requires:subject:email
  Scenario Outline: A session-revoked SET names its subject inside the event (<delivery>)
    Given the transmitter metadata has been discovered
    And a <delivery> stream for session-revoked events is created for the suite
    When the transmitter is made to emit session-revoked about "alice@example.com"
    Then the session-revoked SET about "alice@example.com" arrives by <delivery> with its subject inside the event

    @requires:push
    Examples: push
      | delivery |
      | push     |

    @requires:poll
    Examples: poll
      | delivery |
      | poll     |

  # Google RISC (a profile declaring the iss_sub subject format, e.g.
  # profiles/examples/sse-draft-google-embedded.yaml): the pair is spelled "iss-sub".
  @id:TX-SSE-03 @req:SSE-05 @requires:push @requires:trigger @requires:subject:iss_sub
  Scenario: An account-disabled SET names its iss_sub subject inside the event as the draft spells it
    Given the transmitter metadata has been discovered
    And a push stream for account-disabled events is created for the suite
    When the transmitter is made to emit account-disabled about "alice@example.com"
    Then the account-disabled SET arrives by push with its iss_sub subject inside the event as the dialect spells it
