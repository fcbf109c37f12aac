"""A materiality scoring as a form and back (the state of `materiality:CYCLE`,
editing/kinds/materiality.py): the method's fields, and the scores as the rows of a table,
their inputs named by their row (`s.3.importance`), numbers as typed (`4,5`). A box removes
a row; a submit button adds empty ones (no script)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sdgplan.domain.materiality import AXIS_NAMES, Aggregation, Axis
from sdgplan.i18n import N_, _
from sdgplan.web.edit_forms import blank_to_none, number_text

MAX_ROWS = 3000  # scores in one form: every target and goal by some 16 scorers
SPARE_ROWS = 3  # empty rows under the scores when the form opens
MORE_ROWS = 5  # empty rows the "more rows" button adds
ROW_FIELDS = ("code", "scorer", "importance", "influence")
AGGREGATIONS = {
    Aggregation.MEAN.value: N_("Gjennomsnitt"),
    Aggregation.MEDIAN.value: N_("Median"),
}
METHOD_FIELDS = {  # the state's place -> the form's inputs and their words
    "scale.min": (("scale.min",), N_("Skala, laveste verdi")),
    "scale.max": (("scale.max",), N_("Skala, høyeste verdi")),
    "scale": (("scale.min", "scale.max"), N_("Skala")),
    "aggregation": (("aggregation",), N_("Sammenstilling")),
    "threshold": (("threshold",), N_("Terskel for prioritert")),
    "illustrative": (("illustrative",), N_("Illustrative tall")),
}
_ROW = re.compile(r"^s\.(\d{1,5})\.(?:code|scorer|importance|influence|remove)$")
_SCORE_PROBLEM = re.compile(r"^scores\[(\d+)\](?:\.(\w+))?: (.*)$", re.S)
_METHOD_PROBLEM = re.compile(r"^([a-z_]+(?:\.[a-z_]+)?): (.*)$", re.S)


@dataclass
class Row:
    """A score as typed; its inputs are named `s.{number}.code` and so on."""

    number: int
    code: str = ""
    scorer: str = ""
    importance: str = ""
    influence: str = ""
    remove: bool = False

    @property
    def blank(self) -> bool:
        return not any(getattr(self, name).strip() for name in ROW_FIELDS)


@dataclass
class ScoringForm:
    scale_min: str = ""
    scale_max: str = ""
    aggregation: str = Aggregation.MEAN.value
    threshold: str = ""
    illustrative: bool = False
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """A problem as the form shows it, and the input it leads to (its name), if any."""

    text: str
    field: str | None = None


def form_from_state(state: Mapping[str, Any]) -> ScoringForm:
    scale = state.get("scale") or {}
    rows = [
        Row(
            number,
            number_text(score.get("code")),
            number_text(score.get("scorer")),
            number_text(score.get("importance")),
            number_text(score.get("influence")),
        )
        for number, score in enumerate(state.get("scores") or [])
    ]
    form = ScoringForm(
        number_text(scale.get("min")),
        number_text(scale.get("max")),
        str(state.get("aggregation") or Aggregation.MEAN.value),
        number_text(state.get("threshold")),
        bool(state.get("illustrative")),
        rows,
    )
    add_rows(form, SPARE_ROWS)
    return form


def form_from_fields(fields: Mapping[str, Any]) -> ScoringForm:
    """The form as sent, its rows in the order of their numbers."""

    def text(name: str) -> str:
        return str(fields.get(name) or "")

    numbers = sorted({int(m.group(1)) for name in fields if (m := _ROW.match(name))})
    rows = [
        Row(
            number,
            text(f"s.{number}.code"),
            text(f"s.{number}.scorer"),
            text(f"s.{number}.importance"),
            text(f"s.{number}.influence"),
            bool(fields.get(f"s.{number}.remove")),
        )
        for number in numbers[:MAX_ROWS]
    ]
    return ScoringForm(
        text("scale.min"),
        text("scale.max"),
        text("aggregation"),
        text("threshold"),
        bool(fields.get("illustrative")),
        rows,
    )


def add_rows(form: ScoringForm, count: int) -> int | None:
    """Add `count` empty rows (up to MAX_ROWS); the first new row's number, or None."""
    start = max((row.number for row in form.rows), default=-1) + 1
    count = min(count, MAX_ROWS - len(form.rows))
    form.rows += [Row(start + n) for n in range(count)]
    return start if count > 0 else None


def state_from_form(form: ScoringForm) -> tuple[dict[str, Any], list[int]]:
    """The scoring the form asks for (removed and empty rows left out), and the place in
    `form.rows` of each score."""
    scores, places = [], []
    for place, row in enumerate(form.rows):
        if row.remove or row.blank:
            continue
        scores.append({name: blank_to_none(getattr(row, name)) for name in ROW_FIELDS})
        places.append(place)
    state = {
        "illustrative": form.illustrative,
        "scale": {"min": blank_to_none(form.scale_min), "max": blank_to_none(form.scale_max)},
        "aggregation": blank_to_none(form.aggregation),
        "threshold": blank_to_none(form.threshold),
        "scores": scores,
    }
    return state, places


def placed(
    problems: list[str], form: ScoringForm, places: list[int]
) -> tuple[list[Problem], set[str]]:
    """The problems in the form's words (`Rad 4: Viktighet 7 for 11.7 (Verksted) er utenfor
    skalaen 1-5`), each with the input it leads to, and the inputs they mark."""
    shown, invalid = [], set()
    for problem in problems:
        score = _SCORE_PROBLEM.match(problem)
        method = _METHOD_PROBLEM.match(problem)
        if score and int(score.group(1)) < len(places):
            place = places[int(score.group(1))]
            row = form.rows[place]
            names = _row_fields(score.group(2), score.group(3), row)
            invalid |= {f"s.{row.number}.{name}" for name in names}
            text = _("Rad {row}: {message}").format(row=place + 1, message=score.group(3))
            shown.append(Problem(text, f"s.{row.number}.{names[0]}"))
        elif method and method.group(1) in METHOD_FIELDS:
            inputs, words = METHOD_FIELDS[method.group(1)]
            invalid |= set(inputs)
            shown.append(Problem(f"{_(words)}: {method.group(2)}", inputs[0]))
        elif problem.startswith("scores: ") and form.rows:
            shown.append(Problem(problem.removeprefix("scores: "), f"s.{form.rows[0].number}.code"))
        else:
            shown.append(Problem(problem))
    return shown, invalid


def _row_fields(name: str | None, message: str, row: Row) -> list[str]:
    """The inputs of a row a problem is about: the axis it names, the scorer, the code it
    quotes; else the whole row."""
    if name in ROW_FIELDS:
        return [name]
    for axis in Axis:
        if (
            message.startswith(_(AXIS_NAMES[axis]).capitalize() + " ")
            or message.startswith(f"{axis.value}: ")
            or f"«{axis.value}»" in message
        ):
            return [axis.value]
    if "«scorer»" in message:
        return ["scorer"]
    if "«code»" in message or (row.code.strip() and f"«{row.code.strip()}»" in message):
        return ["code"]
    return list(ROW_FIELDS)
