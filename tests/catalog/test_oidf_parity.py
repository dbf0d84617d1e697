"""Issue 15: for each OIDF module, the mapped scenarios check every condition the module checks,
at least as strictly; the data in harness/catalog/oidf_modules.yaml says how, and these tests
keep it true against the registered checks and what the mapped scenarios' steps run."""
from harness.catalog import load_catalog, oidf
from harness.checks import load_all
from harness.checks.beyond_oidf import BEYOND_OIDF
from tests.catalog.scenario_checks import scenario_checks

MODULES = oidf.load_modules()[1]


def test_every_module_is_compared_and_none_is_loose():
    assert {m.parity for m in MODULES} <= {"same", "stricter"}, [
        m.name for m in MODULES if m.parity not in ("same", "stricter")]


def test_every_condition_is_judged_by_a_check_a_mapped_scenario_runs():
    registry, run = load_all(), scenario_checks()
    problems = []
    for module in MODULES:
        ran = set().union(*(run.get(s, frozenset()) for s in module.scenarios))
        named = [c for _, checks in module.conditions for c in checks] + list(module.beyond)
        problems += [f"{module.name}: {c} is not a registered check" for c in named
                     if c not in registry]
        problems += [f"{module.name}: no mapped scenario runs {c}" for c in named
                     if c in registry and c not in ran]
    assert problems == [], "\n".join(problems)


def test_beyond_oidf_checks_match_the_modules_and_have_a_must_behind_them():
    catalog, registry = load_catalog(), load_all()
    listed = {c for m in MODULES for c in m.beyond}
    assert listed == set(BEYOND_OIDF), (
        f"in a module's beyond only: {sorted(listed - set(BEYOND_OIDF))}; "
        f"in beyond_oidf.py only: {sorted(set(BEYOND_OIDF) - listed)}")
    weak = [c for c in listed
            if not any(catalog.get(r).level == "MUST" for r in registry[c].requirements)]
    assert weak == [], f"stricter without a MUST behind it (align instead): {weak}"


def test_a_beyond_oidf_failure_says_so():
    from harness.checks.push import PushRequest, check_push_is_post
    verdict = check_push_is_post(PushRequest("PUT", "https", {}, b""))
    assert "(beyond OIDF: the OIDF modules do not grade the push request's method" in (
        verdict.message)
    assert load_all()["check_push_is_post"].beyond_oidf == BEYOND_OIDF["check_push_is_post"]
