"""`sdgplan report`: the annual or four-year report as HTML and PDF; `import narrative`."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import UserError, municipality_option, open_store, store_options
from sdgplan.cli.groups import cli, import_group
from sdgplan.i18n import LANGUAGES

if TYPE_CHECKING:
    from sdgplan.config import Settings

KINDS = ("four-year", "annual")  # sdgplan.reports.model.KINDS, without importing the charts


@cli.command(short_help="Lag rapporten / make the report (HTML and PDF).")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="four-year",
    show_default=True,
    help="Four-year report (kommunestyreperioden) or annual report.",
)
@click.option(
    "--year",
    type=int,
    default=None,
    help="Last year of key figures [default: the latest in the data].",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="nb",
    show_default=True,
    help="Language of the report's labels; the data's own texts stay as entered.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report"),
    show_default=True,
    help="Folder for report.html and report.pdf.",
)
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also write the PDF.")
@click.option(
    "--report-settings",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The municipality's report settings (report.yaml, kept with its data): title, "
    "subtitle, period, logo, cover_image, accent_colour, contact.",
)
@click.option("--title", default=None, help="Report title [default: from the kind and period].")
@click.option("--subtitle", default=None, help="Subtitle [default: FNs bærekraftsmål].")
@click.option(
    "--period",
    metavar="FIRST-LAST",
    default=None,
    help="Years a four-year report covers [default: the council term, e.g. 2020-2023].",
)
@click.option(
    "--accent-colour", metavar="#RRGGBB", default=None, help="Colour of headings and rules."
)
@municipality_option
@store_options
def report(
    kind: str,
    year: int | None,
    lang: str,
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
    """Lag rapporten / make the annual or four-year report as HTML and PDF.

    DIR/report.html is one self-contained file (styles, fonts, charts) that reads offline;
    DIR/report.pdf is A4 with contents, page numbers and running headers. Title,
    subtitle, period, logo, cover image, accent colour and contact come from
    --report-settings FILE; the flags override it.

    Example:

        sdgplan report --kind four-year --year 2022 --lang nb --out rapport \
            --report-settings data/report.yaml --accent-colour '#1f5f8b'
    """
    # the report machinery (Altair, WeasyPrint) loads only for this command
    from sdgplan.reports.model import build_report
    from sdgplan.reports.pdf import write_pdf
    from sdgplan.reports.render import chart_labels, render_report
    from sdgplan.reports.settings import ReportSettings, load_report_settings
    from sdgplan.store.db import session_scope

    started = time.perf_counter()
    report_settings = load_report_settings(settings_file) if settings_file else ReportSettings()
    report_settings = report_settings.overridden(
        title=title, subtitle=subtitle, period=period, accent_colour=accent_colour
    )
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        model = build_report(
            session,
            municipality=municipality,
            kind=kind,
            year=year,
            labels=chart_labels(lang),
            settings=report_settings,
        )
    for warning in model.warnings:
        click.echo(f"Advarsel / warning: {warning}", err=True)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"Kan ikke lage mappen / cannot create {out}: {e.strerror}") from e
    html_path = out / "report.html"
    _replace(html_path, render_report(model, lang=lang, interactive=True).encode("utf-8"))
    click.echo(f"HTML: {html_path}")
    if pdf:
        pdf_path = out / "report.pdf"
        temporary = out / f".report.pdf.{os.getpid()}.tmp"
        try:
            write_pdf(render_report(model, lang=lang, interactive=False), temporary)
            os.replace(temporary, pdf_path)
        finally:
            temporary.unlink(missing_ok=True)
        click.echo(f"PDF:  {pdf_path}")
    click.echo(f"Rapporten er klar / the report is ready ({time.perf_counter() - started:.1f} s)")


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so a failure leaves the old file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise UserError(f"Kan ikke skrive / cannot write {path}: {e.strerror}") from e


@import_group.command(name="narrative", short_help="Importer rapporttekst / import narrative.")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@municipality_option
@store_options
def import_narrative(
    files: tuple[Path, ...], municipality: str | None, *, settings: Settings
) -> None:
    """Importer tekst til rapporten / import report text (Markdown with a front matter).

    Each file is one section: a focus area, a chapter or a service area. Raw HTML in the
    text is shown as text, never run. A section imported again is replaced.

    Example:

        sdgplan import narrative narrative/*.md
    """
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
            click.echo(f"Importert / imported: {narrative.section} ({file})")
