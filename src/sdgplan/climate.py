"""Use cases of the climate budget (issue 14): import emissions, the target and measures, all
or nothing and logged; read the budget back year by year."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from sdgplan.domain.climate import (
    BudgetYear,
    ClimateBudget,
    ClimateMeasure,
    ClimateTarget,
    Emission,
    budget_years,
)
from sdgplan.domain.issues import Issue, has_errors
from sdgplan.domain.plan import Municipality
from sdgplan.errors import InvalidData
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, read_text
from sdgplan.importers.climate_csv import (
    MEASURE_COLUMNS,
    delimiter_of,
    looks_like_emissions,
    read_emissions,
    read_measures,
)
from sdgplan.importers.climate_yaml import BudgetFile, read_budget
from sdgplan.importers.csv_rows import read_csv
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.store import change_log, climate_repo, plan_repo

T = TypeVar("T")

# The bundled example's files, in the order they are imported (examples/asker/README.md).
EXAMPLE_FILES = ("climate-emissions.csv", "climate-budget.yaml")


@dataclass(frozen=True)
class ClimateImport:
    """What one file changed: its kind (emissions, measures, budget) and counts."""

    municipality: Municipality
    kind: str
    emissions: int = 0
    measures: int = 0
    target: bool = False
    issues: tuple[Issue, ...] = ()


def import_climate_file(
    session: Session, path: Path, *, municipality: str | None = None, who: str = "unknown"
) -> ClimateImport:
    """Read `path` and save it, replacing what it covers: emissions (CSV in
    Miljødirektoratet's layout) replace the years in the file; measures (CSV) replace the
    list; a budget file (YAML) replaces the target and, if it has `measures:`, the list.
    Raises InvalidData, saving nothing, when the file has errors."""
    from sdgplan.loading import Declared, resolve_municipality  # loading imports this module

    text = read_text(path)
    if path.suffix.casefold() in (".yaml", ".yml"):
        found = declared_municipality(text)
        declared = Declared(found[0], path, found[1]) if found else None
        owner = resolve_municipality(session, municipality, declared)
        budget = _checked(read_budget(text, source=str(path)), path)
        return _save_budget(session, owner, budget, path=path, who=who)
    owner = resolve_municipality(session, municipality)
    if _csv_kind(text, path) == "measures":
        parsed_measures = read_measures(text, source=str(path))
        measures = _checked(parsed_measures, path)
        _save_measures(session, owner, measures, path=path, who=who)
        return ClimateImport(
            owner, "measures", measures=len(measures), issues=tuple(parsed_measures.issues)
        )
    parsed = read_emissions(text, source=str(path), municipality=owner.number)
    emissions = _checked(parsed, path)
    _save_emissions(session, owner, emissions, path=path, who=who)
    return ClimateImport(owner, "emissions", emissions=len(emissions), issues=tuple(parsed.issues))


def _csv_kind(text: str, path: Path) -> str:
    log = IssueLog(str(path))
    rows = read_csv(text, log, delimiter=delimiter_of(text))
    if rows is None:
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=log.issues)
    if looks_like_emissions(rows.header):
        return "emissions"
    if "effect" in rows.header:
        return "measures"
    log.error(
        _(
            "Kjenner ikke igjen kolonnene {header}: ventet utslipp (År, Sektor, Utslipp) "
            "eller tiltak ({measures})"
        ).format(header=", ".join(rows.header), measures=",".join(MEASURE_COLUMNS[:4])),
        line=1,
    )
    raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=log.issues)


def _checked(parsed: Parsed[T], path: Path) -> T:
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    return parsed.data


def _save_emissions(
    session: Session, owner: Municipality, emissions: list[Emission], *, path: Path, who: str
) -> None:
    plan_repo.ensure_municipality(session, owner)
    stored = _by_year(climate_repo.load_emissions(session, owner.number))
    given = _by_year(emissions)
    entries = (
        {"entity": "climate_emissions", "key": str(year), "old": stored.get(year), "new": new}
        for year, new in given.items()
        if stored.get(year) != new
    )
    change_log.record_many(
        session, entries, who=who, municipality=owner.number, action="import", source=str(path)
    )
    climate_repo.replace_years(session, owner.number, emissions)


def _by_year(emissions: list[Emission]) -> dict[int, dict[str, Any]]:
    years: dict[int, dict[str, Any]] = {}
    for e in emissions:
        record = {"tonnes": e.tonnes, "basis": e.basis.value, "note": e.note}
        years.setdefault(e.year, {})[e.sector.value] = record
    return years


def _save_budget(
    session: Session, owner: Municipality, budget: BudgetFile, *, path: Path, who: str
) -> ClimateImport:
    plan_repo.ensure_municipality(session, owner)
    if budget.target is not None:
        old = climate_repo.load_target(session, owner.number)
        if old != budget.target:
            change_log.record(
                session,
                who=who,
                municipality=owner.number,
                action="import",
                entity="climate_target",
                key="target",
                old=_target_record(old),
                new=_target_record(budget.target),
                source=str(path),
            )
        climate_repo.save_target(session, owner.number, budget.target)
    if budget.measures is not None:
        _save_measures(session, owner, budget.measures, path=path, who=who)
    return ClimateImport(
        owner,
        "budget",
        measures=len(budget.measures or []),
        target=budget.target is not None,
    )


def _target_record(target: ClimateTarget | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "reference_year": target.reference_year,
        "target_year": target.target_year,
        "reduction_percent": target.reduction_percent,
        "path": [[p.year, p.ceiling] for p in target.path] or None,
        "source": target.source,
    }


def _save_measures(
    session: Session,
    owner: Municipality,
    measures: list[ClimateMeasure],
    *,
    path: Path,
    who: str,
) -> None:
    plan_repo.ensure_municipality(session, owner)
    old = climate_repo.load_measures(session, owner.number)
    if old != measures:
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="import",
            entity="climate_measures",
            key="measures",
            old=[_measure_record(m) for m in old] or None,
            new=[_measure_record(m) for m in measures],
            source=str(path),
        )
    climate_repo.replace_measures(session, owner.number, measures)


def _measure_record(measure: ClimateMeasure) -> dict[str, Any]:
    return {
        "key": measure.key,
        "name": measure.name,
        "effect": measure.effect,
        "start_year": measure.start_year,
        "end_year": measure.end_year,
        "owner": measure.owner,
        "status": measure.status.value,
        "sector": measure.sector.value if measure.sector else None,
        "illustrative": measure.illustrative,
        "note": measure.note,
    }


@dataclass(frozen=True)
class BudgetView:
    """A municipality's stored budget and its rows year by year."""

    municipality: Municipality
    budget: ClimateBudget
    years: list[BudgetYear]

    def rows(self, year: int | None = None) -> Iterator[BudgetYear]:
        return (row for row in self.years if year is None or row.year == year)


def climate_budget(session: Session, *, municipality: str | None = None) -> BudgetView:
    """The budget of `municipality` (or the only stored one); a budget with nothing stored
    has no rows."""
    from sdgplan.loading import resolve_municipality

    owner = resolve_municipality(session, municipality)
    budget = climate_repo.load_budget(session, owner.number)
    return BudgetView(owner, budget, budget_years(budget))


def load_climate_example(
    session: Session, folder_path: Path, municipality: str, who: str
) -> dict[str, int]:
    """Load an example's climate files (`EXAMPLE_FILES` found in `folder_path`); counts."""
    counts = {"climate_emissions": 0, "climate_measures": 0}
    for name in EXAMPLE_FILES:
        path = folder_path / name
        if not path.exists():
            continue
        loaded = import_climate_file(session, path, municipality=municipality, who=who)
        counts["climate_emissions"] += loaded.emissions
        counts["climate_measures"] += loaded.measures
    return counts
