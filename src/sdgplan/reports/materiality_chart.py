"""The materiality matrix (issue 15) as a Vega-Lite specification: each scored target (or SDG)
a point at (the municipality's influence, the importance for the stakeholders), coloured by
its SDG with the official colours and labelled with its code, so no information is in colour
alone; the priority quadrant shaded.

Labels never overlap: their places are computed here, not by Vega. The plot's scales are
fixed (domain, size), so a score's pixel position is known; each label (codes at the same
point share one) tries places around its point at growing distances, and takes the first
whose box is inside the plot and clear of every point, every label placed before it and the
quadrant's caption; a label set apart from its point gets a thin leader line. Each label row
carries its box (`box`: left, top, right, bottom in plot pixels) so tests can check it.
Text widths are estimated on the safe side for the chart font at `FONT_SIZE`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sdgplan.domain.display import format_number
from sdgplan.domain.materiality import (
    Aggregated,
    Aggregation,
    Materiality,
    code_order,
)
from sdgplan.domain.sdg import SDG_COLOURS, SdgCatalogue
from sdgplan.i18n import _, current_language, ngettext
from sdgplan.reports.charts import CONFIG, VEGA_LITE_SCHEMA, Chart

WIDTH, PHONE_WIDTH = 560, 288  # a phone: 320 px less the page margins
AXIS_SPACE = 52  # the y axis, its labels and title, left of the plot
FONT_SIZE = 10
TITLE_SIZE, SUBTITLE_SIZE = 13, 10  # Vega's sizes with reports.charts.CONFIG
BOLD = 1.1  # bold text is about this much wider
LINE_HEIGHT = FONT_SIZE + 3
POINT_RADIUS = 5
GAP = 3  # between a point and its label, and around boxes
INK, LEADER, QUADRANT = "#1d2327", "#6b7378", "#3f7e44"
RADII = (0, 6, 12, 20, 30, 42, 56, 72, 90, 110, 132, 156, 184, 216)
ANGLES = 48

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Label:
    """A label's text, its point and its box, in plot pixels (y downwards)."""

    text: str
    point: tuple[float, float]
    box: Box
    leader: bool = False  # a line from the point: far from it, or as near another point

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


def text_width(text: str) -> float:
    """A generous estimate of `text`'s width in pixels at `FONT_SIZE` (Noto Sans: digits
    0.57 em, narrow marks about 0.27 em)."""
    narrow = sum(1 for c in text if c in ".,: ")
    return FONT_SIZE * (0.62 * (len(text) - narrow) + 0.32 * narrow) + 2


def wrapped(lines: Sequence[str], width: float, font_size: float) -> list[str]:
    """`lines` broken between words so none is estimated wider than `width` pixels at
    `font_size` (Vega does not wrap titles; a long one would widen the chart past a phone)."""
    scale = font_size / FONT_SIZE
    out: list[str] = []
    for line in lines:
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate) * scale > width:
                out.append(current)
                candidate = word
            current = candidate
        out.append(current)
    return out


@dataclass(frozen=True)
class Frame:
    """The plot's size and the scale's domain, shared by both axes."""

    size: float
    low: float
    high: float

    def x(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low) * self.size

    def y(self, value: float) -> float:
        return self.size - self.x(value)

    def value_x(self, pixel: float) -> float:
        return self.low + pixel / self.size * (self.high - self.low)

    def value_y(self, pixel: float) -> float:
        return self.value_x(self.size - pixel)


def frame_for(materiality: Materiality, width: int) -> Frame:
    scale = materiality.method.scale
    pad = (scale.maximum - scale.minimum) * 0.08
    return Frame(float(width - AXIS_SPACE), scale.minimum - pad, scale.maximum + pad)


def place_labels(
    points: Sequence[tuple[str, float, float]], *, size: float, obstacles: Sequence[Box] = ()
) -> tuple[list[Label], list[str]]:
    """Place a label for each `(text, x, y)` point (plot pixels), in the order given; the
    labels and the texts that found no free place."""
    centres = [(x, y) for _text, x, y in points]
    taken: list[Box] = [*obstacles, *(_around(x, y, POINT_RADIUS) for x, y in centres)]
    placed: list[Label] = []
    unplaced: list[str] = []
    for text, x, y in points:
        label = _first_free(text, (x, y), size, taken, placed, centres)
        if label is None:  # inside a blob of points: let the leader line cross them
            label = _first_free(text, (x, y), size, taken, placed, [])
        if label is None:
            unplaced.append(text)
            continue
        placed.append(label)
        taken.append(_grown(label.box))
    return placed, unplaced


