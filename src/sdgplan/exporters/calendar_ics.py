"""The political calendar as iCalendar (RFC 5545), for subscription in a calendar program.

Each event has a UID made of the municipality, the year and the event's key, so a subscriber's
program updates an event that moved instead of showing it twice. Milestones are all-day events
(DTEND the day after the last day, RFC 5545 3.6.1); meetings with a time carry their time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import icalendar

from sdgplan.domain.calendar import CalendarEvent, EventKind, event_uid
from sdgplan.i18n import _
from sdgplan.version import __version__

PRODUCT_ID = f"-//sdgplan//politisk årshjul {__version__}//NO"


def calendar_ics(
    events: Iterable[CalendarEvent],
    *,
    municipality: str,
    name: str,
    timezone: str,
    stamp: dt.datetime,
) -> bytes:
    """The events as an iCalendar file; `stamp` (UTC) is every event's DTSTAMP."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Politisk årshjul – {name}").format(name=name))
    calendar.add("x-wr-timezone", timezone)
    zone = zoneinfo.ZoneInfo(timezone)
    years = set()
    for event in events:
        calendar.add_component(_vevent(event, municipality, zone, stamp))
        years |= {event.start.year, event.end.year}
    if years:  # the time zone's rules for the years shown, not 1970-2038
        calendar.add_missing_timezones(
            first_date=dt.date(min(years), 1, 1), last_date=dt.date(max(years) + 1, 12, 31)
        )
    data: bytes = calendar.to_ical()
    return data


def _vevent(
    event: CalendarEvent, municipality: str, zone: dt.tzinfo, stamp: dt.datetime
) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(municipality, event.start.year, event.key))
    vevent.add("dtstamp", stamp.astimezone(dt.UTC))
    vevent.add("summary", event.title)
    if event.start_time is None:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", dt.datetime.combine(event.start, event.start_time, zone))
        if event.end_time is not None:
            vevent.add("dtend", dt.datetime.combine(event.end, event.end_time, zone))
    if event.location:
        vevent.add("location", event.location)
    description = _description(event)
    if description:
        vevent.add("description", description)
    vevent.add("categories", [_("Årshjul") if event.kind is EventKind.MILESTONE else _("Møte")])
    vevent.add("transp", "TRANSPARENT" if event.kind is EventKind.MILESTONE else "OPAQUE")
    return vevent


def _description(event: CalendarEvent) -> str:
    lines = []
    if event.body:
        lines.append(_("Organ: {body}").format(body=event.body))
    if event.produces:
        lines.append(
            _("Gir: {version} {period}")
            .format(version=event.produces.label, period=event.programme_period or "")
            .strip()
        )
    if event.illustrative:
        lines.append(_("Illustrativt eksempel, ikke et virkelig møte."))
    return "\n".join(lines)
