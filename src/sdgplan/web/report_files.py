"""The reports as files of the web: `/reports/{kind}-{year}.html` and `.pdf`, and the action
programme documents as `/reports/action-programme-{first}-{last}.html` and `.pdf`.

Which reports exist follows from the data as for `sdgplan report`: an annual report for
every year with key figures (the years `reports.figure_years` accepts for `--year`), a
four-year report for every council term with key figures, made with the term's latest year,
and an action programme document for every stored programme period (`programme_reports`).
A file is made on demand by the report renderer (`reports.render`, the PDF by WeasyPrint
through `reports.pdf`) and kept in memory and in the disk cache (`reports.disk_cache`),
keyed by the database, municipality, kind, year, language, data revision and the site's
look, so it is made once per change of the data.
"""

from __future__ import annotations

import base64
import json
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from sqlalchemy.orm import Session

from sdgplan.config import SiteSettings
from sdgplan.domain.programme import Period
from sdgplan.errors import NotFound
from sdgplan.i18n import _, use_language
from sdgplan.plan_data import PlanData
from sdgplan.reports.disk_cache import cache_folder, digest, prune, read_cached, write_cached
from sdgplan.reports.figure_years import FigureYears, check_year, figure_years
from sdgplan.reports.periods import council_term
from sdgplan.store import change_log, programme_repo
from sdgplan.version import __version__
from sdgplan.web.page_views import Site
from sdgplan.web.site_settings import site_assets

KINDS = ("four-year", "annual")  # sdgplan.reports.model.KINDS, without loading the charts
ACTION_PROGRAMME = "action-programme"  # sdgplan.reports.action_programme.KIND
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
# the report carries its styles and fonts inline (one self-contained file) and, served
# this way, no script: its charts are static SVG
REPORT_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
MEMORY_FILES = 12  # about 0,7 MB of HTML and 0,8 MB of PDF each for Asker
DISK_FILES = 48


@dataclass(frozen=True)
class ReportRef:
    """A report the data can make: its kind, the last year of key figures (an action
    programme: its first year) and the years it covers; `warning` when few key figures have
    a value in that year."""

    kind: str
    year: int
    period: tuple[int, int]
    warning: str | None = None

    @property
    def name(self) -> str:
        if self.kind == ACTION_PROGRAMME:
            return f"{self.kind}-{self.period[0]}-{self.period[1]}"
        return f"{self.kind}-{self.year}"

    @property
    def title(self) -> str:
        """The report's title in the current language, as on its cover."""
        if self.kind == ACTION_PROGRAMME:
            return _("Handlingsprogram {first}-{last}").format(
                first=self.period[0], last=self.period[1]
            )
        if self.kind == "annual":
            return _("Årsrapport {year}").format(year=self.year)
        return _("4-årsrapport {first}-{last}").format(first=self.period[0], last=self.period[1])


def reports_enabled(request: Request) -> bool:
    """Whether the application serves reports (the static site build may leave them out)."""
    return bool(getattr(request.app.state, "reports", True))


def available_reports(data: PlanData) -> list[ReportRef]:
    """Every report of the municipality, newest first; four-year before annual in a year."""
    years = figure_years(data.indicators, data.observations, area=data.number)
    newest_of_term: dict[tuple[int, int], int] = {}
    for year in years.observed:
        term = council_term(year)
        newest_of_term[term] = max(year, newest_of_term.get(term, year))
    found = [
        ReportRef("four-year", year, term, _warning(years, year))
        for term, year in newest_of_term.items()
    ]
    found += [ReportRef("annual", y, (y, y), _warning(years, y)) for y in years.observed]
    return sorted(found, key=lambda r: (-r.year, KINDS.index(r.kind)))


def _warning(years: FigureYears, year: int) -> str | None:
    return next(iter(check_year(years, year)), None)


def latest_report(data: PlanData) -> ReportRef | None:
    return next(iter(available_reports(data)), None)


def programme_reports(session: Session, municipality: str) -> list[ReportRef]:
    """An action programme document for every stored programme period, newest first."""
    periods = [Period.parse(p) for p in programme_repo.periods(session, municipality)]
    return [
        ReportRef(ACTION_PROGRAMME, p.first, (p.first, p.last))
        for p in sorted(periods, key=lambda p: (p.first, p.last), reverse=True)
    ]


def find_report(
    data: PlanData, name: str, programmes: list[ReportRef] | None = None
) -> tuple[ReportRef, str]:
    """The report and format a file name names (`four-year-2022.pdf`,
    `action-programme-2024-2027.html`, one of `programmes`); else NotFound."""
    stem, _dot, suffix = name.rpartition(".")
    found = next(
        (r for r in [*available_reports(data), *(programmes or [])] if r.name == stem), None
    )
    if found is None or suffix not in MEDIA_TYPES:
        raise NotFound(_("Fant ingen rapport «{name}»").format(name=name))
    return found, suffix