def _first_free(
    text: str,
    point: tuple[float, float],
    size: float,
    taken: list[Box],
    placed: list[Label],
    centres: list[tuple[float, float]],
) -> Label | None:
    """The first free place for `text` around `point`: right of it first, then turning both
    ways a step at a time, then the same further out."""
    width, height = text_width(text), LINE_HEIGHT
    x, y = point
    for radius in RADII:
        for step in range(ANGLES):
            angle = (1 if step % 2 else -1) * ((step + 1) // 2) * 2 * math.pi / ANGLES
            reach_x = POINT_RADIUS + GAP + radius + width / 2
            reach_y = POINT_RADIUS + GAP + radius + height / 2
            cx, cy = x + math.cos(angle) * reach_x, y - math.sin(angle) * reach_y
            box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
            if not _inside(box, size) or any(_overlap(box, other) for other in taken):
                continue
            if any(_leader_enters(other, box) for other in placed if other.leader):
                continue
            own = _distance_to_box(point, box)
            near = sum(_distance_to_box(c, box) <= own + 2 for c in centres)
            leader = own > POINT_RADIUS + 2 * GAP or near > 1 or not centres
            label = Label(text, point, box, leader)
            if leader and _leader_crosses(label, placed, centres):
                continue
            return label
    return None


def _leader_points(label: Label) -> list[tuple[float, float]]:
    """Points every 2 pixels along the label's leader line."""
    (x0, y0), (x1, y1) = label.point, leader_end(label)
    steps = max(int(math.hypot(x1 - x0, y1 - y0) / 2), 1)
    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]


def _leader_enters(label: Label, box: Box) -> bool:
    return any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in _leader_points(label))


def _leader_crosses(label: Label, placed: list[Label], centres: list[tuple[float, float]]) -> bool:
    """Whether the leader line passes through a placed label or another point (one that
    touches the label's own point does not count: the line must leave through it)."""
    px, py = label.point
    others = [c for c in centres if math.hypot(c[0] - px, c[1] - py) > 2 * POINT_RADIUS + 1]
    for x, y in _leader_points(label):
        if any(o.box[0] <= x <= o.box[2] and o.box[1] <= y <= o.box[3] for o in placed):
            return True
        if any(math.hypot(x - cx, y - cy) <= POINT_RADIUS + 1 for cx, cy in others):
            return True
    return False


def _around(x: float, y: float, radius: float) -> Box:
    return (x - radius, y - radius, x + radius, y + radius)


def _grown(box: Box) -> Box:
    return (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1)


def _inside(box: Box, size: float) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= size and box[3] <= size


def overlap(first: Box, second: Box) -> bool:
    """Whether two boxes share any area."""
    return _overlap(first, second)


def _overlap(first: Box, second: Box) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


def _distance_to_box(point: tuple[float, float], box: Box) -> float:
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return math.hypot(dx, dy)


def leader_end(label: Label) -> tuple[float, float]:
    """Where the leader line meets the label's box: its point nearest the label's point."""
    px, py = label.point
    left, top, right, bottom = label.box
    return min(max(px, left), right), min(max(py, top), bottom)


def materiality_labels() -> dict[str, str]:
    """The chart's texts in the current language."""
    return {
        "importance": _("Viktighet for interessentene"),
        "influence": _("Kommunens påvirkning"),
        "priority": _("Prioritert"),
        "sdg": _("Bærekraftsmål"),
        "code": _("Mål eller delmål"),
        "title": _("Tittel"),
        "scorers": _("Vurderere"),
        "illustrative": _("Illustrative tall"),
        "unplaced": _("Uten etikett i diagrammet: {codes}"),
    }


