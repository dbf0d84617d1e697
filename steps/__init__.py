"""Step definitions: thin glue between Gherkin phrases, the suite's driver (actions) and the
checks (verdicts). One domain per module; no assertion logic of their own."""
