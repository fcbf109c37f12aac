"""The chart of an action programme: each service area's share of the accounts in a year
(issue 14), as horizontal bars with the share printed beside each bar."""

from __future__ import annotations

from sdgplan.domain.display import format_number
from sdgplan.domain.programme import Programme
from sdgplan.i18n import _
from sdgplan.reports.charts import COLOURS, CONFIG, VEGA_LITE_SCHEMA, Chart

WIDTH, BAR = 420, 28


def service_area_shares_chart(programme: Programme, year: int | None = None) -> Chart | None:
    """The service areas' shares of the accounts in `year` (default: the latest year any
    area has a share), or None when no area has one."""
    years = {y for area in programme.service_areas for y in area.shares}
    if not years:
        return None
    chosen = year if year is not None else max(years)
    shares = [
        (a.name, float(a.shares[chosen])) for a in programme.service_areas if chosen in a.shares
    ]
    if not shares:
        return None
    rows = [{"area": name, "share": share, "label": _percent(share)} for name, share in shares]
    title = _("Tjenesteområdenes andel av regnskapet {year}").format(year=chosen)
    y = {"field": "area", "type": "nominal", "sort": None, "title": None}
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "config": CONFIG,
        "title": title,
        "description": _("Andel av regnskapet per tjenesteområde i {year}").format(year=chosen),
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "bar", "color": COLOURS[0]},
                "encoding": {
                    "x": {"field": "share", "type": "quantitative", "title": _("Andel (%)")},
                    "tooltip": [
                        {"field": "area", "type": "nominal", "title": _("Tjenesteområde")},
                        {"field": "label", "type": "nominal", "title": _("Andel")},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": "#1d2327"},
                "encoding": {
                    "x": {"field": "share", "type": "quantitative"},
                    "text": {"field": "label", "type": "nominal"},
                },
            },
        ],
        "width": WIDTH,
        "height": BAR * len(rows),
    }
    period = f"{programme.period.first}-{programme.period.last}"
    return Chart(f"programme-{period}-shares-{chosen}", title, spec)


def _percent(share: float) -> str:
    """`42 %`, `1,5 %`."""
    return format_number(share, 0 if share.is_integer() else 1) + " %"
