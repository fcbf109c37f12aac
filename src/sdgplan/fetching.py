"""`sdgplan fetch`: observations updated from SSB through saved queries, all or nothing
(docs/sources.md, "sdgplan fetch").

A query (a file, or one stored with the municipality: `source_queries`) binds SSB's contents
codes to indicator keys. Each fetch compares SSB's figures with the stored ones: new, revised
(value or status), unchanged, and hand-entered (the observation's last change was not a
fetch; kept unless `overwrite`). Every new or revised observation is logged with its
provenance as the change log's `source`:
`SSB 07459 (07459.yaml), hentet 2026-06-16, oppdatert 2026-06-15T06:00:00+00:00`.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan import corrections, loading, source_queries
from sdgplan.domain.indicators import Area, Observation, ObservationBatch
from sdgplan.domain.plan import Municipality
from sdgplan.errors import ConfigError, NotFound
from sdgplan.i18n import _
from sdgplan.importers.jsonstat import Cell, Dataset, read_jsonstat
from sdgplan.source_queries import SavedQuery
from sdgplan.sources.http import Fetcher, Progress, Sleep
from sdgplan.sources.pxweb import SSB_URL, Query, TableResult, fetch_table
from sdgplan.sources.regions import codes_to_ask, current_code, plain_number
from sdgplan.store import change_log, indicator_repo

ACTION = "fetch"  # the change log's action for a fetched observation
SOURCE_PREFIX = "SSB "  # a change whose source starts so came from a fetch
PROVENANCE = re.compile(r"^SSB (?P<table>\S+) \((?P<file>.*)\), hentet (?P<fetched>\S+), ")
YEAR = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True)
class Revision:
    """A stored observation and what SSB says now."""

    old: Observation
    new: Observation


@dataclass
class TablePlan:
    """What one query's answer does to the stored observations."""

    table: str
    query_file: str
    source: str  # the provenance logged with each change
    new: list[Observation] = field(default_factory=list)
    revised: list[Revision] = field(default_factory=list)
    unchanged: int = 0
    hand_entered: list[Revision] = field(default_factory=list)  # differs; last change by hand
    skipped_regions: int = 0  # cells of regions that are not the municipality's areas

    def changes(self, *, overwrite: bool) -> list[tuple[Observation | None, Observation]]:
        """(old, new) of every observation to save: new, revised, and with `overwrite` the
        hand-entered ones too."""
        pairs: list[tuple[Observation | None, Observation]] = [(None, o) for o in self.new]
        pairs += [(r.old, r.new) for r in self.revised]
        if overwrite:
            pairs += [(r.old, r.new) for r in self.hand_entered]
        return pairs


@dataclass
class FetchReport:
    municipality: str
    tables: list[TablePlan]
    dry_run: bool
    overwrite: bool
    saved_queries: dict[str, str] = field(default_factory=dict)  # name: new, changed, unchanged

    @property
    def saved(self) -> int:
        return sum(len(t.changes(overwrite=self.overwrite)) for t in self.tables)


