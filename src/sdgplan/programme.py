"""The action programme with budget (issue 14): import, show, compare versions, the
financial rules per year, and the restructuring amounts of the adopted programmes
(docs/planning-cycle.md). Imports and replacements are logged as entity `programme`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.plan import PlanVersion
from sdgplan.domain.programme import (
    RULE_FIGURES,
    Allocation,
    Amounts,
    GoalPlace,
    MeasureDifference,
    Period,
    Programme,
    ProgrammeVersion,
    VersionKind,
    allocate,
    cost_per_year,
    differences,
    restructuring_first_year,
    rule_ratio,
    subtract,
)
from sdgplan.domain.references import Reference
from sdgplan.domain.rules import Threshold
from sdgplan.errors import InvalidData, NotFound
from sdgplan.exporters.programme import programme_data
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed, read_text
from sdgplan.importers.programme_xlsx import XlsxProgramme
from sdgplan.importers.programme_yaml import read_programme
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.loading import Declared, resolve_municipality
from sdgplan.store import change_log, indicator_repo, plan_repo, programme_repo

ENTITY = "programme"


@dataclass(frozen=True)
class Imported:
    programme: Programme
    issues: list[Issue]
    replaced: bool
    unchanged: bool = False


def import_programme(
    session: Session, path: Path, *, municipality: str | None = None, who: str
) -> Imported:
    """Read a programme file and store it, replacing the stored programme of its period;
    InvalidData (nothing stored) for any error, such as a change set out of balance."""
    declared, read = _READERS.get(path.suffix.lower(), _yaml_reader)(path)
    owner = resolve_municipality(session, municipality, declared).number
    places = goal_places(session, owner)
    parsed = read(owner, set(places) if places else None)
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    issues = list(parsed.issues)
    if not places:
        issues.append(
            Issue(
                Severity.WARNING,
                str(path),
                _("Ingen plan er lagret: tiltakenes mål er ikke kontrollert"),
            )
        )
    programme = parsed.data
    old = programme_repo.find_programme(session, owner, str(programme.period))
    if old == programme:  # loading the same file twice changes nothing
        return Imported(programme, issues, replaced=False, unchanged=True)
    programme_repo.save_programme(session, programme, who=who)
    change_log.record(
        session,
        who=who,
        municipality=owner,
        action="replace" if old else "import",
        entity=ENTITY,
        key=str(programme.period),
        old=programme_data(old) if old else None,
        new=programme_data(programme),
        source=str(path),
    )
    return Imported(programme, issues, replaced=old is not None)


Read = Callable[[str, set[str] | None], Parsed[Programme]]  # (owner, known goals) -> programme


def _yaml_reader(path: Path) -> tuple[Declared | None, Read]:
    text = read_text(path)
    found = declared_municipality(text)

    def read(owner: str, goals: set[str] | None) -> Parsed[Programme]:
        return read_programme(
            text,
            source=str(path),
            municipality=owner,
            known_goals=goals,
            include=lambda name: (read_text(path.parent / name), str(path.parent / name)),
        )

    return (Declared(found[0], path, found[1]) if found else None), read


def _xlsx_reader(path: Path) -> tuple[Declared | None, Read]:
    book = XlsxProgramme(path)
    found = book.declared()

    def read(owner: str, goals: set[str] | None) -> Parsed[Programme]:
        return book.read(municipality=owner, known_goals=goals)

    return (Declared(found, path) if found else None), read


_READERS = {".xlsx": _xlsx_reader}  # by suffix; anything else is YAML


def load_programme_example(session: Session, folder_path: Path, municipality: str, who: str) -> int:
    """Load the example's programme files (`programme-*.yaml`); returns how many."""
    paths = sorted(folder_path.glob("programme-*.yaml"))
    for path in paths:
        import_programme(session, path, municipality=municipality, who=who)
    return len(paths)


def choose_programme(session: Session, municipality: str, period: str | None) -> Programme:
    """The programme of `period`, or the newest stored one."""
    if period is None:
        stored = programme_repo.periods(session, municipality)
        if not stored:
            raise NotFound(
                _("Ingen handlingsprogram er lagret for {municipality}").format(
                    municipality=municipality
                ),
                hint=_("Importer et: sdgplan programme import FIL"),
            )
        period = stored[-1]
    return programme_repo.load_programme(session, municipality, period)


