"""Read files with the importers and save them with the store, all or nothing.

Every function raises `InvalidData` (listing every problem) before it writes anything, so
a caller that runs several of them in one transaction gets all of them or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from sdgplan import corrections
from sdgplan.config import RemoteImages
from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Indicator,
    IndicatorSet,
    Observation,
    ObservationBatch,
    ThematicPlan,
)
from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.narrative import Narrative, SectionKind
from sdgplan.domain.plan import Municipality, OrgKind, Plan, PlanVersion, VersionKind
from sdgplan.domain.plan_keys import KeyReport, assign_keys
from sdgplan.errors import ChoiceNeeded, Conflict, InvalidData, NotFound
from sdgplan.examples import EXAMPLES, example_path
from sdgplan.i18n import _
from sdgplan.importers import PlanOptions, detect_plan_format, import_plan_file
from sdgplan.importers.base import Parsed, read_text
from sdgplan.importers.boundaries import read_boundaries
from sdgplan.importers.narrative_md import read_narrative
from sdgplan.importers.observations import Decimal, open_observations
from sdgplan.importers.thematic_plans_csv import read_thematic_plans
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.reference import find_municipality
from sdgplan.store import (
    boundary_repo,
    change_log,
    indicator_repo,
    narrative_repo,
    org_repo,
    plan_repo,
)

T = TypeVar("T")


def load_plan(
    session: Session,
    path: Path,
    *,
    format: str | None = None,
    options: PlanOptions | None = None,
    municipality: str | None = None,
    allow_orphans: bool = False,
    who: str = "unknown",
) -> tuple[Plan, list[Issue], list[KeyReport]]:
    """Read and save a plan file; see `save_plan` for the keys and the report.

    The municipality is `municipality` (a number, code or name), else the one the YAML file
    names, looked up in the database too, so an added organisation's code works in files.
    """
    options = options or PlanOptions()
    if options.municipality is None:
        options = replace(options, municipality=plan_owner(session, path, format, municipality))
    result = import_plan_file(path, format=format, options=options)
    plan = _checked(Parsed(result.plan, result.issues), path)
    reports = save_plan(session, plan, allow_orphans=allow_orphans, who=who, source=str(path))
    return plan, result.issues, reports


def save_plan(
    session: Session,
    plan: Plan,
    *,
    allow_orphans: bool = False,
    who: str = "unknown",
    source: str | None = None,
) -> list[KeyReport]:
    """Store each version of `plan`, its items keyed: keys from the file are kept, the others
    matched to the version stored before (the same kind, else the other kind). Each new,
    reworded and removed item is written to the change log as done by `who`.

    Raises Conflict, before saving, when indicators or goal statuses would refer to goals
    the plan no longer has, unless `allow_orphans`.
    """
    number, title = plan.municipality.number, plan.title
    reports = []
    for version in plan.versions:
        previous = plan_repo.stored_version(session, number, title, version.kind)
        if previous is None:
            other = next(k for k in VersionKind if k is not version.kind)
            previous = plan_repo.stored_version(session, number, title, other)
        reports.append(assign_keys(version, previous))
    current = _current_after(session, plan)
    if current is not None and not allow_orphans:
        _refuse_orphans(session, number, current)
    plan_repo.save_plan(session, plan)
    if current is not None:
        indicator_repo.refresh_goal_names(session, number, current)
    for version, report in zip(plan.versions, reports, strict=True):
        _log_plan_items(session, number, version.kind, report, who=who, source=source, title=title)
    return reports


def plan_owner(
    session: Session | None, path: Path, format: str | None, given: str | None
) -> Municipality | None:
    """The municipality given (number, code or name), else the one a YAML plan file names;
    None: the importer finds it (an overview's title lines) or says that it is missing.

    Without a session only the bundled register is searched: the file can be checked
    before a database is opened, and an added organisation needs the database.
    """
    declared = None
    if not given:
        text = read_text(path)
        if (format or detect_plan_format(path, text)) != "yaml":
            return None
        declared = _declared_in_yaml(text, path)
        if declared is None:
            return None
    if session is not None:
        return resolve_municipality(session, given, declared)
    if declared is not None:
        return _declared_owner(declared, find_municipality)
    return find_municipality(given or "")


def _log_plan_items(
    session: Session,
    municipality: str,
    kind: VersionKind,
    report: KeyReport,
    *,
    who: str,
    source: str | None,
    title: str,
) -> None:
    """Each item's change; all belong to the editable plan (`plan:TITLE`), whose version
    they raise, so a draft of the plan made before this import cannot silently undo it."""
    changes = [
        *((key, None, text) for key, text in report.new),
        *((key, old, new) for key, old, new in report.reworded),
        *((key, text, None) for key, text in report.gone),
    ]
    for key, old, new in changes:
        change_log.record(
            session,
            who=who,
            municipality=municipality,
            action="import",
            entity="plan_item",
            key=f"{kind.value}/{key}",
            old=None if old is None else {"text": old},
            new=None if new is None else {"text": new},
            source=source,
            subject=f"plan:{title}",
        )


def _current_after(session: Session, plan: Plan) -> PlanVersion | None:
    """The version of `plan` that indicators will be read against after saving it, if the
    import changes it: the adopted version, else the proposal."""
    kinds = {v.kind: v for v in plan.versions}
    if VersionKind.ADOPTED in kinds:
        return kinds[VersionKind.ADOPTED]
    number, title = plan.municipality.number, plan.title
    if plan_repo.has_version(session, number, title, VersionKind.ADOPTED):
        return None
    return kinds.get(VersionKind.PROPOSAL)


def _refuse_orphans(session: Session, municipality: str, version: PlanVersion) -> None:
    missing = indicator_repo.orphaned_references(session, municipality, version)
    if missing:
        listed = "; ".join(f"{key}: {', '.join(users)}" for key, users in sorted(missing.items()))
        raise Conflict(
            _("Planen mangler mål som indikatorer viser til: {listed}; ingenting er lagret").format(
                listed=listed
            ),
            hint=_(
                "Behold målene (med sin id), flytt indikatorene først, eller tillat mål uten "
                "plan (foreldreløse)"
            ),
        )


def load_indicators(
    session: Session,
    path: Path,
    *,
    municipality: str | None = None,
    format: str | None = None,
    who: str = "unknown",
) -> tuple[IndicatorSet, list[Issue]]:
    """Read (YAML or Excel, see `INDICATOR_IMPORTERS`) and save indicator definitions; each
    new or changed indicator is logged."""
    from sdgplan.importers.indicators import open_indicators

    opened = open_indicators(path, format=format)
    declared = opened.declared()
    owner = resolve_municipality(
        session, municipality, Declared(declared[0], path, declared[1]) if declared else None
    )
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=owner.number)
    except NotFound:
        version = None  # fine for files that name no goals; the reader says otherwise
    parsed = opened.read(plan=version)
    data = _checked(parsed, path)
    stored = {i.key: i for i in indicator_repo.load_indicator_set(session, owner.number).indicators}
    for indicator in data.indicators:
        old = stored.get(indicator.key)
        if old != indicator:
            change_log.record(
                session,
                who=who,
                municipality=owner.number,
                action="import",
                entity="indicator",
                key=indicator.key,
                old=_indicator_record(old) if old else None,
                new=_indicator_record(indicator),
                source=str(path),
            )
    indicator_repo.save_indicator_set(session, owner, data)
    return data, parsed.issues


def _indicator_record(indicator: Indicator) -> dict[str, object]:
    """What the change log keeps of an indicator's definition."""
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction.value if indicator.direction else None,
        "threshold": str(indicator.threshold) if indicator.threshold else None,
        "goals": [g.key for g in indicator.goals],
        "source": indicator.source,
        "notes": indicator.notes,
    }