def fetch_observations(
    session: Session,
    query_files: Sequence[Path] = (),
    *,
    municipality: str | None = None,
    indicator: str | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
    save: bool = False,
    base_url: str = SSB_URL,
    who: str = "unknown",
    sleep: Sleep = time.sleep,
    progress: Progress | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> FetchReport:
    """Fetch every query, compare with the stored observations and (unless `dry_run`) save
    the new and revised ones, each logged with its provenance. Everything is fetched and
    checked before anything is written; the caller's transaction makes it all or nothing.

    The queries are the files given, else the municipality's stored queries. With `save`
    (files only) the files' queries are stored too, replacing those of the same name, unless
    `dry_run`."""
    if save and not query_files:
        raise ConfigError(_("Oppgi spørrefilene som skal lagres."))
    saved = [source_queries.read_file(path) for path in query_files]
    if save:
        source_queries.check_names(saved)
    owner = _owner(session, saved, municipality)
    stored = not saved
    if stored:
        saved = source_queries.stored_queries(session, owner.number)
    context = indicator_repo.observation_context(session, owner.number)
    known = set(context.indicators)
    if save:
        _check_indicators(saved, known)
    chosen = saved if indicator is None else _only(saved, indicator, stored=stored)
    _check_indicators(chosen, known)
    areas = dict(context.areas)
    own = loading.own_area(owner)
    new_areas = {} if own.code in areas else {own.code: own}
    areas.setdefault(own.code, own)
    fetched = now()
    with Fetcher(sleep=sleep, progress=progress) as fetcher:
        answers = [(s, fetch_table(s.query, fetcher=fetcher, base_url=base_url)) for s in chosen]
    read = [(s, _datasets(result)) for s, result in answers]
    observations = indicator_repo.load_observations(session, owner.number)
    plans = []
    for query, datasets in read:
        plan = _plan(query, datasets, owner, set(areas), fetched)
        _compare(session, plan, owner.number, observations)
        plans.append(plan)
    report = FetchReport(owner.number, plans, dry_run, overwrite)
    if not dry_run and report.saved:
        _save(session, report, owner, new_areas, who)
    if save and not dry_run:
        report.saved_queries = source_queries.save_queries(
            session, saved, municipality=owner.number, who=who
        )
    return report


def _owner(session: Session, saved: list[SavedQuery], given: str | None) -> Municipality:
    """The municipality given, else the one the query files name (all the same), else the
    only one stored."""
    if given:
        return loading.resolve_municipality(session, given)
    owners = {
        loading.resolve_municipality(session, s.municipality).number: s
        for s in saved
        if s.municipality
    }
    if len(owners) > 1:
        raise ConfigError(
            _("Spørringene gjelder ulike kommuner: {numbers}").format(
                numbers=", ".join(sorted(owners))
            ),
            hint=_("Hent én kommune om gangen, eller oppgi kommunen."),
        )
    number = next(iter(owners), None)
    return loading.resolve_municipality(session, number)


def _only(saved: list[SavedQuery], indicator: str, *, stored: bool) -> list[SavedQuery]:
    """The queries (with only their contents) that fetch `indicator`."""
    kept = []
    for s in saved:
        contents = tuple(c for c in s.query.contents if c.indicator == indicator)
        if contents:
            kept.append(replace(s, query=replace(s.query, contents=contents)))
    if kept:
        return kept
    if not stored:
        raise NotFound(
            _("Ingen av spørringene henter indikatoren «{key}»").format(key=indicator),
            hint=_("Indikatoren bindes til SSB i spørrefilens «contents»."),
        )
    sourced = sorted({key for s in saved for key in s.indicators})
    raise NotFound(
        _("Ingen lagret spørring henter indikatoren «{key}»").format(key=indicator),
        hint=_(
            "Indikatorer med kilde: {keys}. Lagre en spørring med: sdgplan fetch FIL --save"
        ).format(keys=", ".join(sourced)),
    )


def _check_indicators(saved: list[SavedQuery], known: set[str]) -> None:
    for s in saved:
        unknown = [c.indicator for c in s.query.contents if c.indicator not in known]
        if unknown:
            raise ConfigError(
                _("{source}: ukjent indikator: {keys}").format(
                    source=s.origin, keys=", ".join(unknown)
                ),
                hint=_("Importer indikatorene først: sdgplan import indicators FIL"),
            )


def _datasets(result: TableResult) -> list[Dataset]:
    return [
        read_jsonstat(part.text, source=f"{result.query.label} ({part.url})")
        for part in result.parts
    ]


def _plan(
    saved: SavedQuery,
    datasets: list[Dataset],
    owner: Municipality,
    areas: set[str],
    fetched: dt.datetime,
) -> TablePlan:
    """SSB's cells as observations of the municipality's areas, one per indicator, area and
    year; where SSB has a figure under several of the municipality's numbers for a year,
    the newest number wins."""
    query = saved.query
    updated = max((d.updated for d in datasets if d.updated), default=None)
    source = "SSB {table} ({file}), hentet {fetched}, oppdatert {updated}".format(
        table=query.table,
        file=saved.label,
        fetched=fetched.date().isoformat(),
        updated=updated.isoformat() if updated else "?",
    )
    plan = TablePlan(query.table, saved.label, source)
    contents = {c.code: c for c in query.contents}
    ranks = _number_ranks(owner.number)
    chosen: dict[tuple[str, str, str], tuple[int, Observation]] = {}
    for dataset in datasets:
        region, period_dim, metric = _dimensions(query, dataset)
        for cell in dataset.cells:
            content = contents.get(cell.codes[metric]) if metric else query.contents[0]
            if content is None:
                continue
            area = _area(cell.codes[region], owner.number, areas)
            if area is None:
                plan.skipped_regions += 1
                continue
            observation = Observation(
                indicator=content.indicator,
                area=area,
                period=_period(query, cell.codes[period_dim]),
                value=_scaled(cell, content.scale),
                status=cell.status,
                decimals=_decimals(cell, content.scale),
            )
            key = (observation.indicator, observation.area, observation.period)
            rank = ranks.get(plain_number(cell.codes[region]), len(ranks))
            if key in chosen:
                plan.skipped_regions += 1
                if chosen[key][0] <= rank:
                    continue
            chosen[key] = (rank, observation)
    plan.new = [obs for _rank, obs in chosen.values()]  # sorted out by `_compare`
    return plan


def _dimensions(query: Query, dataset: Dataset) -> tuple[str, str, str | None]:
    """The ids of the region, time and contents dimensions; ConfigError for another
    dimension with several categories (its figures would land on the same observation)."""
    ids = {d.id for d in dataset.dimensions}
    region = dataset.geo.id if dataset.geo else "Region"
    period = dataset.time.id if dataset.time else "Tid"
    metric = dataset.metric.id if dataset.metric else query.contents_variable
    for needed in (region, period):
        if needed not in ids:
            raise ConfigError(
                _("{label}: svaret mangler dimensjonen {name}").format(
                    label=query.label, name=needed
                )
            )
    for dimension in dataset.dimensions:
        if dimension.id not in (region, period, metric) and len(dimension.categories) > 1:
            raise ConfigError(
                _("{label}: {name} har flere verdier ({count}) i svaret").format(
                    label=query.label, name=dimension.id, count=len(dimension.categories)
                ),
                hint=_("Velg én verdi for {name} i {source}.").format(
                    name=dimension.id, source=query.source
                ),
            )
    return region, period, metric if metric in ids else None


def _number_ranks(number: str) -> dict[str, int]:
    """The municipality's numbers, today's first, then its former ones newest first."""
    try:
        numbers = codes_to_ask(number)
    except NotFound:  # an organisation added to the database
        numbers = (number,)
    return {code: rank for rank, code in enumerate(numbers)}


def _area(code: str, owner: str, areas: set[str]) -> str | None:
    """The stored area a region code of SSB's is: the municipality's own number, an area
    stored under the code itself (a former municipality keeps its own series), or the
    municipality or stored area the code belongs to today; None for any other region."""
    plain = plain_number(code)
    if plain == owner or plain in areas:
        return plain
    try:
        current = current_code(code).current
    except NotFound:  # K-Rest, K-21-22 and other aggregates
        return None
    return current if current == owner or current in areas else None


def _period(query: Query, code: str) -> str:
    if YEAR.match(code):
        return code
    raise ConfigError(
        _("{label}: perioden «{code}» er ikke et år; sdgplan henter bare årstall").format(
            label=query.label, code=code
        ),
        hint=_("Velg en tabell med år (ikke kvartal eller måned)."),
    )


def _scaled(cell: Cell, scale: Decimal) -> float | None:
    if cell.value is None:
        return None
    if scale == 1:
        return cell.value
    return float(Decimal(repr(cell.value)) * scale)


def _decimals(cell: Cell, scale: Decimal) -> int | None:
    """The cell's decimals, moved by the scale (1000 times a figure of 0 decimals: 0)."""
    if cell.decimals is None or cell.value is None:
        return None
    shift = scale.normalize().as_tuple().exponent
    return max(0, cell.decimals - int(shift)) if isinstance(shift, int) else cell.decimals


def _compare(
    session: Session, plan: TablePlan, municipality: str, stored: list[Observation]
) -> None:
    """Sort the plan's observations into new, revised, unchanged and hand-entered."""
    by_key = {corrections.observation_key(o): o for o in stored}
    fetched = plan.new
    plan.new = []
    sources = _last_sources(session, municipality, {o.indicator for o in fetched})
    for obs in fetched:
        key = corrections.observation_key(obs)
        old = by_key.get(key)
        if old is None:
            plan.new.append(obs)
            continue
        if (old.value, old.status) == (obs.value, obs.status):
            plan.unchanged += 1
            continue
        # the stored note stays; a printed text of the old figure does not
        new = replace(obs, note=old.note)
        if (sources.get(key) or "").startswith(SOURCE_PREFIX):
            plan.revised.append(Revision(old, new))
        else:
            plan.hand_entered.append(Revision(old, new))


def _last_sources(
    session: Session, municipality: str, indicators: set[str]
) -> dict[str, str | None]:
    """The source of each observation's newest change log entry, by observation key."""
    sources: dict[str, str | None] = {}
    for key in sorted(indicators):
        for change in change_log.load_log(
            session, municipality, limit=None, entity="observation", subject=f"observations:{key}"
        ):  # newest first
            sources.setdefault(change.key, change.source)
    return sources


def _save(
    session: Session,
    report: FetchReport,
    owner: Municipality,
    new_areas: dict[str, Area],
    who: str,
) -> None:
    batch = ObservationBatch(new_areas=new_areas)
    for plan in report.tables:
        for old, new in plan.changes(overwrite=report.overwrite):
            batch.observations.append(new)
            change_log.record(
                session,
                who=who,
                municipality=owner.number,
                action=ACTION,
                entity="observation",
                key=corrections.observation_key(new),
                old=corrections.observation_value(old) if old else None,
                new=corrections.observation_value(new),
                source=plan.source,
            )
    indicator_repo.save_observations(session, owner, batch)


@dataclass(frozen=True)
class Provenance:
    table: str
    query_file: str
    fetched: str  # the date, YYYY-MM-DD


def parse_provenance(source: str | None) -> Provenance | None:
    """The table, query file and fetch date of a change log source written by a fetch."""
    match = PROVENANCE.match(source or "")
    if match is None:
        return None
    return Provenance(match["table"], match["file"], match["fetched"])


def latest_provenance(session: Session, municipality: str, indicator: str) -> Provenance | None:
    """Where the indicator's figures last came from: the newest fetch that changed one."""
    for change in change_log.load_log(
        session, municipality, limit=None, entity="observation", subject=f"observations:{indicator}"
    ):
        found = parse_provenance(change.source) if change.action == ACTION else None
        if found is not None:
            return found
    return None


def provenance_line(session: Session, municipality: str, indicator: str) -> str | None:
    """ "Kilde: SSB tabell 07459, hentet 2026-06-16" for reports and pages, or None if the
    indicator's figures were never fetched."""
    found = latest_provenance(session, municipality, indicator)
    if found is None:
        return None
    return _("Kilde: SSB tabell {table}, hentet {date}").format(
        table=found.table, date=found.fetched
    )
