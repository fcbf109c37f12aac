"""The submissions to a consultation for the case file: the input with consent to publication
that is not rejected (`consultation.for_export`), as CSV, an Excel workbook or a PDF list.

Each function returns bytes, so the command line writes them to a file and the web serves
them as a download. Times are shown in the consultation's own time zone.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from sdgplan.consultation import Concern, concerns, for_export
from sdgplan.consultation import choose as choose_consultation
from sdgplan.domain.consultation import Consultation, Status, Submission
from sdgplan.domain.plan import Municipality
from sdgplan.errors import FormatError
from sdgplan.exporters.writers import csv_text
from sdgplan.i18n import N_, _, current_language, ngettext, use_language

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
STATUS_LABELS = {
    Status.RECEIVED: N_("mottatt"),
    Status.PUBLISHED: N_("publisert"),
    Status.REJECTED: N_("avvist"),
}
# column -> width in the workbook (characters)
_WIDTHS = {"number": 6, "received": 17, "name": 24, "organisation": 28, "concerns": 40}
_TEXT_WIDTH = 80
_SHORTENED = 200  # characters of a concern's text in a cell


@dataclass(frozen=True)
class SubmissionList:
    """What the export lists: the consultation, its municipality, the submissions and the
    goals and measures they may concern (by key)."""

    consultation: Consultation
    municipality: Municipality
    submissions: list[Submission]
    concerns: dict[str, Concern]

    def received(self, submission: Submission) -> dt.datetime:
        """When it came, in the consultation's time zone."""
        return submission.submitted_at.astimezone(ZoneInfo(self.consultation.timezone))

    def concern_text(self, submission: Submission) -> str:
        """`key: text` of what the submission concerns (only the key if it is gone)."""
        if not submission.concerns:
            return ""
        found = self.concerns.get(submission.concerns)
        if found is None:
            return submission.concerns
        label = found.label
        if len(label) > _SHORTENED:
            label = label[: _SHORTENED - 1].rstrip() + "…"
        return f"{found.key}: {label}"


def submission_list(session: Session, municipality: Municipality, key: str) -> SubmissionList:
    """The submissions of consultation `key` that go into the case file (NotFound if no
    such consultation)."""
    consultation = choose_consultation(session, municipality.number, key)
    return SubmissionList(
        consultation=consultation,
        municipality=municipality,
        submissions=for_export(session, municipality.number, key),
        concerns={c.key: c for c in concerns(session, municipality.number, consultation)},
    )


def export_submissions(
    session: Session, municipality: Municipality, key: str, fmt: str, *, lang: str | None = None
) -> tuple[bytes, str]:
    """The case file's list of consultation `key` as `fmt` (csv, xlsx or pdf): its bytes and
    media type. The labels are in `lang` (default: the run's language).

    Example:
        data, media_type = export_submissions(session, municipality, "hp-2025", "xlsx")
    """
    return render_submissions(submission_list(session, municipality, key), fmt, lang=lang)


def render_submissions(
    listing: SubmissionList, fmt: str, *, lang: str | None = None
) -> tuple[bytes, str]:
    """`listing` as `fmt`: its bytes and media type (FormatError for another format)."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise FormatError(
            _("Ukjent format «{format}»; velg en av {known}").format(
                format=fmt, known=", ".join(WRITERS)
            )
        )
    with use_language(lang) if lang else nullcontext():
        return writer(listing), MEDIA_TYPES[fmt]


def title_lines(listing: SubmissionList) -> list[str]:
    """The list's title and a line with the period, municipality and how many are listed."""
    c = listing.consultation
    count = len(listing.submissions)
    return [
        c.title,
        _("Høring {opens}–{closes}, {municipality}: {count}").format(
            opens=_date(c.opens),
            closes=_date(c.closes),
            municipality=listing.municipality.name,
            count=ngettext("{count} innspill", "{count} innspill", count).format(count=count),
        ),
    ]


