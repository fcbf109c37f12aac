"""The row checks every observations reader shares: one row in, one `Observation` out.

A reader (CSV, Excel) turns its file into `Row`s: cell texts by column name and the place
each came from; `RowReader` checks them (indicator, area, period, value, status) the same
way for every format, so an error reads alike whichever file it came from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sdgplan.domain.display import STATUS_WORDS, STATUS_WORDS_EN
from sdgplan.domain.indicators import (
    GOAL_SEPARATOR,
    Area,
    AreaKind,
    GoalRef,
    Indicator,
    Observation,
    ObservationBatch,
    ObservationContext,
    ObservationStatus,
    area_code_problem,
    key_problem,
)
from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.numbers import decimals_of, parse_number
from sdgplan.domain.periods import period_years
from sdgplan.domain.plan import Municipality, too_long
from sdgplan.i18n import _
from sdgplan.reference import load_municipalities

REQUIRED = ("indicator_id", "area", "period")
OPTIONAL = ("value", "status", "breakdown", "display", "note")
DEFINING = ("municipality", "focus_area", "goal", "indicator", "unit", "area_name", "area_kind")
_CODES = {s.value: s for s in ObservationStatus if s is not ObservationStatus.UNDER_DEVELOPMENT}
# The words as the report prints them, in any case: "Ikke målt", "Tall kommer".
STATUS_WORDS_READ: dict[str, ObservationStatus] = {
    words[status].lower(): status
    for words in (STATUS_WORDS, STATUS_WORDS_EN)
    for status in (ObservationStatus.NOT_MEASURED, ObservationStatus.PENDING)
}


def status_of(text: str) -> ObservationStatus | None:
    """A status code exactly as written (`not_measured`), or a status word in any case."""
    return _CODES.get(text) or STATUS_WORDS_READ.get(text.lower())


def column_letter(number: int) -> str:
    """`1` -> `A`, `27` -> `AA`: a spreadsheet column as Excel names it."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Place:
    """Where a row came from: a line of a text file, or a row of a worksheet."""

    source: str
    line: int
    columns: Mapping[str, int] = field(default_factory=dict)  # column number by name
    sheet: str | None = None

    def locate(self, column: str | None) -> tuple[str, int | None, int | None]:
        """The `source`, `line` and `column` of an issue about `column` of this row."""
        number = self.columns.get(column) if column else None
        if self.sheet is None:
            return self.source, self.line, number
        cell = f"{column_letter(number)}{self.line}" if number else f"{self.line}"
        return f"{self.source}, {self.sheet}!{cell}", None, None

    def name(self) -> str:
        """This row in words: `linje 3`, `Økonomi!5`."""
        if self.sheet is None:
            return _("linje {line}").format(line=self.line)
        return f"{self.sheet}!{self.line}"


@dataclass(frozen=True)
class Row:
    """The texts of one row by column name (as written, spaces included) and its place."""

    cells: Mapping[str, str]
    place: Place
    decimal_comma: bool = False


def header_problems(header: list[str]) -> list[str]:
    """Messages for missing and unknown columns; empty when the header is usable."""
    allowed = (*REQUIRED, *OPTIONAL, *DEFINING)
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in allowed]
    problems = []
    if missing:
        problems.append(_("Mangler kolonne: {columns}").format(columns=", ".join(missing)))
    if unknown:
        problems.append(
            _("Ukjent kolonne: {columns}; tillatt: {allowed}").format(
                columns=", ".join(unknown), allowed=", ".join(allowed)
            )
        )
    return problems