def materiality_chart(
    materiality: Materiality,
    aggregated: Sequence[Aggregated],
    *,
    municipality: str,
    catalogue: SdgCatalogue,
    width: int = WIDTH,
    labels: dict[str, str] | None = None,
) -> Chart | None:
    """The matrix of `aggregated` (`domain.materiality.aggregate`), `width` pixels wide
    (`PHONE_WIDTH` for a phone); None with nothing scored."""
    if not aggregated:
        return None
    text = labels or materiality_labels()
    frame = frame_for(materiality, width)
    threshold = materiality.method.priority_threshold
    caption = _caption_box(text["priority"], frame)
    groups = _groups(aggregated)
    order = sorted(groups, key=lambda g: (not g[0].prioritised, -_sum(g[0]), code_order(g[0].code)))
    points = [
        (
            ", ".join(a.code for a in group),
            frame.x(group[0].influence),
            frame.y(group[0].importance),
        )
        for group in order
    ]
    placed, unplaced = place_labels(points, size=frame.size, obstacles=[caption])
    nb = current_language() == "nb"
    sdg_names = {
        n: f"{n} {(g.short_nb if nb else g.short_en)}"
        for n, g in catalogue.goals.items()
        if any(a.sdg_goal == n for a in aggregated)
    }
    layers = [
        _quadrant_layer(frame, threshold),
        *_threshold_layers(frame, threshold),
        _caption_layer(text["priority"], caption),
        _leader_layer(placed, frame),
        _point_layer(aggregated, catalogue, sdg_names, text, nb),
        _label_layer(placed, frame),
    ]
    subtitle = _subtitle(materiality, municipality, text)
    if unplaced:
        subtitle.append(text["unplaced"].format(codes="; ".join(unplaced)))
    axis_values = _ticks(materiality)
    title = materiality.title
    spec: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "config": {**CONFIG, "legend": _legend(width)},
        "title": {
            "text": wrapped([title], frame.size, TITLE_SIZE * BOLD),
            "subtitle": wrapped(subtitle, frame.size, SUBTITLE_SIZE),
        },
        "description": _(
            "Vesentlighetsmatrise: kommunens påvirkning (vannrett) mot viktighet for "
            "interessentene (loddrett) for hvert vurderte mål og delmål"
        ),
        "encoding": {
            "x": _axis("x", text["influence"], frame, axis_values),
            "y": _axis("y", text["importance"], frame, axis_values),
        },
        "layer": [layer for layer in layers if layer],
        "width": frame.size,
        "height": frame.size,
    }
    return Chart(f"materiality-{materiality.cycle}", title, spec)


