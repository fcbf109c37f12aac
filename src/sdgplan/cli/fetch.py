"""`sdgplan fetch`: observations updated from SSB through query files or the queries saved
with the municipality (`--save`, `--list`, `--forget`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import bad_value, municipality_option, open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext

# The store, the use case and the HTTP client are imported when the command runs.
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.indicators import Observation
    from sdgplan.fetching import FetchReport, TablePlan
    from sdgplan.source_queries import Source

QUERY_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
SHOWN = 50  # changes listed per table


@cli.command(
    name="fetch",
    short_help=N_("Hent tall fra SSB."),
    help=N_(
        "Oppdater observasjonene fra SSB med spørrefiler (sdgplan-ssb-query): nye år og "
        "reviderte tall lagres samlet og logges med kilden. Tall lagt inn for hånd beholdes "
        "uten --overwrite.\n\n"
        "Med --save lagres spørringene hos kommunen (under filnavnet uten endelse), og "
        "sdgplan fetch uten filer henter så med de lagrede spørringene. En prøvekjøring "
        "lagrer ingen spørring.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan fetch ssb/07459.yaml --dry-run\n"
        "    sdgplan fetch ssb/*.yaml --save\n"
        "    sdgplan fetch --indicator befolkning\n"
        "    sdgplan fetch --list\n"
        "    sdgplan fetch --forget 07459"
    ),
)
@click.argument("query_files", metavar=N_("[SPØRREFIL]..."), nargs=-1, type=QUERY_FILE)
@click.option(
    "--indicator",
    metavar=N_("NØKKEL"),
    default=None,
    help=N_("Bare denne indikatoren [standard: alle i spørringene]."),
)
@click.option("--dry-run", is_flag=True, help=N_("Vis bare hva som ville endres; lagre ingenting."))
@click.option("--overwrite", is_flag=True, help=N_("Erstatt også tall som er lagt inn for hånd."))
@click.option(
    "--save",
    is_flag=True,
    help=N_("Lagre spørrefilene hos kommunen etter hentingen, til neste sdgplan fetch."),
)
@click.option(
    "--list",
    "listing",
    is_flag=True,
    help=N_("Vis de lagrede spørringene med tabell og indikatorer; hent ingenting."),
)
@click.option(
    "--forget",
    metavar=N_("NAVN"),
    default=None,
    help=N_("Fjern den lagrede spørringen NAVN; hent ingenting."),
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help=N_("SSBs adresse [standard: https://data.ssb.no]."),
)
@municipality_option
@store_options
def fetch(
    query_files: tuple[Path, ...],
    indicator: str | None,
    dry_run: bool,
    overwrite: bool,
    save: bool,
    listing: bool,
    forget: str | None,
    base_url: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    import time

    from sdgplan.fetching import fetch_observations
    from sdgplan.sources.pxweb import SSB_URL
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    given = {
        _("SPØRREFIL"): bool(query_files),
        "--indicator": indicator is not None,
        "--dry-run": dry_run,
        "--overwrite": overwrite,
        "--save": save,
        "--list": listing,
        "--forget": forget is not None,
    }
    if listing or forget is not None:
        _alone("--list" if listing else "--forget", given)
        _stored_queries(settings, municipality, forget=forget)
        return
    if save and not query_files:
        raise bad_value("--save", _("oppgi spørrefilene som skal lagres"))
    with open_store(settings, create=not dry_run) as engine, session_scope(engine) as session:
        report = fetch_observations(
            session,
            query_files,
            municipality=municipality,
            indicator=indicator,
            dry_run=dry_run,
            overwrite=overwrite,
            save=save,
            base_url=base_url or SSB_URL,
            who=current_user(),
            sleep=time.sleep,
            progress=lambda line: click.echo(line, err=True),
        )
    click.echo(render_fetch(report, save=save))


def _alone(flag: str, given: dict[str, bool]) -> None:
    others = [name for name, present in given.items() if present and name != flag]
    if others:
        raise bad_value(flag, _("kan ikke brukes med {others}").format(others=", ".join(others)))


def _stored_queries(settings: Settings, municipality: str | None, *, forget: str | None) -> None:
    """`--list` or `--forget NAME`: the municipality's stored queries."""
    from sdgplan import source_queries
    from sdgplan.loading import resolve_municipality
    from sdgplan.reference.municipalities import describe
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with (
        open_store(settings, create=forget is not None) as engine,
        session_scope(engine) as session,
    ):
        owner = resolve_municipality(session, municipality)
        if forget is not None:
            source_queries.forget_query(
                session, municipality=owner.number, name=forget, who=current_user()
            )
            click.echo(
                _("Fjernet den lagrede spørringen «{name}» fra {municipality}").format(
                    name=forget, municipality=describe(owner)
                )
            )
            return
        sources = source_queries.list_sources(session, owner.number)
    if not sources:
        click.echo(
            _("Ingen spørringer er lagret for {municipality}").format(municipality=describe(owner))
        )
        click.echo(_("Lagre spørrefilene ved første henting: sdgplan fetch FIL... --save"))
        return
    click.echo(_("Lagrede spørringer for {municipality}:").format(municipality=describe(owner)))
    click.echo("\n".join(render_source(s) for s in sources))


