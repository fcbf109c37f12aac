"""`sdgplan report`: the annual or four-year report as HTML and PDF; `import narrative`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    municipality_option,
    open_store,
    replace_file,
    store_options,
)
from sdgplan.cli.groups import cli, import_group
from sdgplan.cli.progress import Progress
from sdgplan.i18n import LANGUAGES, N_, _, current_language

if TYPE_CHECKING:
    from sdgplan.config import Settings

KINDS = ("four-year", "annual")  # sdgplan.reports.model.KINDS, without importing the charts


@cli.command(
    short_help=N_("Lag rapporten (HTML og PDF)."),
    help=N_(
        "Lag fireårsrapporten eller årsrapporten som HTML og PDF.\n\n"
        "MAPPE/report.html er én selvstendig fil (stiler, skrifter, diagrammer) som kan leses "
        "uten nett; MAPPE/report.pdf er A4 med innhold, sidetall og topptekster. Tittel, "
        "undertittel, periode, logo, forsidebilde, aksentfarge og kontakt hentes fra "
        "--report-settings FIL; valgene overstyrer filen. På en terminal viser en statuslinje "
        "hva som gjøres.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan report --kind four-year --year 2022 --lang nb --out rapport \\\n"
        "        --report-settings data/report.yaml --accent-colour '#1f5f8b'"
    ),
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="four-year",
    show_default=True,
    help=N_("Fireårsrapport (kommunestyreperioden) eller årsrapport."),
)
@click.option(
    "--year",
    type=int,
    metavar=N_("ÅR"),
    default=None,
    help=N_("Siste år med nøkkeltall [standard: det siste i dataene]."),
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help=N_(
        "Språket i rapportens tekster; dataenes egne tekster står som de ble lagt inn "
        "[standard: kjøringens språk, se sdgplan --lang]."
    ),
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
    help=N_(
        "Kommunens rapportinnstillinger (report.yaml, som ligger med dataene): title, "
        "subtitle, period, logo, cover_image, accent_colour, contact."
    ),
)
@click.option(
    "--title",
    metavar=N_("TEKST"),
    default=None,
    help=N_("Rapportens tittel [standard: fra typen og perioden]."),
)
@click.option(
    "--subtitle",
    metavar=N_("TEKST"),
    default=None,
    help=N_("Undertittel [standard: FNs bærekraftsmål]."),
)
@click.option(
    "--period",
    metavar=N_("FØRSTE-SISTE"),
    default=None,
    help=N_("Årene en fireårsrapport dekker [standard: kommunestyreperioden, f.eks. 2020-2023]."),
)
@click.option(
    "--accent-colour",
    metavar="#RRGGBB",
    default=None,
    help=N_("Fargen på overskrifter og linjer."),
)
@municipality_option
@store_options
def report(
    kind: str,
    year: int | None,
    lang: str | None,
    out: Path,
    pdf: bool,
    settings_file: Path | None,
    title: str | None,
    subtitle: str | None,
    period: str | None,
    accent_colour: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    # the report machinery (Altair, WeasyPrint) loads only for this command
    from sdgplan.reports.model import build_report
    from sdgplan.reports.pdf import write_pdf
    from sdgplan.reports.render import chart_labels, render_report
    from sdgplan.reports.settings import ReportSettings, load_report_settings
    from sdgplan.store.db import session_scope

    report_lang = lang or current_language()
    report_settings = load_report_settings(settings_file) if settings_file else ReportSettings()
    report_settings = report_settings.overridden(
        title=title, subtitle=subtitle, period=period, accent_colour=accent_colour
    )
    with Progress.on_stderr(stages=3 if pdf else 2) as progress:
        progress.stage(_("Henter data, vurderer og lager diagrammer"))
        with open_store(settings, create=False) as engine, session_scope(engine) as session:
            model = build_report(
                session,
                municipality=municipality,
                kind=kind,
                year=year,
                labels=chart_labels(report_lang),
                settings=report_settings,
            )
        for warning in model.warnings:
            progress.echo(_("Advarsel: {warning}").format(warning=warning), err=True)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UserError(
                _("Kan ikke lage mappen {path}: {reason}").format(path=out, reason=e.strerror)
            ) from e
        progress.stage(_("Skriver HTML"))
        html_path = out / "report.html"
        html = render_report(model, lang=report_lang, interactive=True)
        replace_file(html_path, html.encode("utf-8"))
        progress.echo(f"HTML: {html_path}")
        if pdf:
            progress.stage(_("Skriver PDF"))
            pdf_path = out / "report.pdf"
            temporary = out / f".report.pdf.{os.getpid()}.tmp"
            try:
                write_pdf(render_report(model, lang=report_lang, interactive=False), temporary)
                os.replace(temporary, pdf_path)
            finally:
                temporary.unlink(missing_ok=True)
            progress.echo(f"PDF:  {pdf_path}")
        progress.echo(
            _("Rapporten er klar ({seconds} s)").format(seconds=f"{progress.elapsed():.1f}")
        )


@import_group.command(
    name="narrative",
    short_help=N_("Importer rapporttekst."),
    help=N_(
        "Importer tekst til rapporten (Markdown med et hode av nøkkel: verdi).\n\n"
        "Hver fil er én seksjon: et satsingsområde, et kapittel eller et tjenesteområde. Rå "
        "HTML i teksten vises som tekst og kjøres aldri. En seksjon som importeres igjen, "
        "erstattes.\n\n"
        "Eksempel:\n\n"
        "    sdgplan import narrative narrative/*.md"
    ),
)
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar=N_("FILER..."),
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@municipality_option
@store_options
def import_narrative(
    files: tuple[Path, ...], municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        for file in files:
            narrative, warnings = loading.load_narrative(
                session,
                file,
                municipality=municipality,
                remote_images=settings.remote_images,
                who=current_user(),
            )
            click.echo(render_issues(warnings), err=True, nl=False)
            click.echo(
                _("Importert: {section} ({path})").format(section=narrative.section, path=file)
            )