class RowReader:
    """Checks rows one at a time into `batch`; problems go to `issues`."""

    def __init__(self, context: ObservationContext, municipality: Municipality | None) -> None:
        self.context = context
        self.batch = ObservationBatch()
        self.issues: list[Issue] = []
        self.seen: dict[tuple[str, str, str, str], Place] = {}
        self.municipalities = load_municipalities()
        self.owner = municipality
        self.declared: tuple[str, Place] | None = None  # the file's municipality, first row
        self.periods: set[str] = set()  # periods found valid: a file has few, on many rows

    def error(self, message: str, *, place: Place, column: str | None) -> None:
        self.issues.append(Issue(Severity.ERROR, *_ordered(place, column, message)))

    def warning(self, message: str, *, place: Place, column: str | None) -> None:
        self.issues.append(Issue(Severity.WARNING, *_ordered(place, column, message)))

    def read(self, row: Row) -> None:
        cells = {k: v.strip() for k, v in row.cells.items()}
        place = row.place
        if not any(cells.values()):
            return
        if cells.get("value") and cells["value"] != row.cells["value"]:
            self.warning(
                _("Mellomrom rundt verdien «{text}»; lest som {value}").format(
                    text=row.cells["value"], value=cells["value"]
                ),
                place=place,
                column="value",
            )
        if not self.same_municipality(cells.get("municipality", ""), place):
            return
        indicator = self.indicator(cells, place)
        area = self.area(cells, place)
        period = self.period(cells, place)
        value, decimals, status = self.value_and_status(cells, place, row.decimal_comma)
        if indicator is None or area is None or period is None or status is None:
            return
        breakdown = cells.get("breakdown", "")
        if breakdown and (problem := too_long(breakdown, _("Inndelingen"))):
            self.error(problem, place=place, column="breakdown")
            return
        key = (indicator.key, area.code, period, breakdown)
        if key in self.seen:
            self.error(
                _("Samme indikator, område, periode og inndeling som {place}").format(
                    place=self.seen[key].name()
                ),
                place=place,
                column="indicator_id",
            )
            return
        self.seen[key] = place
        self.batch.observations.append(
            Observation(
                indicator=indicator.key,
                area=area.code,
                period=period,
                value=value,
                status=status,
                breakdown=breakdown,
                decimals=decimals,
                display=cells.get("display") or None,
                note=cells.get("note") or None,
            )
        )

    def same_municipality(self, number: str, place: Place) -> bool:
        """False (with an error) when the row's municipality disagrees with earlier rows or
        with the municipality imported for."""
        if not number:
            return True
        if self.declared is None:
            self.declared = (number, place)
            owner = self.owner
            if owner is not None and not owner.answers_to(number):
                self.error(
                    _("Filen gjelder kommune {number}, ikke {given}").format(
                        number=number, given=owner.number
                    ),
                    place=place,
                    column="municipality",
                )
                return False
            return True
        if number != self.declared[0]:
            first, first_place = self.declared
            self.error(
                _("Kommune {number}, men {place} har {first}: én kommune per fil").format(
                    number=number, place=first_place.name(), first=first
                ),
                place=place,
                column="municipality",
            )
            return False
        return True

    def indicator(self, cells: dict[str, str], place: Place) -> Indicator | None:
        key = cells["indicator_id"]
        known = self.context.indicators.get(key) or self.batch.new_indicators.get(key)
        name = cells.get("indicator", "")
        if known is not None:
            if name and (name, cells.get("unit") or None) != (known.name, known.unit):
                self.error(
                    _(
                        "Indikatoren «{key}» har et annet navn eller en annen enhet i databasen"
                    ).format(key=key),
                    place=place,
                    column="indicator",
                )
                return None
            return known
        if not key:
            self.error(_("Mangler indikator «indicator_id»"), place=place, column="indicator_id")
            return None
        if not name:
            self.error(
                _("Ukjent indikator «{key}»").format(key=key),
                place=place,
                column="indicator_id",
            )
            return None
        if problem := key_problem(key):
            self.error(problem, place=place, column="indicator_id")
            return None
        areas = cells.get("focus_area", "").split(GOAL_SEPARATOR)
        texts = cells.get("goal", "").split(GOAL_SEPARATOR)
        goals = tuple(GoalRef(a, t) for a, t in zip(areas, texts, strict=False) if a and t)
        indicator = Indicator(key=key, name=name, unit=cells.get("unit") or None, goals=goals)
        self.batch.new_indicators[key] = indicator
        return indicator

    def area(self, cells: dict[str, str], place: Place) -> Area | None:
        code = cells["area"]
        known = self.context.areas.get(code) or self.batch.new_areas.get(code)
        if known is not None:
            return known
        if code in self.municipalities:
            area = Area(code, self.municipalities[code].name, AreaKind.MUNICIPALITY)
        elif problem := area_code_problem(code):
            self.error(problem, place=place, column="area")
            return None
        elif cells.get("area_name") and cells.get("area_kind") in {k.value for k in AreaKind}:
            area = Area(code, cells["area_name"], AreaKind(cells["area_kind"]))
        else:
            self.error(
                _(
                    "Ukjent område «{code}»: bruk et kommunenummer eller et område fra "
                    "indikatorfilen"
                ).format(code=code),
                place=place,
                column="area",
            )
            return None
        self.batch.new_areas[code] = area
        return area

    def period(self, cells: dict[str, str], place: Place) -> str | None:
        period = cells["period"]
        if period in self.periods:
            return period
        try:
            first, last = period_years(period)
        except ValueError as e:
            self.error(str(e), place=place, column="period")
            return None
        years = self.context.years
        if years is not None and (first < years[0] or last > years[1]):
            self.error(
                _("Perioden {period} er utenfor planens år {first}-{last}").format(
                    period=period, first=years[0], last=years[1]
                ),
                place=place,
                column="period",
            )
            return None
        self.periods.add(period)
        return period

    def value_and_status(
        self, cells: dict[str, str], place: Place, decimal_comma: bool
    ) -> tuple[float | None, int | None, ObservationStatus | None]:
        text = cells.get("value", "")
        status_text = cells.get("status", "")
        if text.lower() in STATUS_WORDS_READ and not status_text:  # a word in the value cell
            status_text, text = text, ""
        status = status_of(status_text or ObservationStatus.MEASURED.value)
        if status is None:
            self.error(
                _("Ukjent status «{status}»; bruk {allowed}").format(
                    status=status_text, allowed=", ".join(sorted(_CODES))
                ),
                place=place,
                column="status",
            )
            return None, None, None
        if status is not ObservationStatus.MEASURED:
            if text:
                self.error(
                    _("Verdi «{text}» med status {status}: la verdien stå tom").format(
                        text=text, status=status
                    ),
                    place=place,
                    column="value",
                )
                return None, None, None
            return None, None, status
        if not text:
            self.error(_("Mangler verdi"), place=place, column="value")
            return None, None, None
        try:
            value = parse_number(text, decimal_comma=decimal_comma)
        except ValueError as e:
            message = (
                _("{reason} (bruk punktum)").format(reason=e)
                if not decimal_comma and re.fullmatch(r"-?\d+,\d+", text)
                else str(e)
            )
            self.error(message, place=place, column="value")
            return None, None, None
        return value, decimals_of(text), status


def _ordered(
    place: Place, column: str | None, message: str
) -> tuple[str, str, int | None, int | None]:
    source, line, number = place.locate(column)
    return source, message, line, number