def load_observations(
    session: Session,
    path: Path,
    *,
    municipality: str | None = None,
    format: str | None = None,
    decimal: Decimal | None = None,
    replace_series: bool = False,
    who: str = "unknown",
) -> tuple[ObservationBatch, list[Issue]]:
    """Read observations (CSV or Excel, see `OBSERVATION_IMPORTERS`) and save them.

    Each new or changed observation is written to the change log as done by `who`. With
    `replace_series`, the stored observations of the file's indicators that the file lacks
    are deleted (and logged): the file holds each indicator's whole series.
    """
    opened = open_observations(path, format=format, decimal=decimal)
    declared = opened.declared()
    owner = resolve_municipality(
        session, municipality, Declared(declared[0], path, declared[1]) if declared else None
    )
    context = indicator_repo.observation_context(session, owner.number)
    own = own_area(owner)
    own_stored = own.code in context.areas
    context.areas.setdefault(own.code, own)
    parsed = opened.read(context=context, municipality=owner)
    batch = _checked(parsed, path)
    if not own_stored and any(o.area == own.code for o in batch.observations):
        batch.new_areas.setdefault(own.code, own)
    units = {
        **{k: i.unit for k, i in context.indicators.items()},
        **{k: i.unit for k, i in batch.new_indicators.items()},
    }
    # the stored observations as domain objects only where the file needs them
    if opened.values_only or replace_series:
        stored = indicator_repo.load_observations(session, owner.number)
        if opened.values_only:
            _keep_stored_texts(batch, stored)
    for obs in batch.observations:  # keep only printed texts that differ from the rendering
        if obs.display is None:
            continue  # most rows: nothing to compare, so no Babel formatting per row
        rendering = display_observation(replace(obs, display=None), units[obs.indicator])
        if obs.display == rendering:
            obs.display = None
    if replace_series:
        corrections.replace_series(
            session,
            municipality=owner.number,
            batch=batch,
            stored=stored,
            who=who,
            source=str(path),
        )
    changes = indicator_repo.save_observations(session, owner, batch)
    change_log.record_many(
        session,
        _log_entries(changes),
        who=who,
        municipality=owner.number,
        action="replace" if replace_series else "import",
        source=str(path),
    )
    return batch, parsed.issues