class ReportFiles:
    """Made reports, the newest `capacity` in memory and the rest on disk; each is made
    once even when several requests ask for it at the same time."""

    def __init__(self, capacity: int = MEMORY_FILES, folder: Path | None = None) -> None:
        self.capacity = capacity
        self.folder = folder or cache_folder() / "reports"
        self._files: OrderedDict[str, bytes] = OrderedDict()
        self._making: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        found = self._remembered(key)
        if found is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            found = self._remembered(key)
            if found is None:
                found = make()
                with self._lock:
                    self._files[key] = found
                    while len(self._files) > self.capacity:
                        self._files.popitem(last=False)
        with self._lock:
            self._making.pop(key, None)
        return found

    def _remembered(self, key: str) -> bytes | None:
        with self._lock:
            found = self._files.get(key)
            if found is not None:
                self._files.move_to_end(key)
            return found

    def on_disk(self, key: str, fmt: str, make: Callable[[], bytes]) -> bytes:
        """From the disk cache (PDF as base64 text), else made and stored."""
        path = self.folder / f"{key}.{fmt}"
        cached = read_cached(path)
        if cached is not None:
            return cached.encode("utf-8") if fmt == "html" else base64.b64decode(cached)
        content = make()
        text = content.decode("utf-8") if fmt == "html" else base64.b64encode(content).decode()
        write_cached(path, text)
        prune(self.folder, DISK_FILES)
        return content


_creating = threading.Lock()


def report_files(app: FastAPI) -> ReportFiles:
    """The application's `ReportFiles`: made by `create_app` or at first use."""
    with _creating:
        files: ReportFiles | None = getattr(app.state, "report_files", None)
        if files is None:
            files = app.state.report_files = ReportFiles()
        return files


@dataclass(frozen=True)
class ReportRequest:
    """One report file of one municipality in one language, as of one data revision."""

    site: Site
    report: ReportRef
    fmt: str
    look: SiteSettings
    logo_png: str | None  # the site's PNG logo as a data: URL (the report takes no SVG)

    def key(self, request: Request, revision: tuple[int, int]) -> str:
        parts = [
            __version__,
            request.app.state.settings.db,
            self.site.municipality.number,
            self.report.kind,
            self.report.year,
            list(self.report.period),
            self.site.lang,
            self.fmt,
            list(revision),
            self.look.accent_colour,
            digest(self.logo_png or ""),
        ]
        return digest(json.dumps(parts, ensure_ascii=False))


def report_file(request: Request, session: Session, site: Site, name: str) -> tuple[bytes, str]:
    """The file `name` (`annual-2022.html`) of the site's municipality in its language, and
    the key it is kept by (an ETag)."""
    programmes = (
        programme_reports(session, site.municipality.number)
        if name.startswith(ACTION_PROGRAMME + "-")
        else []
    )
    report, fmt = find_report(site.data, name, programmes)
    settings = request.app.state.settings
    key_name, look = settings.site(site.municipality.number)
    logo = site_assets(request.app).logo(key_name, look)
    logo_png = (
        f"data:image/png;base64,{base64.b64encode(logo.content).decode()}"
        if logo is not None and logo.media_type == "image/png"
        else None
    )
    wanted = ReportRequest(site, report, fmt, look, logo_png)
    return _kept(request, session, wanted)


def _kept(request: Request, session: Session, wanted: ReportRequest) -> tuple[bytes, str]:
    files = report_files(request.app)
    key = wanted.key(request, change_log.revision(session))

    def made() -> bytes:
        if wanted.fmt == "pdf":
            html, _key = _kept(request, session, _as_html(wanted))
            return _pdf(html.decode("utf-8"))
        return _html(session, wanted).encode("utf-8")

    def from_disk() -> bytes:
        # the newest change's time tells a database made again apart from the one before
        newest = change_log.load_log(session, limit=1)
        when = newest[0].at.isoformat() if newest else ""
        return files.on_disk(digest(key + when), wanted.fmt, made)

    return files.get(key, from_disk), key


def _as_html(wanted: ReportRequest) -> ReportRequest:
    return ReportRequest(wanted.site, wanted.report, "html", wanted.look, wanted.logo_png)


def _html(session: Session, wanted: ReportRequest) -> str:
    if wanted.report.kind == ACTION_PROGRAMME:
        return _action_programme_html(session, wanted)
    # the report machinery (Altair, vl-convert) loads with the first report
    from sdgplan.reports.model import build_report
    from sdgplan.reports.render import chart_labels, render_report
    from sdgplan.reports.settings import ReportSettings

    lang = wanted.site.lang
    look = ReportSettings(accent_colour=wanted.look.accent_colour, logo=wanted.logo_png)
    with use_language(lang):
        model = build_report(
            session,
            municipality=wanted.site.municipality.number,
            kind=wanted.report.kind,
            year=wanted.report.year,
            labels=chart_labels(lang),
            settings=look,
        )
        # static SVG charts: the page runs no script
        return render_report(model, lang=lang, interactive=False)


def _action_programme_html(session: Session, wanted: ReportRequest) -> str:
    from sdgplan.reports.action_programme import build_action_programme
    from sdgplan.reports.action_programme_render import render_action_programme
    from sdgplan.reports.settings import ReportSettings

    lang = wanted.site.lang
    first, last = wanted.report.period
    look = ReportSettings(accent_colour=wanted.look.accent_colour, logo=wanted.logo_png)
    with use_language(lang):
        document = build_action_programme(
            session,
            municipality=wanted.site.municipality.number,
            period=f"{first}-{last}",
            lang=lang,
            settings=look,
        )
        return render_action_programme(document, lang=lang)


def _pdf(html: str) -> bytes:
    from sdgplan.reports.pdf import write_pdf

    with tempfile.TemporaryDirectory(prefix="sdgplan-report-") as folder:
        path = Path(folder) / "report.pdf"
        write_pdf(html, path)
        return path.read_bytes()
