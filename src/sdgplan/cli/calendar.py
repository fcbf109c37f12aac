"""`sdgplan calendar import | show | export | activity`: the political calendar (årshjul)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    municipality_option,
    open_store,
    parse_date,
    replace_file,
    safe_url,
    store_options,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext

# The store is imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.calendar import ActivityTable, CalendarEvent

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.group(
    name="calendar",
    help=N_(
        "Det politiske årshjulet: milepælene i handlingsprogramprosessen fra en mal per "
        "kommune, møtene i kommunestyret og utvalgene, og den politiske aktiviteten (møter og "
        "saker per utvalg og år)."
    ),
)
def calendar_group() -> None:
    pass


@calendar_group.command(
    name="import",
    short_help=N_("Importer årshjul, møter eller politisk aktivitet."),
    help=N_(
        "Importer en YAML-fil med årshjulets mal (template) og/eller møter (meetings), eller en "
        "CSV-fil med politisk aktivitet (body,year,meetings,cases,status). Malen erstatter den "
        "lagrede malen; møtene erstatter de lagrede møtene i årene filen har møter for; "
        "aktiviteten erstatter årene filen har. Alt eller ingenting: med en feil lagres "
        "ingenting. Formatene står i docs/planning-cycle.md.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan calendar import calendar.yaml\n"
        "    sdgplan calendar import political-activity.csv --municipality 3203"
    ),
)
@click.argument("file", metavar=N_("FIL"), type=FILE)
@municipality_option
@store_options
def calendar_import(file: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.political_calendar import load_calendar_file
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        found = load_calendar_file(session, file, municipality=municipality, who=current_user())
    click.echo(render_issues(found.issues), err=True, nl=False)
    parts = []
    if found.milestones is not None:
        parts.append(
            ngettext(
                "årshjul med {count} milepæl", "årshjul med {count} milepæler", found.milestones
            ).format(count=found.milestones)
        )
    if found.meetings:
        parts.append(
            ngettext("{count} møte", "{count} møter", found.meetings).format(count=found.meetings)
        )
    if found.activity_records:
        parts.append(_("politisk aktivitet ({count} rader)").format(count=found.activity_records))
    org = found.municipality
    click.echo(
        _("Importert {what} for {name} ({number}) -> {database}").format(
            what=", ".join(parts),
            name=org.name,
            number=org.number,
            database=safe_url(settings.db),
        )
    )


@calendar_group.command(
    name="show",
    short_help=N_("Vis årshjulet for et år."),
    help=N_(
        "Vis milepælene og møtene i et år, delt i tidligere og kommende sett fra en dag "
        "(standard i dag). Med --upcoming bare de kommende.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan calendar show --year 2024\n"
        "    sdgplan calendar show --upcoming --date 2024-10-01"
    ),
)
@click.option("--year", type=int, default=None, help=N_("Året [standard: dagens år]."))
@click.option("--upcoming", is_flag=True, help=N_("Bare det som ikke er over."))
@click.option(
    "--date",
    "date_text",
    metavar=N_("ÅÅÅÅ-MM-DD"),
    default=None,
    help=N_("Dagen som skiller tidligere og kommende [standard: i dag]."),
)
@municipality_option
@store_options
def calendar_show(
    year: int | None,
    upcoming: bool,
    date_text: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.domain.calendar import split_by_day
    from sdgplan.loading import resolve_municipality
    from sdgplan.political_calendar import calendar_events
    from sdgplan.store.db import session_scope

    today = parse_date(date_text) or dt.date.today()
    year = year or today.year
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        events = calendar_events(session, org.number, year)
    click.echo(
        _("Politisk årshjul {year} – {name} ({number})").format(
            year=year, name=org.name, number=org.number
        )
    )
    if not events:
        click.echo(_("Ingen milepæler eller møter er lagret for {year}.").format(year=year))
        return
    past, coming = split_by_day(events, today)
    sections = [] if upcoming else [(_("Tidligere"), past)]
    sections.append((_("Kommende fra {date}").format(date=_day(today)), coming))
    for heading, shown in sections:
        click.echo(f"\n{heading}:")
        for event in shown:
            click.echo("  " + _event_line(event))
        if not shown:
            click.echo("  " + _("(ingen)"))


@calendar_group.command(
    name="export",
    short_help=N_("Eksporter årshjulet som iCalendar (.ics)."),
    help=N_(
        "Skriv milepælene og møtene som en iCalendar-fil som kan abonneres på i en "
        "kalender. Hver hendelse har en fast UID (kommune, år og nøkkel), så en flyttet dato "
        "oppdaterer hendelsen i stedet for å lage en ny.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan calendar export --out arshjul.ics\n"
        "    sdgplan calendar export --out arshjul-2024.ics --year 2024"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Filen som skrives (.ics)."),
)
@click.option(
    "--year",
    "years",
    type=int,
    multiple=True,
    help=N_("Året; kan gis flere ganger [standard: dagens og neste år]."),
)
@municipality_option
@store_options
def calendar_export(
    out: Path, years: tuple[int, ...], municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.loading import resolve_municipality
    from sdgplan.political_calendar import export_calendar
    from sdgplan.store.db import session_scope

    now = dt.datetime.now(dt.UTC)
    chosen = sorted(set(years)) or [now.year, now.year + 1]
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        data, count = export_calendar(session, org, chosen, stamp=now)
    replace_file(out, data)
    click.echo(
        _("Skrevet {path}: {events} ({years})").format(
            path=out,
            events=ngettext("{count} hendelse", "{count} hendelser", count).format(count=count),
            years=", ".join(str(y) for y in chosen),
        )
    )


@calendar_group.command(
    name="activity",
    short_help=N_("Vis politisk aktivitet: møter og saker per utvalg."),
    help=N_(
        "Vis antall gjennomførte møter og behandlede saker per utvalg og år, med sum, slik "
        "tabellen i fireårsrapporten.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan calendar activity\n"
        "    sdgplan calendar activity --year 2022"
    ),
)
@click.option("--year", type=int, default=None, help=N_("Bare dette året [standard: alle]."))
@municipality_option
@store_options
def calendar_activity(year: int | None, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.loading import resolve_municipality
    from sdgplan.political_calendar import activity_table
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        table = activity_table(session, org, year)
    click.echo(_("Politisk aktivitet – {name} ({number})").format(name=org.name, number=org.number))
    click.echo(render_activity(table))


def render_activity(table: ActivityTable) -> str:
    """The table as text: a row per body with meetings and cases per year, and the sums."""
    from sdgplan.domain.display import format_number

    def cell(body: str, year: int) -> list[str]:
        record = table.cell(body, year)
        if record is None:
            return ["", ""]
        if record.ended:
            return [_("Avsluttet"), _("Avsluttet")]
        return ["" if n is None else format_number(n) for n in (record.meetings, record.cases)]

    header = [_("Utvalg")]
    for year in table.years:
        header += [_("{year} møter").format(year=year), _("{year} saker").format(year=year)]
    rows = [[body, *(c for y in table.years for c in cell(body, y))] for body in table.bodies]
    sums = [_("Sum")]
    for year in table.years:
        sums += [format_number(n) for n in table.totals(year)]
    rows.append(sums)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            text.ljust(width) if i == 0 else text.rjust(width)
            for i, (text, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]
    meetings, cases = table.grand_totals()
    lines.append(
        _("I alt {meetings} møter og {cases} saker i {first}–{last}.").format(
            meetings=format_number(meetings),
            cases=format_number(cases),
            first=table.years[0],
            last=table.years[-1],
        )
    )
    return "\n".join(lines)


def _day(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def _event_line(event: CalendarEvent) -> str:
    when = _day(event.end)
    if event.start != event.end:
        when = f"{event.start.strftime('%d.%m.')}–{when}"
    if event.start_time is not None:
        when += " " + event.start_time.strftime("%H:%M")
    text = f"{when:<24}{event.title}"
    if event.body:
        text += f" [{event.body}]"
    if event.produces:
        text += " -> " + f"{event.produces.label} {event.programme_period or ''}".strip()
    if event.location:
        text += f", {event.location}"
    if event.illustrative:
        text += " " + _("(illustrativt)")
    return text