def _log_entries(
    changes: list[tuple[Observation, tuple[Any, ...] | None]],
) -> Iterator[dict[str, Any]]:
    """The change log's entry of each new or changed observation, as
    `corrections.log_observation_import` writes them, built one at a time."""
    for obs, old in changes:
        before = None
        if old is not None:
            value, decimals, status, display, note = old
            before = {"value": value, "status": status}
            for name, text in (("decimals", decimals), ("display", display), ("note", note)):
                if text is not None:
                    before[name] = text
        yield {
            "entity": "observation",
            "key": corrections.observation_key(obs),
            "old": before,
            "new": corrections.observation_value(obs),
        }


_AREA_KINDS = {
    OrgKind.MUNICIPALITY: AreaKind.MUNICIPALITY,
    OrgKind.COUNTY: AreaKind.COUNTY,
    OrgKind.OTHER: AreaKind.OTHER,
}


def own_area(owner: Municipality) -> Area:
    """The area an organisation's own figures are for: its code and name."""
    return Area(owner.number, owner.name, _AREA_KINDS[owner.kind])


def _keep_stored_texts(batch: ObservationBatch, stored: list[Observation]) -> None:
    """A file of values only (the Excel template) keeps the stored note of each observation,
    and its printed text while the figure is unchanged."""
    by_key = {(o.indicator, o.area, o.period, o.breakdown): o for o in stored}
    for obs in batch.observations:
        old = by_key.get((obs.indicator, obs.area, obs.period, obs.breakdown))
        if old is None:
            continue
        obs.note = old.note
        if (old.value, old.decimals or 0, old.status) == (obs.value, obs.decimals or 0, obs.status):
            obs.display = old.display