def _legend(width: int) -> dict[str, Any]:
    """The SDGs under the plot, in as many columns as fit (one on a phone)."""
    columns = max(1, min(3, width // 200))
    return {
        "orient": "bottom",
        "title": None,
        "columns": columns,
        "labelLimit": (width - AXIS_SPACE) // columns - 30,
        "symbolStrokeColor": INK,
    }


def _sum(score: Aggregated) -> float:
    return score.importance + score.influence


def _groups(aggregated: Sequence[Aggregated]) -> list[list[Aggregated]]:
    """Codes at the same point, in SDG order."""
    found: dict[tuple[float, float], list[Aggregated]] = {}
    for a in sorted(aggregated, key=lambda a: code_order(a.code)):
        found.setdefault((round(a.influence, 6), round(a.importance, 6)), []).append(a)
    return list(found.values())


def _axis(channel: str, title: str, frame: Frame, values: list[float] | None) -> dict[str, Any]:
    axis: dict[str, Any] = {"format": "~r", "grid": False}
    if values is not None:
        axis["values"] = values
    field = "influence" if channel == "x" else "importance"
    return {
        "field": field,
        "type": "quantitative",
        "title": title,
        "scale": {"domain": [frame.low, frame.high], "nice": False, "zero": False},
        "axis": axis,
    }


def _ticks(materiality: Materiality) -> list[float] | None:
    """Whole-number ticks for a scale of up to ten steps (1-5, 0-10), else Vega's own."""
    scale = materiality.method.scale
    low, high = scale.minimum, scale.maximum
    if low.is_integer() and high.is_integer() and high - low <= 10:
        return [float(v) for v in range(int(low), int(high) + 1)]
    return None


def _caption_box(caption: str, frame: Frame) -> Box:
    width = text_width(caption)
    return (frame.size - width - GAP, GAP, frame.size - GAP, GAP + LINE_HEIGHT)


def _quadrant_layer(frame: Frame, threshold: float) -> dict[str, Any]:
    return {
        "data": {"values": [{"x": threshold, "x2": frame.high, "y": threshold, "y2": frame.high}]},
        "mark": {"type": "rect", "color": QUADRANT, "opacity": 0.08},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "x2": {"field": "x2"},
            "y": {"field": "y", "type": "quantitative"},
            "y2": {"field": "y2"},
        },
    }


def _threshold_layers(frame: Frame, threshold: float) -> list[dict[str, Any]]:
    mark = {"type": "rule", "color": QUADRANT, "strokeDash": [4, 3], "strokeWidth": 1}
    data = {"values": [{"t": threshold, "low": frame.low, "high": frame.high}]}
    return [
        {
            "data": data,
            "mark": mark,
            "encoding": {
                "x": {"field": "t", "type": "quantitative"},
                "y": {"field": "low", "type": "quantitative"},
                "y2": {"field": "high"},
            },
        },
        {
            "data": data,
            "mark": mark,
            "encoding": {
                "y": {"field": "t", "type": "quantitative"},
                "x": {"field": "low", "type": "quantitative"},
                "x2": {"field": "high"},
            },
        },
    ]


def _caption_layer(caption: str, box: Box) -> dict[str, Any]:
    return {
        "data": {"values": [{"text": caption}]},
        "mark": {
            "type": "text",
            "align": "right",
            "baseline": "middle",
            "fontSize": FONT_SIZE,
            "fontWeight": "bold",
            "color": QUADRANT,
        },
        "encoding": {
            "x": {"value": box[2]},
            "y": {"value": (box[1] + box[3]) / 2},
            "text": {"field": "text", "type": "nominal"},
        },
    }


def _leader_layer(placed: list[Label], frame: Frame) -> dict[str, Any] | None:
    rows = []
    for label in placed:
        if not label.leader:
            continue
        end_x, end_y = leader_end(label)
        rows.append(
            {
                "influence": frame.value_x(label.point[0]),
                "importance": frame.value_y(label.point[1]),
                "x2": frame.value_x(end_x),
                "y2": frame.value_y(end_y),
            }
        )
    if not rows:
        return None
    return {
        "data": {"values": rows},
        "mark": {"type": "rule", "color": LEADER, "strokeWidth": 0.75},
        "encoding": {"x2": {"field": "x2"}, "y2": {"field": "y2"}},
    }


def _point_layer(
    aggregated: Sequence[Aggregated],
    catalogue: SdgCatalogue,
    sdg_names: dict[int, str],
    text: dict[str, str],
    nb: bool,
) -> dict[str, Any]:
    rows = []
    for a in aggregated:
        found = catalogue.targets.get(a.code) or catalogue.goals[a.sdg_goal]
        rows.append(
            {
                "code": a.code,
                "sdg": sdg_names[a.sdg_goal],
                "title": found.title_nb if nb else found.title_en,
                "importance": round(a.importance, 2),
                "influence": round(a.influence, 2),
                "scorers": a.scorers,
            }
        )
    goals = sorted(sdg_names)
    encoding: dict[str, Any] = {
        "color": {
            "field": "sdg",
            "type": "nominal",
            "title": text["sdg"],
            "scale": {
                "domain": [sdg_names[n] for n in goals],
                "range": [SDG_COLOURS[n] for n in goals],
            },
        },
        "tooltip": [
            {"field": "code", "type": "nominal", "title": text["code"]},
            {"field": "title", "type": "nominal", "title": text["title"]},
            {
                "field": "importance",
                "type": "quantitative",
                "title": text["importance"],
                "format": ".1f",
            },
            {
                "field": "influence",
                "type": "quantitative",
                "title": text["influence"],
                "format": ".1f",
            },
            {"field": "scorers", "type": "quantitative", "title": text["scorers"]},
        ],
    }
    return {
        "data": {"values": rows},
        "mark": {
            "type": "point",
            "filled": True,
            "size": math.pi * POINT_RADIUS**2,
            "opacity": 1,
            "stroke": INK,
            "strokeWidth": 0.75,
        },
        "encoding": encoding,
    }


def _label_layer(placed: list[Label], frame: Frame) -> dict[str, Any]:
    rows = [
        {
            "label": label.text,
            "influence": frame.value_x(label.centre[0]),
            "importance": frame.value_y(label.centre[1]),
            "box": [round(v, 2) for v in label.box],
        }
        for label in placed
    ]
    return {
        "data": {"values": rows},
        "mark": {
            "type": "text",
            "align": "center",
            "baseline": "middle",
            "fontSize": FONT_SIZE,
            "color": INK,
        },
        "encoding": {"text": {"field": "label", "type": "nominal"}},
    }


def _subtitle(materiality: Materiality, municipality: str, text: dict[str, str]) -> list[str]:
    method = materiality.method
    scorers = len(materiality.scorers)
    how = (
        ngettext("gjennomsnitt av {count} vurderer", "gjennomsnitt av {count} vurderere", scorers)
        if method.aggregation is Aggregation.MEAN
        else ngettext("median av {count} vurderer", "median av {count} vurderere", scorers)
    ).format(count=scorers)
    lines = [
        _("{municipality}, skala {scale}, {how}").format(
            municipality=municipality, scale=method.scale, how=how
        ),
        _("Prioritert: begge akser minst {threshold}").format(
            threshold=format_number(method.priority_threshold, 1).removesuffix(",0")
        ),
    ]
    if materiality.illustrative:
        lines.append(text["illustrative"])
    return lines
