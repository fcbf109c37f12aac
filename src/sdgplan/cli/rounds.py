"""`sdgplan round open | list | board | remind | sign-off | report`: the reporting round
(issue 12). The command line acts as an administrator, under the operating-system user's
name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sdgplan.cli.common import UserError, bad_value, municipality_option, open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.domain.periods import parse_date
from sdgplan.i18n import LANGUAGES, N_, _

# The store and the report machinery are imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.users import User
    from sdgplan.editing.board import Board, Counts

KINDS = ("annual", "four-year")  # sdgplan.editing.rounds.KINDS
STATUS_NAMES = {
    "filled": N_("utfylt"),
    "pending": N_("venter på godkjenning"),
    "missing": N_("mangler"),
    "late": N_("forsinket"),
}
COLUMN_NAMES = {
    "filled": N_("utfylt"),
    "pending": N_("venter"),
    "missing": N_("mangler"),
    "late": N_("forsinket"),
}
ROUND_STATUS_NAMES = {"open": N_("åpen"), "signed_off": N_("godkjent")}


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as e:
        name = param.opts[0] if param.opts else str(param.name)
        raise bad_value(name, _("{value!r}: skriv ÅÅÅÅ-MM-DD").format(value=value)) from e


today_option = click.option(
    "--today",
    metavar=N_("ÅÅÅÅ-MM-DD"),
    default=None,
    callback=_date,
    help=N_("Dagen fristen måles mot [standard: i dag]."),
)
round_argument = click.argument("round_id", metavar="ID", type=click.IntRange(min=1))


def _admin() -> User:
    from sdgplan.domain.users import Role, User
    from sdgplan.store.change_log import current_user

    return User(current_user(), Role.ADMIN, None, (), dt.datetime.now(dt.UTC))


@cli.group(
    name="round",
    help=N_(
        "Rapporteringsrunder: frist, hva som skal fylles ut og hvem som eier hva, oversikt "
        "over hva som mangler, påminnelser, og godkjenning som fryser dataene slik at "
        "rapporten kan lages på nytt nøyaktig likt."
    ),
)
def round_group() -> None:
    pass


@round_group.command(
    name="open",
    short_help=N_("Åpne en rapporteringsrunde."),
    help=N_(
        "Åpne en runde for årsrapporten eller fireårsrapporten: hver indikator under planens "
        "mål og en tekst per satsingsområde for perioden, med frist og eiere. En eier gis "
        "per satsingsområde eller per indikator (nøkkel=bruker); indikatorens egen eier går "
        "foran satsingsområdets.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan round open --kind annual --year 2023 --deadline 2024-02-01 \\\n"
        "        --owner okonomi=kari --owner okonomi-disposisjonsfond=ola"
    ),
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="annual",
    show_default=True,
    help=N_("Årsrapport eller fireårsrapport (kommunestyreperioden)."),
)
@click.option(
    "--year",
    type=int,
    required=True,
    metavar=N_("ÅR"),
    help=N_("Året rapporten har nøkkeltall for."),
)
@click.option(
    "--deadline",
    required=True,
    metavar=N_("ÅÅÅÅ-MM-DD"),
    callback=_date,
    help=N_("Fristen for å fylle ut."),
)
@click.option(
    "--owner",
    "owners",
    multiple=True,
    metavar=N_("NØKKEL=BRUKER"),
    help=N_("Eieren av et satsingsområde eller en indikator; kan gis flere ganger."),
)
@municipality_option
@store_options
def round_open(
    kind: str,
    year: int,
    deadline: dt.date,
    owners: tuple[str, ...],
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.editing.rounds import kind_name, open_round
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    owned = _owners(owners)
    with open_store(settings) as engine, session_scope(engine) as session:
        number = resolve_municipality(session, municipality).number
        opened = open_round(
            session, _admin(), number, kind=kind, year=year, deadline=deadline, owners=owned
        )
    click.echo(
        _("Åpnet runde {id}: {report} {period}, frist {deadline}, {count} punkter").format(
            id=opened.id,
            report=kind_name(opened.kind),
            period=opened.period,
            deadline=opened.deadline.isoformat(),
            count=len(opened.items),
        )
    )


def _owners(given: tuple[str, ...]) -> dict[str, str]:
    owners: dict[str, str] = {}
    for text in given:
        key, sep, name = text.partition("=")
        if not sep or not key.strip() or not name.strip():
            raise bad_value("--owner", _("{value!r}: skriv NØKKEL=BRUKER").format(value=text))
        owners[key.strip()] = name.strip()
    return owners


@round_group.command(
    name="list",
    short_help=N_("Vis rundene."),
    help=N_(
        "Vis rundene, nyeste først: nummer, rapport, frist, status og versjonene av "
        "øyeblikksbildet.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan round list"
    ),
)
@municipality_option
@store_options
def round_list(municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.editing.rounds import kind_name, list_rounds
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        rounds = list_rounds(session, _admin(), municipality)
    if not rounds:
        click.echo(_("Ingen runder er åpnet."))
        return
    for found in rounds:
        versions = ", ".join(str(v) for v in found.versions) or "-"
        click.echo(
            f"{found.id:>4}  {found.municipality}  {kind_name(found.kind)} {found.period}  "
            + _("frist {deadline}").format(deadline=found.deadline.isoformat())
            + f"  {_(ROUND_STATUS_NAMES[found.status])}  "
            + _("versjoner: {versions}").format(versions=versions)
        )


@round_group.command(
    name="board",
    short_help=N_("Vis hva som er fylt ut og hva som mangler."),
    help=N_(
        "Vis rundens oversikt: per satsingsområde og per eier hvor mange punkter som er "
        "utfylt, venter på godkjenning, mangler eller er forsinket. --items viser hvert "
        "punkt; --owner bare én eiers punkter.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan round board 1 --items"
    ),
)
@round_argument
@click.option("--items", is_flag=True, help=N_("Vis hvert punkt med status og eier."))
@click.option("--owner", metavar=N_("BRUKER"), default=None, help=N_("Bare denne eierens punkter."))
@today_option
@store_options
def round_board(
    round_id: int, items: bool, owner: str | None, today: dt.date | None, *, settings: Settings
) -> None:
    from sdgplan.editing.board import board
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        current = board(session, _admin(), round_id, today=today)
    click.echo(_heading(current))
    if owner is not None:
        mine = [i for i in current.items if (i.owner or "").casefold() == owner.casefold()]
        _echo_items(mine, with_owner=False)
        return
    names = current.focus_area_names
    areas = [
        (names.get(key, key) if key else _("(uten satsingsområde)"), counts)
        for key, counts in _none_last(current.by_focus_area)
    ]
    owners = [(key or _("(ingen eier)"), counts) for key, counts in _none_last(current.by_owner)]
    width = max(len(name) for name, _counts in [*areas, *owners])
    _echo_counts(_("Satsingsområde"), areas, current.total, width)
    click.echo("")
    _echo_counts(_("Eier"), owners, current.total, width)
    if items:
        click.echo("")
        _echo_items(current.items, with_owner=True)


def _heading(current: Board) -> str:
    from sdgplan.editing.rounds import kind_name

    found = current.round
    return _("Runde {id}: {report} {period}, frist {deadline} ({status})").format(
        id=found.id,
        report=kind_name(found.kind),
        period=found.period,
        deadline=found.deadline.isoformat(),
        status=_(ROUND_STATUS_NAMES[found.status]),
    )


def _none_last(counts: dict[str | None, Counts]) -> list[tuple[str | None, Counts]]:
    return sorted(counts.items(), key=lambda pair: pair[0] is None)


def _echo_counts(title: str, rows: list[tuple[str, Counts]], total: Counts, width: int) -> None:
    headers = [*(_(name) for name in COLUMN_NAMES.values()), _("i alt")]
    lines = [(name, [*(getattr(c, s) for s in STATUS_NAMES), c.total]) for name, c in rows]
    lines.append((_("I alt"), [*(getattr(total, s) for s in STATUS_NAMES), total.total]))
    width = max(width, len(title), len(lines[-1][0]))
    click.echo(f"{title:<{width}}  " + "  ".join(f"{h:>9}" for h in headers))
    for name, counts in lines:
        click.echo(f"{name:<{width}}  " + "  ".join(f"{n:>9}" for n in counts))


def _echo_items(items: list[Any], *, with_owner: bool) -> None:
    if not items:
        click.echo(_("Ingen punkter."))
        return
    width = max(len(_(name)) for name in STATUS_NAMES.values())
    for item in items:
        owner = f"  ({item.owner or _('ingen eier')})" if with_owner else ""
        click.echo(f"{_(STATUS_NAMES[item.status.value]):<{width}}  {item.title}{owner}")


@round_group.command(
    name="remind",
    short_help=N_("Send påminnelser om det som mangler."),
    help=N_(
        "Påminn hver eier om punktene som mangler eller er forsinket. Med en e-posttjener "
        "i innstillingene (smtp) sendes de til eiere med en e-postadresse som brukernavn; "
        "ellers vises de her.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan round remind 1"
    ),
)
@round_argument
@today_option
@store_options
def round_remind(round_id: int, today: dt.date | None, *, settings: Settings) -> None:
    from sdgplan.editing.reminders import send_reminders
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        found = send_reminders(settings, session, _admin(), round_id, today=today)
    if not found:
        click.echo(_("Ingen påminnelser: ingen eier mangler noe."))
        return
    if settings.smtp is None:
        click.echo(_("Ingen e-posttjener er satt opp (smtp); påminnelsene:"))
    for reminder in found:
        if reminder.sent:
            line = _("Sendt til {address}: {count} punkter")
        elif reminder.problem:
            line = _("Ikke sendt til {address}: {problem}")
        elif settings.smtp is not None:
            line = _("Kan ikke sendes til {owner} (ikke en e-postadresse): {count} punkter")
        else:
            line = _("{owner}: {count} punkter")
        click.echo(
            line.format(
                address=reminder.address,
                owner=reminder.owner,
                count=len(reminder.items),
                problem=reminder.problem,
            )
        )
        for item in reminder.items:
            click.echo(f"  - {item.title} ({_(STATUS_NAMES[item.status.value])})")


@round_group.command(
    name="sign-off",
    short_help=N_("Godkjenn runden og frys dataene."),
    help=N_(
        "Godkjenn runden: dataene fryses i et øyeblikksbilde som rapporten kan lages fra "
        "senere, nøyaktig likt, også etter rettelser. Godkjennes runden igjen etter "
        "rettelser, blir det en ny versjon. Nektes så lenge noe mangler, uten "
        "--incomplete.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan round sign-off 1"
    ),
)
@round_argument
@click.option(
    "--incomplete", is_flag=True, help=N_("Godkjenn selv om noen punkter ikke er fylt ut.")
)
@store_options
def round_sign_off(round_id: int, incomplete: bool, *, settings: Settings) -> None:
    from sdgplan.editing.signoff import sign_off, unfinished
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        admin = _admin()
        missing = unfinished(session, admin, round_id)
        if missing and not incomplete:
            raise UserError(
                _("{count} punkter i runden er ikke fylt ut").format(count=len(missing)),
                hint=_(
                    "Se sdgplan round board {id} --items, eller godkjenn med --incomplete"
                ).format(id=round_id),
            )
        stored = sign_off(session, admin, round_id, incomplete=incomplete)
    click.echo(
        _("Godkjent: runde {id}, øyeblikksbilde versjon {version}").format(
            id=round_id, version=stored.version
        )
    )


@round_group.command(
    name="report",
    short_help=N_("Lag rapporten fra en godkjent runde."),
    help=N_(
        "Lag rapporten (HTML og PDF) fra rundens øyeblikksbilde, slik den var da runden "
        "ble godkjent, uansett hva som er rettet senere.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan round report 1 --version 1 --out rapport-2023"
    ),
)
@round_argument
@click.option(
    "--version",
    type=click.IntRange(min=1),
    default=None,
    help=N_("Versjonen av øyeblikksbildet [standard: den nyeste]."),
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help=N_("Språket i rapportens tekster [standard: kjøringens språk]."),
)
@click.option(
    "--out",
    metavar=N_("MAPPE"),
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report"),
    show_default=True,
    help=N_("Mappe for report.html og report.pdf."),
)
@click.option("--pdf/--no-pdf", default=True, show_default=True, help=N_("Skriv også PDF-filen."))
@click.option(
    "--report-settings",
    "settings_file",
    metavar=N_("FIL"),
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help=N_("Kommunens rapportinnstillinger (report.yaml), som for sdgplan report."),
)
@store_options
def round_report(
    round_id: int,
    version: int | None,
    lang: str | None,
    out: Path,
    pdf: bool,
    settings_file: Path | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.editing.rounds import get_round
    from sdgplan.editing.snapshot_report import report_from_snapshot
    from sdgplan.reports.settings import load_report_settings
    from sdgplan.store.db import session_scope

    report_settings = load_report_settings(settings_file) if settings_file else None
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        get_round(session, _admin(), round_id)
        written = report_from_snapshot(
            session,
            round_id,
            out_dir=out,
            version=version,
            lang=lang,
            settings=report_settings,
            pdf=pdf,
        )
    for path in written:
        click.echo(f"{path.suffix[1:].upper()}: {path}")
