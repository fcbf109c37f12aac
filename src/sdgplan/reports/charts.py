"""Charts as Vega-Lite specifications (Altair): key figures over time with their threshold
and target, and comparisons between areas. Each is shown next to its data table, with the
same years, a title and axis titles; the HTML draws them interactively, the PDF gets static
SVG (vl-convert). Numbers are formatted as in Norway (`NB_NO_LOCALE`) in both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import vl_convert

from sdgplan.domain.indicators import Indicator, Observation
from sdgplan.domain.periods import is_year
from sdgplan.reports.goalposts import goalposts, yearly_values
from sdgplan.reports.tables import Grid
from sdgplan.reports.vega_bundle import vega_embed_script

__all__ = ["Chart", "chart_svg", "comparison_chart", "key_figure_chart", "vega_embed_script"]

FONT = "Noto Sans"
WIDTH, HEIGHT = 420, 180
COLOURS = ["#1f5f8b", "#e08a2e", "#5a9e4b", "#8c5fa8", "#b0413e"]
# d3-format locale nb-NO: decimal comma, a no-break space between thousands
NB_NO_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
}


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


def number_format(values: list[float]) -> str:
    """The d3 format of a chart's numbers: four-digit numbers are not grouped (`1748`) but
    larger ones are (`186 211`), as in the tables; trailing zeros are left out."""
    return ",~f" if any(abs(v) >= 10_000 for v in values) else "~f"


def axis_title(indicator: Indicator, fallback: str) -> str:
    """The unit for the value axis: the indicator's unit, else a short unit at the end of
    its name ("…, tonn CO₂e"), else `fallback`."""
    if indicator.unit:
        return indicator.unit
    tail = re.search(r",\s*([^,]{1,20})$", indicator.name)
    return tail[1] if tail else fallback


def key_figure_chart(
    indicator: Indicator,
    observations: list[Observation],
    *,
    area: str,
    labels: dict[str, str],
    periods: list[str],
) -> Chart | None:
    """The values in `periods` (the years of the key-figure table) with the threshold,
    target and desired band; None for fewer than two values.

    The value axis starts at zero, so a small change looks small.
    """
    series = yearly_values(indicator, observations, area=area)
    years = [p for p in periods if is_year(p)]
    shown = {y: series[int(y)] for y in years if int(y) in series}
    points = [{"year": y, "value": value} for y, value in shown.items()]
    if len(points) < 2:
        return None
    title = re.sub(r"\s*\([^)]*\)\s*$", "", indicator.name)
    y_title = axis_title(indicator, labels["value"])
    posts = goalposts(indicator, series)
    fmt = number_format([*shown.values(), posts.target_value or 0])
    x = alt.X(
        "year:O", title=labels["year"], scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0)
    )
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=True), axis=alt.Axis(format=fmt))
    base = alt.Chart(_data(points))
    layers: list[Any] = [
        base.mark_line(point=alt.OverlayMarkDef(size=50), color=COLOURS[0]).encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("year:O", title=labels["year"]),
                alt.Tooltip("value:Q", title=y_title, format=fmt),
            ],
        ),
        base.mark_text(dy=-10, fontSize=10, color="#1d2327").encode(
            x=x, y=y, text=alt.Text("value:Q", format=fmt)
        ),
    ]
    notes: list[str] = []
    threshold = indicator.threshold
    if threshold is not None:
        values = [threshold.value] + ([threshold.upper] if threshold.operator == "between" else [])
        layers += _level_lines(
            values, f"{labels['threshold']} {posts.threshold}", COLOURS[4], [6, 4], "left"
        )
        notes.append(labels["rule_note"])
    if posts.target_value is not None:
        text = f"{labels['target']} {posts.target_year}: {posts.target}"
        layers += _level_lines([posts.target_value], text, COLOURS[2], [2, 3], "right")
        notes.append(labels["target_note"])
    if indicator.bands is not None:
        desired = indicator.bands.desired[0]
        band = alt.Chart(_data([{"low": desired.lower, "high": desired.upper}]))
        layers.insert(
            0, band.mark_rect(opacity=0.15, color=COLOURS[2]).encode(y="low:Q", y2="high:Q")
        )
        notes.append(labels["band_note"])
    chart = alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=alt.TitleParams(title, subtitle="; ".join(notes))
    )
    return Chart(indicator.key, title, _config(chart).to_dict(validate=False))


def _level_lines(
    values: list[float | None],
    text: str,
    colour: str,
    dash: list[int],
    align: Literal["left", "right"],
) -> list[Any]:
    """Horizontal lines at `values`, the first labelled `text` at the left or right edge."""
    rows = [{"value": v, "label": text if i == 0 else ""} for i, v in enumerate(values)]
    data = alt.Chart(_data([r for r in rows if r["value"] is not None]))
    return [
        data.mark_rule(color=colour, strokeDash=dash).encode(y="value:Q"),
        data.mark_text(
            align=align, dx=4 if align == "left" else -4, dy=-6, color=colour, fontSize=10
        ).encode(y="value:Q", text="label:N", x=alt.value(0 if align == "left" else WIDTH)),
    ]


def comparison_chart(
    grid: Grid, *, labels: dict[str, str], indicators: dict[str, Indicator]
) -> Chart | None:
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
    indicator = indicators.get(table.indicators[0])
    y_title = axis_title(indicator, labels["value"]) if indicator else labels["value"]
    fmt = number_format([o.value for o in values if o.value is not None])
    chart = (
        alt.Chart(_data(points))
        .mark_bar()
        .encode(
            x=alt.X("area:N", title=None, sort=row_labels, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("period:N"),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=fmt)),
            color=alt.Color("period:N", scale=alt.Scale(range=COLOURS)),
            tooltip=["area:N", "period:N", alt.Tooltip("value:Q", title=y_title, format=fmt)],
        )
        .properties(width=WIDTH, height=HEIGHT, title=_sentence(table.title))
    )
    return Chart(table.key, table.title, _config(chart).to_dict(validate=False))


def _sentence(title: str) -> str:
    return title[:1] + title[1:].lower() if title.isupper() else title


def chart_svg(chart: Chart) -> str:
    """The chart as static SVG, numbers in the nb-NO format."""
    svg: str = vl_convert.vegalite_to_svg(chart.spec, format_locale=NB_NO_LOCALE)
    return svg
