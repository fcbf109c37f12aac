"""The planning cycle on the public web (issue 14; docs/web.md): `/{lang}/calendar` (the
political calendar of a year, `?year=`, and the political activity), `/{lang}/calendar.ics`
(the calendar as iCalendar, to subscribe to), `/{lang}/climate` (the climate budget) and
`/{lang}/programme` and `/{lang}/programme/{period}` (an action programme and its versions).
Each is a 404 when the municipality has no such data; the home page links to those it has.

The pages are kept per data revision (`page_cache.py`) and written once by `site build`, so
they show nothing that depends on the day they are made: the calendar lists the whole
year by date instead of splitting it into upcoming and past (a kept page would go on calling
a meeting upcoming after it was held). Only the year shown without `?year=` is this year's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.web.deps import db_session
from sdgplan.web.rendering import render_page
from sdgplan.web.sites import SiteDep

SessionDep = Annotated[Session, Depends(db_session)]
ICS_TYPE = "text/calendar; charset=utf-8"
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years `?year=` may name


@dataclass(frozen=True)
class CyclePages:
    """Which of the planning cycle's pages a municipality has data for."""

    calendar: bool
    climate: bool
    programme: bool

    def __bool__(self) -> bool:
        return self.calendar or self.climate or self.programme


def cycle_pages(session: Session, municipality: str) -> CyclePages:
    from sdgplan.store import calendar_repo, climate_repo, programme_repo

    budget = climate_repo.load_budget(session, municipality)
    return CyclePages(
        calendar=_has_calendar(session, municipality)
        or bool(calendar_repo.load_activity(session, municipality).records),
        climate=bool(budget.emissions or budget.measures),
        programme=bool(programme_repo.periods(session, municipality)),
    )


def _has_calendar(session: Session, municipality: str) -> bool:
    """A template or meetings: something to show by date and to export."""
    from sdgplan.store import calendar_repo

    return calendar_repo.load_template(session, municipality) is not None or bool(
        calendar_repo.meeting_keys(session, municipality)
    )


def subscription_years(session: Session, municipality: str, today: dt.date) -> list[int]:
    """The years the iCalendar file covers: this year, next year and every year with
    meetings stored (a subscriber keeps the meetings already held)."""
    from sdgplan.store import calendar_repo

    stored = set(calendar_repo.meeting_keys(session, municipality).values())
    return sorted(stored | {today.year, today.year + 1})


def _calendar(request: Request, site: SiteDep, session: SessionDep, year: str = "") -> str:
    from sdgplan.store import calendar_repo, programme_repo
    from sdgplan.web.cycle_views import calendar_page

    number = site.municipality.number
    chosen = _year(year) if year else dt.date.today().year
    activity = calendar_repo.load_activity(session, number)
    has_events = _has_calendar(session, number)
    if not has_events and not activity.records:
        raise NotFound(_("Fant ikke siden"))
    stored = set(calendar_repo.meeting_keys(session, number).values())
    adopted = {int(p[:4]) - 1 for p in programme_repo.periods(session, number)}
    known = stored | adopted | {dt.date.today().year, dt.date.today().year + 1, chosen}
    view = calendar_page(
        session,
        number,
        year=chosen,
        years=list(range(min(known), max(known) + 1)),
        activity=activity if activity.records else None,
        subscribe=has_events,
    )
    title = _("Politisk årshjul {year}").format(year=chosen)
    return render_page(request, "calendar.html.j2", site=site, view=view, title=title)


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise NotFound(
            _("Fant ikke siden: året må være mellom {first} og {last}").format(
                first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return int(text)


def _calendar_ics(site: SiteDep, session: SessionDep) -> Response:
    from sdgplan.political_calendar import export_calendar

    number = site.municipality.number
    if not _has_calendar(session, number):
        raise NotFound(_("Fant ikke siden"))
    years = subscription_years(session, number, dt.date.today())
    data, _count = export_calendar(session, site.municipality, years, stamp=dt.datetime.now(dt.UTC))
    filename = re.sub(r"[^0-9A-Za-z._-]", "", f"{number}-arshjul.ics")
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=ICS_TYPE, headers=headers)


def _climate(request: Request, site: SiteDep, session: SessionDep) -> str:
    from sdgplan.climate import climate_budget
    from sdgplan.web.cycle_views import climate_page

    budget = climate_budget(session, municipality=site.municipality.number)
    if not budget.budget.emissions and not budget.budget.measures:
        raise NotFound(_("Fant ikke siden"))
    view = climate_page(budget, site.municipality.name)
    return render_page(
        request,
        "climate.html.j2",
        site=site,
        view=view,
        title=_("Klimabudsjett"),
        charts=view.chart is not None,
    )


def _programme(request: Request, site: SiteDep, session: SessionDep) -> str:
    return _programme_period(request, site, session, "")


def _programme_period(request: Request, site: SiteDep, session: SessionDep, period: str) -> str:
    """The programme of `period` ("": the newest stored)."""
    from sdgplan.store import programme_repo
    from sdgplan.web.cycle_views import programme_page

    number = site.municipality.number
    periods = programme_repo.periods(session, number)
    if not periods or (period and period not in periods):
        raise NotFound(_("Fant ikke siden"))
    programme = programme_repo.load_programme(session, number, period or periods[-1])
    view = programme_page(session, programme, periods)
    return render_page(request, "programme.html.j2", site=site, view=view, title=programme.title)


PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/calendar", _calendar),
    ("/calendar.ics", _calendar_ics),
    ("/climate", _climate),
    ("/programme", _programme),
    ("/programme/{period}", _programme_period),
]
