"""Charts as Vega-Lite specifications (Altair): key figures over time with their rule line,
and comparisons between areas. Each is shown next to its data table, with a title and axis
titles; the HTML draws them interactively, the PDF gets static SVG (vl-convert)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import vl_convert

from sdgplan.domain.indicators import Indicator, Observation, ObservationStatus
from sdgplan.domain.periods import is_year
from sdgplan.reports.tables import Grid

FONT = "Noto Sans"
WIDTH, HEIGHT = 420, 180
COLOURS = ["#1f5f8b", "#e08a2e", "#5a9e4b", "#8c5fa8", "#b0413e"]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    spec: dict[str, Any]


def _data(values: list[dict[str, Any]]) -> Any:
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _config(chart: Any) -> Any:
    return (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11, gridColor="#e6e6e6")
        .configure_title(fontSize=13, anchor="start")
        .configure_legend(orient="bottom", title=None)
    )


def key_figure_chart(
    indicator: Indicator, observations: list[Observation], *, area: str, labels: dict[str, str]
) -> Chart | None:
    """The yearly values with the threshold or desired band; None for fewer than two values."""
    points = [
        {"year": o.period, "value": o.value}
        for o in observations
        if o.indicator == indicator.key
        and o.area == area
        and not o.breakdown
        and is_year(o.period)
        and o.value is not None
        and o.status is ObservationStatus.MEASURED
    ]
    if len(points) < 2:
        return None
    title = re.sub(r"\s*\([^)]*\)\s*$", "", indicator.name)
    y_title = indicator.unit or labels["value"]
    base = alt.Chart(_data(points))
    line = base.mark_line(point=alt.OverlayMarkDef(size=50), color=COLOURS[0]).encode(
        x=alt.X("year:O", title=labels["year"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("year:O", title=labels["year"]),
            alt.Tooltip("value:Q", title=y_title),
        ],
    )
    layers: list[Any] = [line]
    threshold = indicator.threshold
    if threshold is not None and threshold.operator != "between":
        rule_label = f"{labels['threshold']} {threshold}".replace(".", ",")
        rule = alt.Chart(_data([{"value": threshold.value, "label": rule_label}]))
        layers.append(rule.mark_rule(color=COLOURS[4], strokeDash=[6, 4]).encode(y="value:Q"))
        layers.append(
            rule.mark_text(align="left", dx=4, dy=-6, color=COLOURS[4], fontSize=10).encode(
                y="value:Q", text="label:N", x=alt.value(0)
            )
        )
    if indicator.bands is not None:
        desired = indicator.bands.desired[0]
        band = alt.Chart(_data([{"low": desired.lower, "high": desired.upper}]))
        layers.insert(
            0, band.mark_rect(opacity=0.15, color=COLOURS[2]).encode(y="low:Q", y2="high:Q")
        )
    notes = (
        [labels["rule_note"]] if threshold is not None and threshold.operator != "between" else []
    )
    notes += [labels["band_note"]] if indicator.bands is not None else []
    chart = alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=alt.TitleParams(title, subtitle="; ".join(notes))
    )
    return Chart(indicator.key, title, _config(chart).to_dict(validate=False))


def comparison_chart(grid: Grid, *, labels: dict[str, str]) -> Chart | None:
    """Grouped bars for a table of areas by period (peer or former municipalities)."""
    table = grid.table
    if table.rows != "area" or table.columns != ("period",) or len(table.indicators) != 1:
        return None
    values = [o for o in grid.values if o.value is not None]
    if len(values) < 2 or len(grid.header_rows) != 1:
        return None
    row_labels = [label for label, _ in grid.rows]
    area_label = dict(
        zip(list(dict.fromkeys(o.area for o in grid.values)), row_labels, strict=False)
    )
    points = [
        {
            "area": area_label.get(o.area, o.area),
            "period": table.labels.get(o.period, o.period),
            "value": o.value,
        }
        for o in values
    ]
    chart = (
        alt.Chart(_data(points))
        .mark_bar()
        .encode(
            x=alt.X("area:N", title=None, sort=row_labels, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("period:N"),
            y=alt.Y("value:Q", title=labels["value"]),
            color=alt.Color("period:N", scale=alt.Scale(range=COLOURS)),
            tooltip=["area:N", "period:N", "value:Q"],
        )
        .properties(width=WIDTH, height=HEIGHT, title=_sentence(table.title))
    )
    return Chart(table.key, table.title, _config(chart).to_dict(validate=False))


def _sentence(title: str) -> str:
    return title[:1] + title[1:].lower() if title.isupper() else title


def chart_svg(chart: Chart) -> str:
    svg: str = vl_convert.vegalite_to_svg(chart.spec)
    return svg


@cache
def vega_embed_script() -> str:
    """Vega, Vega-Lite and vega-embed as one script, taken from vl-convert's bundled HTML so
    that the report reads offline."""
    html: str = vl_convert.vegalite_to_html({"mark": "point"}, bundle=True)
    start = html.index('<script type="text/javascript">') + len('<script type="text/javascript">')
    return html[start : html.index("</script>", start)]
