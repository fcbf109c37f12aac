"""Use cases of materiality (issue 15): import a cycle's scoring settings and scores, all or
nothing and logged; read them back combined, prioritised and checked against the plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.materiality import (
    Aggregated,
    Materiality,
    Method,
    PlanCheck,
    Score,
    aggregate,
    check_plan,
    cycle_key,
    out_of_scale,
    prioritised,
)
from sdgplan.domain.plan import Municipality, Plan, PlanVersion, VersionKind
from sdgplan.errors import ChoiceNeeded, Conflict, InvalidData, NotFound
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed, read_text
from sdgplan.importers.materiality_csv import read_scores
from sdgplan.importers.materiality_yaml import read_materiality
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import materiality_repo, plan_repo

T = TypeVar("T")
EXAMPLE_PATTERN = "materiality-*.yaml"  # the bundled example's files, loaded in name order


@dataclass(frozen=True)
class MaterialityImport:
    """What one file changed."""

    municipality: Municipality
    cycle: str
    scores: int
    scorers: int
    settings: bool  # the file set the scale, aggregation and threshold
    issues: tuple[Issue, ...] = ()


def import_materiality_file(
    session: Session,
    path: Path,
    *,
    municipality: str | None = None,
    cycle: str | None = None,
    who: str = "unknown",
) -> MaterialityImport:
    """Read `path` and save it: a YAML file (`sdgplan-materiality`) sets the cycle's scale,
    aggregation and threshold and, with `scores:`, replaces its scores; a CSV file replaces
    the scores of `cycle` (or of the municipality's only cycle), checked against its scale.
    Raises InvalidData, saving nothing, when the file has errors."""
    from sdgplan.loading import Declared, resolve_municipality  # loading imports this module

    text = read_text(path)
    catalogue = load_sdg_catalogue()
    if path.suffix.casefold() in (".yaml", ".yml"):
        found = declared_municipality(text)
        declared = Declared(found[0], path, found[1]) if found else None
        owner = resolve_municipality(session, municipality, declared)
        parsed = read_materiality(text, source=str(path), catalogue=catalogue)
        given = _checked(parsed, path)
        if cycle and cycle != given.cycle:
            raise Conflict(
                _("{path} gjelder syklusen «{file}», ikke «{given}»").format(
                    path=path, file=given.cycle, given=cycle
                )
            )
        scores = given.scores
        if scores is None:
            stored = materiality_repo.load_materiality(session, owner.number, given.cycle)
            scores = list(stored.scores) if stored else []
            _check_stored(scores, given.method, path)
        materiality = Materiality(
            given.cycle,
            given.title or given.cycle,
            given.method,
            tuple(scores),
            given.illustrative,
        )
        issues = tuple(parsed.issues)
        settings = True
    else:
        owner = resolve_municipality(session, municipality)
        key = cycle or _only_cycle(session, owner, scored=False)
        try:
            cycle_key(key)
        except ValueError as e:
            raise InvalidData(
                _("{path}: ingenting er lagret").format(path=path),
                issues=[Issue(Severity.ERROR, "--cycle", str(e))],
            ) from e
        row = materiality_repo.find_cycle(session, owner.number, key)
        method = materiality_repo.stored_method(row) if row is not None else Method()
        parsed_scores = read_scores(text, source=str(path), catalogue=catalogue, scale=method.scale)
        read: list[Score] = _checked(parsed_scores, path)
        # a scores file declares nothing more: the stored flag stays
        illustrative = row is not None and row.materiality_illustrative
        materiality = Materiality(key, key, method, tuple(read), illustrative)
        issues = tuple(parsed_scores.issues)
        settings = False
    plan_repo.ensure_municipality(session, owner)
    materiality_repo.save_materiality(
        session,
        owner.number,
        materiality,
        who=who,
        source=str(path),
        replace_scores=True,
    )
    return MaterialityImport(
        owner,
        materiality.cycle,
        len(materiality.scores),
        len(materiality.scorers),
        settings,
        issues,
    )


def _checked(parsed: Parsed[T], path: Path) -> T:
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    return parsed.data


def _check_stored(scores: list[Score], method: Method, path: Path) -> None:
    """The stored scores must fit a new scale (a file without scores keeps them)."""
    issues = [
        Issue(Severity.ERROR, str(path), problem)
        for score in scores
        for problem in out_of_scale(score, method.scale)
    ]
    if issues:
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=issues)


def _only_cycle(session: Session, owner: Municipality, *, scored: bool) -> str:
    keys = materiality_repo.cycle_keys(session, owner.number, scored=scored)
    if len(keys) == 1:
        return keys[0]
    if not keys:
        raise NotFound(
            _("{municipality} har ingen vesentlighetsvurdering").format(municipality=owner.name),
            hint=_("Importer en: sdgplan materiality import FIL (--cycle NØKKEL for CSV)"),
        )
    raise ChoiceNeeded(
        _("Flere planperioder: {keys}").format(keys=", ".join(keys)),
        hint=_("Oppgi --cycle NØKKEL"),
        needs=("cycle",),
    )


@dataclass(frozen=True)
class MaterialityView:
    """A cycle's scoring combined and prioritised, and the check against the plan (None
    when no plan is stored)."""

    municipality: Municipality
    materiality: Materiality
    aggregated: list[Aggregated]
    prioritised: list[Aggregated]
    plan: Plan | None = None
    version: PlanVersion | None = None
    check: PlanCheck | None = None


def materiality_view(
    session: Session,
    *,
    municipality: str | None = None,
    cycle: str | None = None,
    version: VersionKind | None = None,
    plan_title: str | None = None,
) -> MaterialityView:
    """The scoring of `cycle` (default: the only scored one), checked against the stored plan
    (the adopted version if there is one, unless `version` says)."""
    from sdgplan.loading import resolve_municipality

    owner = resolve_municipality(session, municipality)
    key = cycle or _only_cycle(session, owner, scored=True)
    materiality = materiality_repo.load_materiality(session, owner.number, key)
    if materiality is None:
        raise NotFound(
            _("{municipality} har ingen planperiode «{cycle}»").format(
                municipality=owner.name, cycle=key
            ),
            hint=_("Importer en: sdgplan materiality import FIL (--cycle NØKKEL for CSV)"),
        )
    combined = aggregate(materiality.scores, materiality.method)
    plan, plan_version = _plan(session, owner, version, plan_title)
    check = check_plan(combined, plan_version.items()) if plan_version else None
    return MaterialityView(
        owner, materiality, combined, prioritised(combined), plan, plan_version, check
    )


def _plan(
    session: Session, owner: Municipality, version: VersionKind | None, title: str | None
) -> tuple[Plan | None, PlanVersion | None]:
    try:
        return plan_repo.load_plan_version(
            session, municipality=owner.number, version=version, title=title
        )
    except NotFound:
        if version is not None or title is not None:
            raise
        return None, None


def load_materiality_example(
    session: Session, folder_path: Path, municipality: str, who: str
) -> dict[str, int]:
    """Load an example's materiality files (`EXAMPLE_PATTERN` in `folder_path`); counts."""
    count = 0
    for path in sorted(folder_path.glob(EXAMPLE_PATTERN)):
        loaded = import_materiality_file(session, path, municipality=municipality, who=who)
        count += loaded.scores
    return {"materiality_scores": count}