def headers() -> list[str]:
    return [
        _("Nr."),
        _("Mottatt"),
        _("Navn"),
        _("Organisasjon"),
        _("Gjelder"),
        _("Status"),
        _("Innspill"),
    ]


def _cells(listing: SubmissionList, submission: Submission) -> list[Any]:
    """One row: number, time (local, without zone), texts."""
    return [
        submission.number,
        listing.received(submission).replace(tzinfo=None),
        submission.name or "",
        submission.organisation or "",
        listing.concern_text(submission),
        _(STATUS_LABELS[submission.status]),
        submission.text,
    ]


def _rows(listing: SubmissionList) -> Iterator[list[Any]]:
    for submission in listing.submissions:
        yield _cells(listing, submission)


def submissions_csv(listing: SubmissionList) -> bytes:
    """UTF-8 CSV with a header row, like the other exports; times as `YYYY-MM-DD HH:MM`."""
    rows = (
        [cell.strftime("%Y-%m-%d %H:%M") if isinstance(cell, dt.datetime) else cell for cell in r]
        for r in _rows(listing)
    )
    return csv_text(headers(), rows).encode("utf-8")


def submissions_xlsx(listing: SubmissionList) -> bytes:
    """A sheet with the title, a bold header row, times as Excel dates, wrapped text."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # here: slow to load
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    ws = book.active
    ws.title = _("Innspill")
    for at, line in enumerate(title_lines(listing), start=1):
        cell = ws.cell(row=at, column=1, value=line)
        cell.data_type = "s"
        cell.font = Font(bold=at == 1, size=14 if at == 1 else 11)
    header_row = 4
    for at, text in enumerate(headers(), start=1):
        cell = ws.cell(row=header_row, column=at, value=text)
        cell.font = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in _rows(listing):
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = wrapped
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, never run as a formula
    for at, width in enumerate([*_WIDTHS.values(), 12, _TEXT_WIDTH], start=1):
        ws.column_dimensions[get_column_letter(at)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if listing.submissions:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers()))}{ws.max_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def submissions_html(listing: SubmissionList) -> str:
    """The list as a self-contained HTML page (fonts inline), as the PDF prints it."""
    from sdgplan.reports import render

    lang = current_language()
    template = render.template_environment(lang).get_template("consultation_list.html.j2")
    title, subtitle = title_lines(listing)
    labels = headers()[1:6]  # received, name, organisation, concerns, status
    entries = [
        {
            "number": s.number,
            "heading": _("Innspill {number}").format(number=s.number),
            "fields": list(
                zip(
                    labels,
                    [
                        _datetime(listing.received(s)),
                        s.name or "",
                        s.organisation or "",
                        listing.concern_text(s),
                        _(STATUS_LABELS[s.status]),
                    ],
                    strict=True,
                )
            ),
            "text": s.text,
        }
        for s in listing.submissions
    ]
    return template.render(
        lang=lang,
        title=title,
        subtitle=subtitle,
        description=listing.consultation.description,
        entries=entries,
        empty=_("Ingen innspill med samtykke til publisering."),
        font_css=render.font_css(),
    )


def submissions_pdf(listing: SubmissionList) -> bytes:
    """The HTML list printed as tagged PDF (PDF/UA-1), as the reports are."""
    from weasyprint import HTML  # imported here: it takes a third of a second to load

    from sdgplan.reports.pdf import PDF_VARIANT, offline_fetcher

    data: bytes = HTML(string=submissions_html(listing), url_fetcher=offline_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    return data


WRITERS = {"csv": submissions_csv, "xlsx": submissions_xlsx, "pdf": submissions_pdf}


def _date(day: dt.date) -> str:
    from babel.dates import format_date

    return format_date(day, format="long", locale=_locale())


def _datetime(moment: dt.datetime) -> str:
    from babel.dates import format_datetime

    return format_datetime(moment, format="short", tzinfo=moment.tzinfo, locale=_locale())


def _locale() -> str:
    return "en_GB" if current_language() == "en" else "nb_NO"
