"""`sdgplan fetch-klass`: the KOSTRA groups saved from Statistics Norway's Klass."""

from __future__ import annotations

from pathlib import Path

import click

from sdgplan.cli.common import parse_date, replace_file
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext


@cli.command(
    name="fetch-klass",
    short_help=N_("Hent KOSTRA-grupperingen fra SSBs Klass."),
    help=N_(
        "Hent KOSTRA-grupperingen (SSBs klassifikasjon 112) slik den gjaldt på en dato, og "
        "lagre Klass' svar som FIL for sdgplan compare --kostra-file. Svaret kontrolleres før "
        "det lagres; en gammel FIL erstattes først når det nye svaret er skrevet helt.\n\n"
        "Kommandoen heter fetch-klass og ikke «fetch klass» fordi sdgplan fetch tar "
        "spørrefiler som argumenter: klass ville blitt lest som en fil.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan fetch-klass --out kostra_groups.json --date 2024-01-01"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help=N_("Filen grupperingen skrives til (JSON fra Klass)."),
)
@click.option(
    "--date",
    "date_text",
    metavar=N_("ÅÅÅÅ-MM-DD"),
    default=None,
    help=N_("Grupperingen som gjaldt denne dagen [standard: i dag]."),
)
@click.option(
    "--classification",
    metavar=N_("NUMMER"),
    default="112",
    show_default=True,
    help=N_("Klassifikasjonen i Klass."),
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help=N_("Klass' adresse [standard: https://data.ssb.no/api/klass/v1]."),
)
def fetch_klass(
    out: Path, date_text: str | None, classification: str, base_url: str | None
) -> None:
    import datetime as dt

    from sdgplan.sources.http import Fetcher
    from sdgplan.sources.klass import KLASS_URL, fetch_groups

    date = parse_date(date_text) or dt.date.today()
    with Fetcher(progress=lambda line: click.echo(line, err=True)) as fetcher:
        found = fetch_groups(
            fetcher, classification=classification, date=date, base_url=base_url or KLASS_URL
        )
    replace_file(out, found.text.encode("utf-8"))
    groups = ngettext("{count} gruppe", "{count} grupper", len(found.groups)).format(
        count=len(found.groups)
    )
    municipalities = ngettext("{count} kommune", "{count} kommuner", found.municipalities).format(
        count=found.municipalities
    )
    click.echo(
        _("Skrevet {path}: {groups}, {municipalities} (Klass {classification}, {date})").format(
            path=out,
            groups=groups,
            municipalities=municipalities,
            classification=classification,
            date=date.isoformat(),
        )
    )
