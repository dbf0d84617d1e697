"""Reports for auditors and CI: Allure labels and attachments, HTML, conformance statement.

Room rule: imports harness.results and harness.catalog; never servers or checks."""
