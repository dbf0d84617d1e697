"""Reports for auditors and CI: Allure labels and attachments, HTML, conformance statement.

Room rule: imports harness.results and harness.catalog (and harness.jose for the statement key
in `signing`); never servers or checks. Import the submodules directly:

    allure_labels.apply_labels(allure, tags, recorder)         # per scenario, before it runs
    allure_verdicts.report_verdict(allure, check_result)       # per check verdict
    allure_evidence.attach_set(allure, header, claims, schema_errors)
    allure_evidence.attach_evidence(allure, evidence_path, checks)
    build.build_reports(reports_dir, project_root=...)         # `ssf-conformance report`
    statement_files.verify_statement(json_path, ...)           # `ssf-conformance verify-statement`
"""