def render_source(source: Source) -> str:
    """`  07459: tabell 07459 -> befolkning (lagret 2026-11-30 av ola)`."""
    stored = source.stored
    if source.query is None:
        return "  " + _("{name}: kan ikke leses: {problem}").format(
            name=stored.name, problem=source.problem
        )
    indicators = list(dict.fromkeys(c.indicator for c in source.query.contents))
    return "  " + _("{name}: tabell {table} -> {indicators} (lagret {date} av {who})").format(
        name=stored.name,
        table=source.query.table,
        indicators=", ".join(indicators),
        date=stored.saved_at.date().isoformat(),
        who=stored.saved_by,
    )


def render_fetch(report: FetchReport, *, save: bool = False) -> str:
    """A summary line per table, then its changes, then the queries saved; a dry run says
    that nothing changed."""
    lines = []
    for plan in report.tables:
        lines.append(summary(plan, overwrite=report.overwrite))
        lines += _changes(plan, overwrite=report.overwrite)
    outcomes = {
        "new": _("Spørringen {name} er lagret (ny)"),
        "changed": _("Spørringen {name} er lagret (endret)"),
        "unchanged": _("Spørringen {name} er lagret fra før (uendret)"),
    }
    for name, outcome in report.saved_queries.items():
        lines.append(outcomes[outcome].format(name=name))
    if report.dry_run:
        lines.append(_("Prøvekjøring: ingenting er endret"))
        if save:
            lines.append(_("Spørringene er ikke lagret (prøvekjøring)"))
    return "\n".join(lines)


def summary(plan: TablePlan, *, overwrite: bool) -> str:
    """`07459: 3 nye, 1 revidert, 10 uendret, 2 håndlagt (beholdt)`."""
    parts = [
        ngettext("{count} ny", "{count} nye", len(plan.new)).format(count=len(plan.new)),
        ngettext("{count} revidert", "{count} reviderte", len(plan.revised)).format(
            count=len(plan.revised)
        ),
        _("{count} uendret").format(count=plan.unchanged),
    ]
    if plan.hand_entered:
        kept = _("{count} håndlagt (overskrevet)") if overwrite else _("{count} håndlagt (beholdt)")
        parts.append(kept.format(count=len(plan.hand_entered)))
    if plan.skipped_regions:
        parts.append(
            ngettext(
                "{count} tall for andre regioner hoppet over",
                "{count} tall for andre regioner hoppet over",
                plan.skipped_regions,
            ).format(count=plan.skipped_regions)
        )
    return f"{plan.table}: {', '.join(parts)}"


def _changes(plan: TablePlan, *, overwrite: bool) -> list[str]:
    from sdgplan.corrections import observation_key

    rows: list[tuple[str, Observation | None, Observation]] = [(_("ny"), None, o) for o in plan.new]
    rows += [(_("revidert"), r.old, r.new) for r in plan.revised]
    kept = _("håndlagt, overskrives") if overwrite else _("håndlagt, beholdes")
    rows += [(kept, r.old, r.new) for r in plan.hand_entered]
    lines = []
    for what, old, new in rows[:SHOWN]:
        change = _shown(new) if old is None else f"{_shown(old)} -> {_shown(new)}"
        lines.append(f"  {what} {observation_key(new)}: {change}")
    if len(rows) > SHOWN:
        more = len(rows) - SHOWN
        lines.append("  " + ngettext("... {count} til", "... {count} til", more).format(count=more))
    return lines


def _shown(obs: Observation) -> str:
    from sdgplan.domain.display import display_observation

    return display_observation(obs, None)