def load_narrative(
    session: Session,
    path: Path,
    *,
    municipality: str | None = None,
    remote_images: RemoteImages = "error",
    who: str = "unknown",
) -> tuple[Narrative, list[Issue]]:
    """Read and save a report section's text. A focus-area section must name a focus area of
    the stored plan (the adopted version if there is one) by its name or its key.

    A new or changed text is written to the change log as done by `who`.
    """
    owner = resolve_municipality(session, municipality, None)
    parsed = read_narrative(read_text(path), source=str(path), remote_images=remote_images)
    narrative = _checked(parsed, path)
    if narrative.kind is SectionKind.FOCUS_AREA:
        _check_focus_area(session, owner.number, narrative.section, path)
    stored = {
        (n.section, n.period): n for n in narrative_repo.load_narratives(session, owner.number)
    }
    old = stored.get((narrative.section, narrative.period))
    if old != narrative:
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="import",
            entity="narrative",
            key=narrative.label,
            old={"kind": old.kind.value, "markdown": old.markdown} if old else None,
            new={"kind": narrative.kind.value, "markdown": narrative.markdown},
            source=str(path),
        )
    narrative_repo.save_narrative(session, owner, narrative)
    return narrative, parsed.issues


def _check_focus_area(session: Session, municipality: str, section: str, path: Path) -> None:
    """Raise InvalidData unless `section` is the name or key of a focus area of the plan."""
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    except NotFound:
        version = PlanVersion(kind=VersionKind.PROPOSAL)
    if any(section in (area.name, area.key) for area in version.focus_areas):
        return
    if version.focus_areas:
        valid = ", ".join(f"«{a.name}» ({a.key})" for a in version.focus_areas)
        message = _("Ukjent satsingsområde: «{section}»; gyldige navn (nøkler): {valid}").format(
            section=section, valid=valid
        )
    else:
        message = _(
            "Satsingsområdet «{section}» finnes ikke: ingen plan er lagret; importer planen først"
        ).format(section=section)
    raise InvalidData(
        _("{path}: ingenting er lagret").format(path=path),
        issues=[Issue(Severity.ERROR, str(path), message)],
    )


def load_thematic_plans(
    session: Session, path: Path, *, municipality: str | None = None, who: str = "unknown"
) -> tuple[int, list[Issue]]:
    """Read and save the list of thematic plans, replacing it; a changed list is logged."""
    owner = resolve_municipality(session, municipality, None)
    parsed = read_thematic_plans(read_text(path), source=str(path))
    plans = _checked(parsed, path)
    old = indicator_repo.load_thematic_plans(session, owner.number)
    if old != plans:
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="import",
            entity="thematic_plans",
            key="thematic_plans",
            old=[_thematic_record(p) for p in old] or None,
            new=[_thematic_record(p) for p in plans],
            source=str(path),
        )
    indicator_repo.save_thematic_plans(session, owner, plans)
    return len(plans), parsed.issues


def _thematic_record(plan: ThematicPlan) -> dict[str, str | None]:
    adopted = plan.adopted.isoformat() if plan.adopted else None
    return {
        "name": plan.name,
        "status": plan.status.value,
        "adopted": adopted,
        "planned": plan.planned,
    }


def _checked(parsed: Parsed[T], path: Path) -> T:
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    return parsed.data


@dataclass(frozen=True)
class Declared:
    """The municipality number a file names, and where."""

    number: str
    source: Path
    line: int | None = None


def _declared_in_yaml(text: str, path: Path) -> Declared | None:
    """The `municipality:` of a YAML file (a number or `{number: ...}`), if it has one.

    Anything else gives None: the importer reports what is wrong, with its line.
    """
    found = declared_municipality(text)
    return Declared(found[0], path, found[1]) if found else None


