"""`sdgplan consultation open | list | show | moderate | export`: public consultation (høring)
on a document, with the input the public sends through the web form (issue 14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    bad_value,
    municipality_option,
    open_store,
    replace_file,
    store_options,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext

# The store is imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.consultation import Consultation, Submission

DOCUMENT_KINDS = ["programme", "plan", "thematic-plan", "other"]
STATUSES = ["received", "published", "rejected"]
EXPORT_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}
SHORT_TEXT = 70  # characters of an input shown by `show`


@cli.group(
    name="consultation",
    help=N_(
        "Offentlig høring av et dokument (handlingsprogram, planforslag, temaplan eller annet): "
        "åpne en høring for en periode, se og moderer innspillene som kommer inn gjennom "
        "nettskjemaet, og eksporter dem til saken. Reglene står i docs/planning-cycle.md."
    ),
)
def consultation_group() -> None:
    pass


@consultation_group.command(
    name="open",
    short_help=N_("Åpne en høring, eller endre en."),
    help=N_(
        "Lagre høringen med nøkkelen NØKKEL: tittel, dokumentet den gjelder og perioden (begge "
        "dager med, i kommunens tidssone). En lagret høring med samme nøkkel endres. Dokumentet "
        "må finnes: for programme en programperiode, eventuelt med versjon (2024-2027/forslag), "
        "for plan en planversjon (proposal eller adopted), for thematic-plan navnet på en "
        "temaplan; other trenger ikke noe dokument.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan consultation open hp-2024 --title 'Handlingsprogram 2024-2027' \\\n"
        "        --document-kind programme --document 2024-2027/forslag \\\n"
        "        --opens 2023-09-20 --closes 2023-10-20"
    ),
)
@click.argument("key", metavar=N_("NØKKEL"))
@click.option("--title", metavar=N_("TITTEL"), required=True, help=N_("Høringens tittel."))
@click.option(
    "--document-kind",
    type=click.Choice(DOCUMENT_KINDS),
    required=True,
    help=N_("Hva slags dokument høringen gjelder."),
)
@click.option(
    "--document",
    metavar=N_("DOKUMENT"),
    default=None,
    help=N_("Dokumentet: programperiode[/versjon], planversjon eller temaplanens navn."),
)
@click.option(
    "--opens", metavar=N_("ÅÅÅÅ-MM-DD"), required=True, help=N_("Første dag med innspill.")
)
@click.option(
    "--closes", metavar=N_("ÅÅÅÅ-MM-DD"), required=True, help=N_("Siste dag med innspill.")
)
@click.option(
    "--description", metavar=N_("TEKST"), default=None, help=N_("En kort tekst om høringen.")
)
@municipality_option
@store_options
def consultation_open(
    key: str,
    title: str,
    document_kind: str,
    document: str | None,
    opens: str,
    closes: str,
    description: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.consultation import open_consultation
    from sdgplan.domain.consultation import DocumentKind
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    first, last = _date("--opens", opens), _date("--closes", closes)
    with open_store(settings) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        changed = open_consultation(
            session,
            org,
            key=key,
            title=title,
            document_kind=DocumentKind(document_kind),
            document=document,
            opens=first,
            closes=last,
            description=description,
            who=current_user(),
        )
    done = _("Lagret") if changed else _("Uendret")
    click.echo(
        _("{done}: høring «{key}» for {name} ({number}), {opens}–{closes}").format(
            done=done,
            key=key,
            name=org.name,
            number=org.number,
            opens=first.isoformat(),
            closes=last.isoformat(),
        )
    )


@consultation_group.command(
    name="import",
    short_help=N_("Importer høringer fra en fil."),
    help=N_(
        "Lagre høringene i en YAML-fil (format sdgplan-consultations, se "
        "docs/planning-cycle.md): hver med nøkkel, tittel, dokument og periode, som for "
        "«consultation open». Alt eller ingenting: er én høring feil, lagres ingen, og "
        "feilen nevnes med linjen.\n\n"
        "Eksempel:\n\n"
        "    sdgplan consultation import horinger.yaml"
    ),
)
@click.argument(
    "path", metavar=N_("FIL"), type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@municipality_option
@store_options
def consultation_import(path: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.consultation import import_consultations
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        owner, changed = import_consultations(
            session, path, municipality=municipality, who=current_user()
        )
    click.echo(
        _("{path}: {count} for {name} ({number})").format(
            path=path,
            count=ngettext("{count} høring lagret", "{count} høringer lagret", changed).format(
                count=changed
            ),
            name=owner.name,
            number=owner.number,
        )
    )


@consultation_group.command(
    name="list",
    short_help=N_("List høringene."),
    help=N_(
        "List kommunens høringer: nøkkel, tittel, dokument, periode, om den er kommende, åpen "
        "eller avsluttet nå, og hvor mange innspill som er mottatt, publisert og avvist.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan consultation list --municipality 3203"
    ),
)
@municipality_option
@store_options
def consultation_list(municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.domain.consultation import Status
    from sdgplan.loading import resolve_municipality
    from sdgplan.store import consultation_repo
    from sdgplan.store.db import session_scope

    now = dt.datetime.now(dt.UTC)
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        found = consultation_repo.load_consultations(session, org.number)
        statuses = {
            c.key: [
                s.status for s in consultation_repo.load_submissions(session, org.number, c.key)
            ]
            for c in found
        }
    click.echo(_("Høringer – {name} ({number})").format(name=org.name, number=org.number))
    if not found:
        click.echo(_("Ingen høringer er lagret."))
        return
    for c in found:
        counts = _("{received} mottatt, {published} publisert, {rejected} avvist").format(
            received=len(statuses[c.key]),
            published=statuses[c.key].count(Status.PUBLISHED),
            rejected=statuses[c.key].count(Status.REJECTED),
        )
        click.echo(
            f"{c.key}  {c.title}  [{_document(c)}]  {_period(c)}  {_(STATE_LABELS[c.state(now)])}"
            f"  {counts}"
        )


STATE_LABELS = {"upcoming": N_("kommende"), "open": N_("åpen"), "closed": N_("avsluttet")}


@consultation_group.command(
    name="show",
    short_help=N_("Vis innspillene til en høring."),
    help=N_(
        "Vis høringen og innspillene: nummer, når det kom (kommunens tidssone), avsender, "
        "hva det gjelder, samtykke til publisering, status og starten av teksten. Med --status "
        "bare innspill med den statusen.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan consultation show hp-2024 --status received"
    ),
)
@click.argument("key", metavar=N_("NØKKEL"))
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default=None,
    help=N_("Bare innspill med denne statusen."),
)
@municipality_option
@store_options
def consultation_show(
    key: str, status: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.consultation import choose
    from sdgplan.loading import resolve_municipality
    from sdgplan.store import consultation_repo
    from sdgplan.store.db import session_scope

    now = dt.datetime.now(dt.UTC)
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        chosen = choose(session, org.number, key)
        submissions = consultation_repo.load_submissions(session, org.number, key)
    shown = [s for s in submissions if status is None or s.status.value == status]
    click.echo(f"{chosen.title} ({chosen.key}) – {org.name} ({org.number})")
    click.echo(
        _("Dokument: {document}; {period}, {state}").format(
            document=_document(chosen),
            period=_period(chosen),
            state=_(STATE_LABELS[chosen.state(now)]),
        )
    )
    click.echo(
        ngettext("{count} innspill vises", "{count} innspill vises", len(shown)).format(
            count=len(shown)
        )
        + (" " + _("av {total}").format(total=len(submissions)) if status else "")
    )
    for submission in shown:
        click.echo(_submission_line(chosen, submission))


@consultation_group.command(
    name="moderate",
    short_help=N_("Publiser eller avvis innspill."),
    help=N_(
        "Gi innspillene med numrene NUMMER status publisert (--publish) eller avvist "
        "(--reject). Bare innspill der avsenderen har samtykket kan publiseres. Alt eller "
        "ingenting: kan ett av numrene ikke endres, endres ingen. Endringen logges med "
        "brukeren som kjører kommandoen.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan consultation moderate hp-2024 1 2 5 --publish\n"
        "    sdgplan consultation moderate hp-2024 3 --reject"
    ),
)
@click.argument("key", metavar=N_("NØKKEL"))
@click.argument(
    "numbers", metavar=N_("NUMMER..."), type=click.IntRange(min=1), nargs=-1, required=True
)
@click.option("--publish", "status", flag_value="published", help=N_("Publiser innspillene."))
@click.option("--reject", "status", flag_value="rejected", help=N_("Avvis innspillene."))
@municipality_option
@store_options
def consultation_moderate(
    key: str,
    numbers: tuple[int, ...],
    status: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.consultation import moderate
    from sdgplan.domain.consultation import Status
    from sdgplan.errors import SdgplanError
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    if status is None:
        raise bad_value("--publish/--reject", _("velg en av dem"))
    chosen = sorted(set(numbers))
    now = dt.datetime.now(dt.UTC)
    try:
        # one transaction: any refusal rolls back the numbers changed before it
        with open_store(settings) as engine, session_scope(engine) as session:
            org = resolve_municipality(session, municipality)
            for number in chosen:
                moderate(
                    session, org.number, key, number, Status(status), who=current_user(), now=now
                )
    except SdgplanError as e:
        nothing = _("Ingen innspill er endret.")
        raise UserError(e.message, f"{e.hint}\n{nothing}" if e.hint else nothing) from e
    listed = ", ".join(str(n) for n in chosen)
    message = (
        ngettext("Publisert innspill {numbers}", "Publisert innspill {numbers}", len(chosen))
        if status == Status.PUBLISHED.value
        else ngettext("Avvist innspill {numbers}", "Avvist innspill {numbers}", len(chosen))
    )
    click.echo(message.format(numbers=listed) + f" ({key})")


@consultation_group.command(
    name="export",
    short_help=N_("Eksporter innspillene til saken."),
    help=N_(
        "Skriv innspillene med samtykke til publisering som ikke er avvist, til saken: CSV, "
        "Excel-arbeidsbok eller en PDF-liste, etter filendelsen (.csv, .xlsx eller .pdf). "
        "Hvert innspill har nummer, når det kom (kommunens tidssone), navn, organisasjon, hva "
        "det gjelder, status og teksten.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan consultation export hp-2024 --out innspill.xlsx\n"
        "    sdgplan --lang en consultation export hp-2024 --out innspill.pdf"
    ),
)
@click.argument("key", metavar=N_("NØKKEL"))
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Filen som skrives: .csv, .xlsx eller .pdf."),
)
@municipality_option
@store_options
def consultation_export(
    key: str, out: Path, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.exporters.consultation import render_submissions, submission_list
    from sdgplan.loading import resolve_municipality
    from sdgplan.store.db import session_scope

    fmt = EXPORT_SUFFIXES.get(out.suffix.casefold())
    if fmt is None:  # refused before the database is read
        raise bad_value(
            "--out", _("«{path}»: bruk filendelsen .csv, .xlsx eller .pdf").format(path=out)
        )
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        org = resolve_municipality(session, municipality)
        listing = submission_list(session, org, key)
    data, _media_type = render_submissions(listing, fmt)
    replace_file(out, data)
    count = len(listing.submissions)
    click.echo(
        _("Skrevet {path}: {count}").format(
            path=out,
            count=ngettext("{count} innspill", "{count} innspill", count).format(count=count),
        )
    )


def _date(option: str, value: str) -> dt.date:
    from sdgplan.domain.periods import parse_date

    try:
        return parse_date(value)
    except ValueError as e:
        raise bad_value(option, str(e)) from e


def _document(c: Consultation) -> str:
    return f"{c.document_kind.value}: {c.document}" if c.document else c.document_kind.value


def _period(c: Consultation) -> str:
    return f"{c.opens.isoformat()}–{c.closes.isoformat()}"


def _submission_line(c: Consultation, s: Submission) -> str:
    from zoneinfo import ZoneInfo

    from sdgplan.exporters.consultation import STATUS_LABELS

    when = s.submitted_at.astimezone(ZoneInfo(c.timezone)).strftime("%Y-%m-%d %H:%M")
    sender = " / ".join(part for part in (s.name, s.organisation) if part) or _("(uten navn)")
    text = " ".join(s.text.split())
    if len(text) > SHORT_TEXT:
        text = text[: SHORT_TEXT - 1].rstrip() + "…"
    consent = _("samtykke") if s.consent else _("uten samtykke")
    about = f" [{s.concerns}]" if s.concerns else ""
    return (
        f"{s.number:>4}  {when}  {sender}{about}  ({consent}, {_(STATUS_LABELS[s.status])})\n"
        f"      {text}"
    )