def choose_version(programme: Programme, key: str | None) -> ProgrammeVersion:
    """Version `key`, or the adopted one, else the proposal."""
    if key is None:
        adopted = [v for v in programme.versions if v.kind is VersionKind.ADOPTED]
        return adopted[-1] if adopted else programme.versions[0]
    try:
        return programme.version(key)
    except KeyError:
        known = ", ".join(v.key for v in programme.versions)
        raise NotFound(
            _("Handlingsprogrammet {period} har ingen versjon «{key}»").format(
                period=programme.period, key=key
            ),
            hint=_("Versjonene: {known}").format(known=known),
        ) from None


def goal_places(session: Session, municipality: str) -> dict[str, GoalPlace]:
    """Every goal and strategy key of the stored plan (adopted before proposal), with its
    focus area and SDG goals; a strategy without SDG references takes its goal's."""
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    except NotFound:
        return {}
    return places_of(version)


def places_of(version: PlanVersion) -> dict[str, GoalPlace]:
    places: dict[str, GoalPlace] = {}
    for area, goal in version.goals():
        own = _sdg_goals(goal.refs)
        if goal.key:
            places[goal.key] = GoalPlace(area.name, own)
        for strategy in goal.strategies:
            if strategy.key:
                places[strategy.key] = GoalPlace(area.name, _sdg_goals(strategy.refs) or own)
    return places


def _sdg_goals(refs: tuple[Reference, ...]) -> tuple[int, ...]:
    return tuple(sorted({r.sdg_goal for r in refs if r.sdg_goal is not None}))


@dataclass(frozen=True)
class Comparison:
    """Version `version` against `against`: the measures that differ, what it costs per
    year, and how the money per focus area and SDG goal changes."""

    programme: Programme
    version: ProgrammeVersion
    against: ProgrammeVersion
    measures: list[MeasureDifference]
    cost: Amounts
    allocation: Allocation


def compare(session: Session, programme: Programme, version: str, against: str) -> Comparison:
    chosen, base = choose_version(programme, version), choose_version(programme, against)
    after, before = programme.measures(chosen.key), programme.measures(base.key)
    places = goal_places(session, programme.municipality)
    period = programme.period
    return Comparison(
        programme=programme,
        version=chosen,
        against=base,
        measures=differences(after, before, period),
        cost=cost_per_year(before, after, period),
        allocation=subtract(
            allocate(after, places, period), allocate(before, places, period), period
        ),
    )


def allocation(session: Session, programme: Programme, version: str) -> Allocation:
    places = goal_places(session, programme.municipality)
    return allocate(programme.measures(version), places, programme.period)


@dataclass(frozen=True)
class RuleYear:
    """A financial rule's projected value in one year, judged by its indicator's threshold
    (`kept` None: no threshold or no figures)."""

    rule: str
    indicator: str
    name: str
    year: int
    value: Decimal | None
    threshold: Threshold | None
    kept: bool | None


def financial_rules(session: Session, programme: Programme) -> list[RuleYear]:
    """Each financial rule of the programme per year, from its figures (`economy`)."""
    indicators = {
        i.key: i
        for i in indicator_repo.load_indicator_set(session, programme.municipality).indicators
    }
    found: list[RuleYear] = []
    for rule in RULE_FIGURES:
        key = programme.rules.get(rule)
        if key is None:
            continue
        indicator = indicators.get(key)
        threshold = indicator.threshold if indicator else None
        for year in programme.period.years:
            economy = programme.economy.get(year)
            value = rule_ratio(rule, economy) if economy else None
            kept = threshold.is_met(float(value)) if threshold and value is not None else None
            name = indicator.name if indicator else key
            found.append(RuleYear(rule, key, name, year, value, threshold, kept))
    return found


@dataclass(frozen=True)
class Restructuring:
    period: str
    amount: Decimal  # saved in the programme's first year, NOK


def restructuring(
    session: Session, municipality: str, years: Period | None = None
) -> list[Restructuring]:
    """The restructuring amount of each stored programme's adopted (else last) version in
    its first year: the table «Vedtatt omstillingsbeløp» of the four-year report; with
    `years`, only the programmes that begin in them."""
    rows = []
    for period in programme_repo.periods(session, municipality):
        if years is not None and Period.parse(period).first not in years.years:
            continue
        programme = programme_repo.load_programme(session, municipality, period)
        version = choose_version(programme, None)
        rows.append(Restructuring(period, restructuring_first_year(programme, version.key)))
    return rows
