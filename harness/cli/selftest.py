"""`ssf-conformance selftest`: run the suite against every fault-injected reference and build the
kill matrix (reports/selftest/mutation.json and .md). Exit 0 only when every fault is killed by the
scenarios meant to catch it, every check is made to fail by some fault, and the clean
reference passes everything."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from harness.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, app
from harness.suite.profiles import PROJECT_ROOT


@app.command()
def selftest(
    role: str = typer.Option("all", help="transmitter | receiver | directory | all"),
    fault: list[str] = typer.Option(None, help="only these faults (repeatable)"),
    workers: int = typer.Option(2, help="runs in parallel (long-lived batch workers)"),
    reports: Path = typer.Option(PROJECT_ROOT / "reports" / "selftest",
                                 help="where mutation.* go (not a run's report folder)"),
    discover: bool = typer.Option(False, help="print which scenarios each fault fails"),
    variations: bool = typer.Option(False, "--variations",
                                    help="run the legal-variation matrix instead of the faults"),
    variation: list[str] = typer.Option(None, help="only these variations (repeatable)"),
) -> None:
    """Prove every check can fail (one suite run per reference fault) or, with --variations,
    that no check fails conformant behaviour (one run per legal variation)."""
    if variations or variation:
        _variation_matrix(role, variation or [], workers, reports)
        return
    from harness.checks import load_all
    from harness.reference.faults import registry
    from harness.selftest.matrix import judge, load_kills, write_matrix
    from harness.selftest.plan import collateral_job, job_for

    faults = registry()
    chosen = [f for f in faults.values() if (not fault or f.name in fault)
              and role in ("all", f.role)]
    if fault and len(chosen) != len(set(fault)):
        typer.echo(f"unknown fault(s): {sorted(set(fault) - {f.name for f in chosen})}", err=True)
        raise typer.Exit(EXIT_USAGE)
    kills = load_kills()
    roles = sorted({f.role for f in chosen})
    with tempfile.TemporaryDirectory(prefix="ssf-selftest-") as tmp:
        jobs = [job_for(f"clean:{r}", Path(tmp)) for r in roles] + \
            [collateral_job(f.name, Path(tmp)) for f in chosen]
        runs = _run_all(jobs, workers)
    clean = [r for r in runs if r.fault is None]
    problems = []
    for run in clean:
        bad = {s: st for s, st in run.scenario_status().items() if st in ("failed", "broken")}
        if bad or run.results is None:
            problems.append(f"clean {run.role} reference does not pass: {bad or run.output_tail}")
    outcomes, failed_checks = [], set()
    for run in (r for r in runs if r.fault is not None):
        failed_checks |= run.failed_checks()
        spec = kills.get(run.fault)
        outcome = judge(run.fault, run.role, list(spec.scenarios) if spec else [],
                        run.scenario_status())
        outcomes.append(outcome)
        if discover:
            typer.echo(f"{run.fault}: scenarios={sorted(outcome.collateral + outcome.caught_by)}"
                       f" checks={sorted(run.failed_checks())}")
        if spec and not set(spec.checks) <= run.failed_checks():
            problems.append(f"{run.fault}: declared checks did not fail: "
                            f"{sorted(set(spec.checks) - run.failed_checks())}")
        if not outcome.catching:
            problems.append(f"{run.fault}: no catching scenarios declared in kills.yaml")
        elif not outcome.killed:
            problems.append(f"{run.fault}: not killed (expected one of {outcome.catching})")
    def role_of(info) -> str:  # whose fault runs can make a check fail, by its module
        name = info.module.rsplit(".", 1)[-1]
        if name.startswith("directory"):
            return "directory"
        return "receiver" if name.startswith("receiver") else "transmitter"
    from harness.catalog import load_catalog
    catalog = load_catalog()

    def informational(info) -> bool:  # MAY/INFO-only checks can record findings, never fail
        return all(catalog.get(r).level in ("MAY", "INFO") for r in info.requirements)
    checks = [c for c, info in load_all().items()
              if role_of(info) in roles and not informational(info)]
    unkilled = sorted(c for c in checks if c not in failed_checks) if not fault else []
    doc = write_matrix(outcomes, unkilled, reports)
    if unkilled:
        problems.append(f"checks no fault made fail: {unkilled}")
    typer.echo(f"kill rate {doc['killed']}/{doc['faults']}; matrix in {reports / 'mutation.md'}")
    for p in problems:
        typer.echo(f"PROBLEM: {p}")
    (reports / "selftest-problems.json").write_text(json.dumps(problems, indent=2))
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)


def _run_all(jobs, workers: int) -> list:
    """Each job in its own fresh pytest session, in `workers` long-lived batch workers
    (harness/selftest/pool.py); the runs in the order of `jobs`."""
    from harness.selftest.pool import BatchPool
    pool = BatchPool(workers)
    try:
        futures = [pool.submit(job) for job in jobs]
        return [future.result() for future in futures]
    finally:
        pool.close(cancel_pending=True)


def _variation_matrix(role: str, names: list[str], workers: int, reports: Path) -> None:
    """Run the suite once per legal variation; exit 1 unless every one is green."""
    from harness.reference.variations import registry
    from harness.selftest.plan import job_for
    from harness.selftest.variation_runs import judge_variation, write_variation_matrix

    known = registry()
    unknown = sorted(set(names) - set(known))
    if unknown:
        typer.echo(f"unknown variation(s): {unknown}; known: {sorted(known)}", err=True)
        raise typer.Exit(EXIT_USAGE)
    chosen = [v for v in known.values() if (not names or v.name in names)
              and role in ("all", v.role)]
    with tempfile.TemporaryDirectory(prefix="ssf-variations-") as tmp:
        runs = _run_all([job_for(f"variation:{v.name}", Path(tmp)) for v in chosen], workers)
    outcomes = [judge_variation(v, run) for v, run in zip(chosen, runs)]
    doc = write_variation_matrix(outcomes, reports)
    typer.echo(f"variations green {doc['green']}/{doc['variations']}; matrix in "
               f"{reports / 'variations.md'}")
    for outcome in outcomes:
        for problem in outcome.problems:
            typer.echo(f"NOT GREEN: {outcome.variation}: {problem['scenario']} "
                       f"{problem['status']}: " + "; ".join(
                           f"{c['check']}: {c['message']}" for c in problem.get("checks", [])))
    raise typer.Exit(EXIT_OK if doc["green"] == doc["variations"] else EXIT_FAILED)
