"""`sdgplan report`: the annual or four-year report, or the action programme document, as
HTML and PDF; `import narrative`."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
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
from sdgplan.cli.groups import cli, import_group
from sdgplan.cli.progress import Progress
from sdgplan.i18n import LANGUAGES, N_, _, current_language

if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.reports.settings import ReportSettings

KINDS = ("four-year", "annual")  # sdgplan.reports.model.KINDS, without importing the charts
ACTION_PROGRAMME = "action-programme"  # sdgplan.reports.action_programme.KIND
# renders the document as HTML: for the PDF (static charts) or not
Renderer = Callable[[bool], str]


@cli.command(
    short_help=N_("Lag rapporten (HTML og PDF)."),
    help=N_(
        "Lag fireårsrapporten, årsrapporten eller handlingsprogrammet som HTML og PDF.\n\n"
        "MAPPE/report.html er én selvstendig fil (stiler, skrifter, diagrammer) som kan leses "
        "uten nett; MAPPE/report.pdf er A4 med innhold, sidetall og topptekster. Tittel, "
        "undertittel, periode, logo, forsidebilde, aksentfarge og kontakt hentes fra "
        "--report-settings FIL; valgene overstyrer filen. På en terminal viser en statuslinje "
        "hva som gjøres.\n\n"
        "Med --kind action-programme lages handlingsprogrammet for perioden --period (standard: "
        "det siste): planens mål, tjenesteområdene med rammer og tiltak, investeringer, "
        "årsverk, handlingsregler, omstilling, klimabudsjettet og årshjulet.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan report --kind four-year --year 2022 --lang nb --out rapport \\\n"
        "        --report-settings data/report.yaml --accent-colour '#1f5f8b'\n"
        "    sdgplan report --kind action-programme --period 2024-2027 --out handlingsprogram"
    ),
)
@click.option(
    "--kind",
    type=click.Choice([*KINDS, ACTION_PROGRAMME]),
    default="four-year",
    show_default=True,
    help=N_("Fireårsrapport (kommunestyreperioden), årsrapport eller handlingsprogram."),
)
@click.option(
    "--year",
    type=int,
    metavar=N_("ÅR"),
    default=None,
    help=N_(
        "Siste år med nøkkeltall [standard: det siste i dataene]; ikke for handlingsprogrammet."
    ),
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
    help=N_(
        "Årene en fireårsrapport dekker [standard: kommunestyreperioden, f.eks. 2020-2023]; "
        "handlingsprogrammets periode [standard: den siste i dataene]."
    ),
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
    from sdgplan.reports.settings import ReportSettings, load_report_settings

    if kind == ACTION_PROGRAMME and year is not None:
        raise bad_value("--year", _("brukes ikke for handlingsprogrammet; velg det med --period"))
    report_lang = lang or current_language()
    report_settings = load_report_settings(settings_file) if settings_file else ReportSettings()
    report_settings = report_settings.overridden(
        title=title,
        subtitle=subtitle,
        period=None if kind == ACTION_PROGRAMME else period,
        accent_colour=accent_colour,
    )
    if kind == ACTION_PROGRAMME:  # the file's title and subtitle are the four-year report's
        report_settings = dataclasses.replace(report_settings, title=title, subtitle=subtitle)
    renderer: Renderer
    with Progress.on_stderr(stages=3 if pdf else 2) as progress:
        if kind == ACTION_PROGRAMME:
            progress.stage(_("Henter handlingsprogrammet og lager diagrammer"))
            renderer = _action_programme(
                settings, municipality, period, lang=report_lang, look=report_settings
            )
        else:
            progress.stage(_("Henter data, vurderer og lager diagrammer"))
            report_model = _KeyFigureReport(
                settings, municipality, kind, year, lang=report_lang, look=report_settings
            )
            for warning in report_model.model.warnings:
                progress.echo(_("Advarsel: {warning}").format(warning=warning), err=True)
            renderer = report_model
        _write_files(out, renderer, pdf=pdf, progress=progress)


class _KeyFigureReport:
    """The four-year or annual report, rendered interactive for the HTML file."""

    def __init__(
        self,
        settings: Settings,
        municipality: str | None,
        kind: str,
        year: int | None,
        *,
        lang: str,
        look: ReportSettings,
    ) -> None:
        # the report machinery (charts, WeasyPrint) loads only for this command
        from sdgplan.reports.model import build_report
        from sdgplan.reports.render import chart_labels
        from sdgplan.store.db import session_scope

        self.lang = lang
        with open_store(settings, create=False) as engine, session_scope(engine) as session:
            self.model = build_report(
                session,
                municipality=municipality,
                kind=kind,
                year=year,
                labels=chart_labels(lang),
                settings=look,
            )

    def __call__(self, for_pdf: bool) -> str:
        from sdgplan.reports.render import render_report

        return render_report(self.model, lang=self.lang, interactive=not for_pdf)


def _action_programme(
    settings: Settings,
    municipality: str | None,
    period: str | None,
    *,
    lang: str,
    look: ReportSettings,
) -> Renderer:
    """The action programme document: the same static HTML for the file and the PDF."""
    from sdgplan.reports.action_programme import build_action_programme
    from sdgplan.reports.action_programme_render import render_action_programme
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        document = build_action_programme(
            session, municipality=municipality, period=period, lang=lang, settings=look
        )
    html = render_action_programme(document, lang=lang)
    return lambda _for_pdf: html


def _write_files(out: Path, render: Renderer, *, pdf: bool, progress: Progress) -> None:
    """MAPPE/report.html and report.pdf, each replaced whole or not at all."""
    from sdgplan.reports.pdf import write_pdf

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(
            _("Kan ikke lage mappen {path}: {reason}").format(path=out, reason=e.strerror)
        ) from e
    progress.stage(_("Skriver HTML"))
    html_path = out / "report.html"
    replace_file(html_path, render(False).encode("utf-8"))
    progress.echo(f"HTML: {html_path}")
    if pdf:
        progress.stage(_("Skriver PDF"))
        pdf_path = out / "report.pdf"
        temporary = out / f".report.pdf.{os.getpid()}.tmp"
        try:
            write_pdf(render(True), temporary)
            os.replace(temporary, pdf_path)
        finally:
            temporary.unlink(missing_ok=True)
        progress.echo(f"PDF:  {pdf_path}")
    progress.echo(_("Rapporten er klar ({seconds} s)").format(seconds=f"{progress.elapsed():.1f}"))


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
