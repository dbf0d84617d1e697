"""Scenario inventory and tag linter for the Gherkin features (official `gherkin` parser).

Tag rules: every Scenario / Scenario Outline carries exactly one `@id:<ID>` on the scenario itself
and at least one `@req:<REQ-ID>`, which may sit on the Feature, a Rule, the Scenario or an
Examples block (inherited downwards). Every `@id:` is unique across all feature files, and every
`@req:` names a requirement of the catalog.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from gherkin.errors import ParserError
from gherkin.parser import Parser

ID_TAG = "@id:"
REQ_TAG = "@req:"


class FeatureParseError(ValueError):
    """A feature file that the Gherkin parser (and so pytest-bdd) would refuse."""


@dataclass(frozen=True)
class ScenarioInfo:
    id: str | None             # the scenario's @id value (None when missing or ambiguous)
    name: str
    feature_file: str          # path relative to the features dir, "/"-separated
    feature_name: str
    line: int
    requirements: tuple[str, ...]  # @req values, inherited ones included, de-duplicated
    tags: tuple[str, ...]          # every effective tag, e.g. "@requires:poll"
    own_ids: tuple[str, ...] = ()        # all @id values written on the scenario itself
    misplaced_ids: tuple[str, ...] = ()  # @id values on Feature / Rule / Examples


def _names(node: dict) -> list[str]:
    return [tag["name"] for tag in node.get("tags", [])]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _values(tags: Iterable[str], prefix: str) -> list[str]:
    return [t[len(prefix):] for t in tags if t.startswith(prefix)]


def _scenarios(children: list[dict], inherited: list[str]) -> Iterator[tuple[dict, list[str]]]:
    """(scenario node, tags inherited from Feature/Rule) for each scenario, Rules included."""
    for child in children:
        if "scenario" in child:
            yield child["scenario"], inherited
        elif "rule" in child:
            rule = child["rule"]
            yield from _scenarios(rule.get("children", []), inherited + _names(rule))


def parse_feature(path: Path, features_dir: Path) -> list[ScenarioInfo]:
    """Scenarios of one feature file; raises FeatureParseError when Gherkin rejects it."""
    relative = path.relative_to(features_dir).as_posix()
    try:
        document = Parser().parse(path.read_text(encoding="utf-8"))
    except (ParserError, UnicodeDecodeError) as err:
        raise FeatureParseError(f"{relative}: {err}") from None
    feature = document.get("feature")
    if feature is None:
        raise FeatureParseError(f"{relative}: no 'Feature:' (pytest-bdd requires one)")
    infos = []
    for scenario, inherited in _scenarios(feature.get("children", []), _names(feature)):
        own = _names(scenario)
        example_tags = [t for ex in scenario.get("examples", []) for t in _names(ex)]
        tags = _unique(inherited + own + example_tags)
        own_ids = tuple(_values(own, ID_TAG))
        infos.append(ScenarioInfo(
            id=own_ids[0] if len(own_ids) == 1 else None,
            name=scenario["name"], feature_file=relative, feature_name=feature["name"],
            line=scenario["location"]["line"],
            requirements=_unique(_values(tags, REQ_TAG)), tags=tags, own_ids=own_ids,
            misplaced_ids=tuple(_values(inherited + example_tags, ID_TAG))))
    return infos


def feature_files(features_dir: Path) -> list[Path]:
    return sorted(Path(features_dir).rglob("*.feature"))


def collect_scenarios(features_dir: Path, missing_ok: bool = False) -> list[ScenarioInfo]:
    """Every scenario under `features_dir` (recursively), in file then line order.

    Raises FeatureParseError for a file Gherkin rejects; a missing directory is an error unless
    missing_ok (the repo's `features/` is absent on a fresh clone until features are written).
    """
    features_dir = Path(features_dir)
    if not features_dir.is_dir():
        if missing_ok:
            return []
        raise FileNotFoundError(f"features directory not found: {features_dir}")
    return [info for path in feature_files(features_dir) for info in parse_feature(path, features_dir)]


def _where(info: ScenarioInfo) -> str:
    return f"{info.feature_file}:{info.line} scenario {info.name!r}"


def lint(features_dir: Path, catalog) -> list[str]:
    """Problems with the scenario tags, one readable line each (empty list: all good).

    `catalog` is anything supporting `req_id in catalog` (a harness.catalog.Catalog).
    """
    features_dir = Path(features_dir)
    problems: list[str] = []
    scenarios: list[ScenarioInfo] = []
    for path in feature_files(features_dir) if features_dir.is_dir() else []:
        try:
            scenarios.extend(parse_feature(path, features_dir))
        except FeatureParseError as err:
            problems.append(f"parse error: {err}")
    first_use: dict[str, ScenarioInfo] = {}
    for info in scenarios:
        where = _where(info)
        if not info.own_ids:
            problems.append(f"{where}: no @id: tag on the scenario (exactly one required)")
        elif len(info.own_ids) > 1:
            problems.append(f"{where}: {len(info.own_ids)} @id: tags "
                            f"({', '.join(info.own_ids)}); exactly one required")
        for misplaced in info.misplaced_ids:
            problems.append(f"{where}: @id:{misplaced} must be on the scenario itself, "
                            f"not on the Feature, a Rule or an Examples block")
        for scenario_id in info.own_ids:
            if not scenario_id:
                problems.append(f"{where}: empty @id: tag")
            elif scenario_id in first_use:
                problems.append(f"{where}: @id:{scenario_id} already used by "
                                f"{_where(first_use[scenario_id])}")
            else:
                first_use[scenario_id] = info
        if not info.requirements:
            problems.append(f"{where}: no @req: tag (at least one required)")
        for requirement in info.requirements:
            if requirement not in catalog:
                problems.append(f"{where}: @req:{requirement} is not a catalog requirement id")
    return problems
