"""The report of a signed-off round, built from its snapshot by the ordinary pipeline
(`reports.model.build_report`, `reports.render.render_report`), dated the day it was signed
off: the same HTML `sdgplan report` gave then, whatever was corrected since (with the same
sdgplan version and report settings)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.editing.snapshots import Snapshot, load_snapshot, restored
from sdgplan.errors import ConfigError
from sdgplan.i18n import _, current_language
from sdgplan.reports.model import Report, build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.reports.settings import ReportSettings


def snapshot_model(
    snapshot: Snapshot, *, lang: str, settings: ReportSettings | None = None
) -> Report:
    """The report's view model from the snapshot's data."""
    data = snapshot.data
    with restored(data) as session:
        model = build_report(
            session,
            municipality=data["municipality"],
            kind=data["kind"],
            year=data["year"],
            labels=chart_labels(lang),
            settings=settings,
        )
    model.generated = dt.date.fromisoformat(data["generated"])
    return model


def snapshot_html(
    session: Session,
    round_id: int,
    *,
    version: int | None = None,
    lang: str | None = None,
    settings: ReportSettings | None = None,
    interactive: bool = True,
) -> str:
    """The report's HTML from the round's snapshot `version` (default: the newest)."""
    lang = lang or current_language()
    model = snapshot_model(load_snapshot(session, round_id, version), lang=lang, settings=settings)
    return render_report(model, lang=lang, interactive=interactive)


def report_from_snapshot(
    session: Session,
    round_id: int,
    *,
    out_dir: Path,
    version: int | None = None,
    lang: str | None = None,
    settings: ReportSettings | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write `out_dir/report.html` (and `report.pdf`) from the round's snapshot, as
    `sdgplan report` writes them; the paths written."""
    lang = lang or current_language()
    model = snapshot_model(load_snapshot(session, round_id, version), lang=lang, settings=settings)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(
            _("Kan ikke lage mappen {path}: {reason}").format(path=out_dir, reason=e.strerror)
        ) from e
    html_path = out_dir / "report.html"
    _replace(html_path, render_report(model, lang=lang, interactive=True).encode("utf-8"))
    written = [html_path]
    if pdf:
        from sdgplan.reports.pdf import write_pdf  # WeasyPrint only when a PDF is asked for

        pdf_path = out_dir / "report.pdf"
        temporary = out_dir / f".report.pdf.{os.getpid()}.tmp"
        try:
            write_pdf(render_report(model, lang=lang, interactive=False), temporary)
            os.replace(temporary, pdf_path)
        finally:
            temporary.unlink(missing_ok=True)
        written.append(pdf_path)
    return written


def _replace(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a reader never sees half a report."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