def resolve_municipality(
    session: Session, given: str | None, declared: Declared | None = None
) -> Municipality:
    """The municipality (or added organisation) given by number, code or name, else the one
    the file names, else the only one stored; ChoiceNeeded when it cannot tell."""
    if given:
        return org_repo.find_organisation(session, given)
    if declared:
        return _declared_owner(declared, lambda code: org_repo.find_organisation(session, code))
    stored = org_repo.stored_organisations(session)
    if len(stored) == 1:
        return stored[0]
    question = _("Hvilken kommune?")
    if stored:
        listed = ", ".join(o.number for o in stored)
        question += " " + _("Databasen har: {listed}").format(listed=listed)
    raise ChoiceNeeded(question, hint=_("Oppgi kommunen."), needs=("municipality",))


def _declared_owner(declared: Declared, find: Callable[[str], Municipality]) -> Municipality:
    """The municipality a file names; one that is unknown or ambiguous is an issue at its
    line (InvalidData)."""
    try:
        return find(declared.number)
    except (NotFound, Conflict) as e:
        message = f"{e.message}. {e.hint}" if e.hint else e.message
        issue = Issue(Severity.ERROR, str(declared.source), message, declared.line)
        raise InvalidData(
            _("{path}: ingenting er lagret").format(path=declared.source), issues=[issue]
        ) from e


def load_example(session: Session, name: str, *, who: str = "unknown") -> dict[str, int]:
    """Load a bundled example (see `sdgplan.examples.EXAMPLES`); loading twice changes nothing.

    Returns counts of what was loaded, for the user.
    """
    if name not in EXAMPLES:
        raise NotFound(
            _("Ukjent eksempel: {name}").format(name=repr(name)),
            hint=_("Tilgjengelige: {names}").format(names=", ".join(EXAMPLES)),
        )
    example = EXAMPLES[name]
    counts = {"plans": 0, "indicators": 0, "observations": 0, "thematic_plans": 0, "narratives": 0}
    counts["boundaries"] = 0
    for file, version in example.plans:
        load_plan(
            session,
            example_path(name, file),
            options=PlanOptions(
                municipality=find_municipality(example.municipality), version=VersionKind(version)
            ),
            who=who,
        )
        counts["plans"] += 1
    for file in example.indicators:
        data, _issues = load_indicators(
            session, example_path(name, file), municipality=example.municipality, who=who
        )
        counts["indicators"] += len(data.indicators)
    for file in example.observations:
        batch, _issues = load_observations(
            session, example_path(name, file), municipality=example.municipality, who=who
        )
        counts["observations"] += len(batch.observations)
    for file in example.thematic_plans:
        number, _issues = load_thematic_plans(
            session, example_path(name, file), municipality=example.municipality, who=who
        )
        counts["thematic_plans"] += number
    for path in sorted(example_path(name, example.narratives).glob("*.md")):
        load_narrative(session, path, municipality=example.municipality, who=who)
        counts["narratives"] += 1
    for file in example.boundaries:
        path = example_path(name, file)
        owner = resolve_municipality(session, example.municipality)
        known = boundary_repo.known_area_codes(session, owner.number)
        found = _checked(read_boundaries(path, known_areas=known), path)
        boundary_repo.replace_boundaries(session, owner, found, who=who, source=str(path))
        counts["boundaries"] += len(found.shapes) + len(found.points)
    # the planning cycle's files, where the example has them (imported here: they import us)
    from sdgplan.benefits import load_benefits_example
    from sdgplan.climate import load_climate_example
    from sdgplan.consultation import load_consultation_example
    from sdgplan.materiality import load_materiality_example
    from sdgplan.method_tool import load_method_example
    from sdgplan.political_calendar import load_calendar_example
    from sdgplan.programme import load_programme_example

    folder = example_path(name)
    counts["programmes"] = load_programme_example(session, folder, example.municipality, who)
    counts.update(load_climate_example(session, folder, example.municipality, who))
    counts.update(load_calendar_example(session, folder, example.municipality, who))
    counts.update(load_consultation_example(session, folder, example.municipality, who))
    counts.update(load_benefits_example(session, folder, example.municipality, who))
    counts.update(load_method_example(session, folder, example.municipality, who))
    counts.update(load_materiality_example(session, folder, example.municipality, who))
    return counts
