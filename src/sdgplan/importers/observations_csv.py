"""Observations as tidy CSV: one row per indicator, area, period and breakdown.

Required columns: `indicator_id`, `area`, `period`. Optional: `value`, `status`,
`breakdown`, `display`, `note`. A file written by `sdgplan export observations` also has
`indicator`, `unit`, `focus_area`, `goal`, `area_name` and `area_kind`; with those it
defines the indicators and areas it uses, so it can be read into an empty database.
"""

from __future__ import annotations

import re

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
from sdgplan.domain.numbers import decimals_of, parse_number
from sdgplan.domain.periods import period_years
from sdgplan.domain.plan import Municipality, too_long
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.csv_rows import read_csv
from sdgplan.reference import load_municipalities

REQUIRED = ("indicator_id", "area", "period")
OPTIONAL = ("value", "status", "breakdown", "display", "note")
DEFINING = ("municipality", "focus_area", "goal", "indicator", "unit", "area_name", "area_kind")
_STATUSES = {s.value for s in ObservationStatus if s is not ObservationStatus.UNDER_DEVELOPMENT}


def read_observations(
    text: str,
    *,
    source: str,
    context: ObservationContext,
    municipality: Municipality | None = None,
) -> Parsed[ObservationBatch]:
    """Read observations; a `municipality` column must agree on every row, and with
    `municipality` when given."""
    log = IssueLog(source)
    rows = read_csv(text, log)
    if rows is None:
        return Parsed(None, log.issues)
    missing = [c for c in REQUIRED if c not in rows.header]
    unknown = [c for c in rows.header if c not in (*REQUIRED, *OPTIONAL, *DEFINING)]
    if missing or unknown:
        if missing:
            log.error(f"Mangler kolonne / missing column: {', '.join(missing)}", line=1)
        if unknown:
            log.error(
                f"Ukjent kolonne / unknown column: {', '.join(unknown)}; tillatt / "
                f"allowed: {', '.join((*REQUIRED, *OPTIONAL, *DEFINING))}",
                line=1,
            )
        return Parsed(None, log.issues)
    reader = _RowReader(log, context, rows.header, municipality)
    for line, row in rows:
        reader.read(row, line=line)
    return Parsed(reader.batch, log.issues)


class _RowReader:
    def __init__(
        self,
        log: IssueLog,
        context: ObservationContext,
        header: list[str],
        municipality: Municipality | None,
    ) -> None:
        self.log = log
        self.context = context
        self.columns = {name: i + 1 for i, name in enumerate(header)}
        self.batch = ObservationBatch()
        self.seen: dict[tuple[str, str, str, str], int] = {}
        self.municipalities = load_municipalities()
        self.owner = municipality
        self.declared: tuple[str, int] | None = None  # the file's municipality, first line

    def error(self, message: str, *, line: int, column: str) -> None:
        self.log.error(message, line=line, column=self.columns.get(column))

    def read(self, row: dict[str, str], *, line: int) -> None:
        cells = {k: v.strip() for k, v in row.items()}
        if not any(cells.values()):
            return
        if cells.get("value") and cells["value"] != row["value"]:
            self.log.warning(
                f"Mellomrom rundt verdien «{row['value']}» / spaces around the value; "
                f"lest som / read as {cells['value']}",
                line=line,
                column=self.columns["value"],
            )
        if not self.same_municipality(cells.get("municipality", ""), line):
            return
        indicator = self.indicator(cells, line)
        area = self.area(cells, line)
        period = self.period(cells, line)
        value, decimals, status = self.value_and_status(cells, line)
        if indicator is None or area is None or period is None or status is None:
            return
        breakdown = cells.get("breakdown", "")
        if problem := too_long(breakdown, "Inndelingen", "the breakdown"):
            self.error(problem, line=line, column="breakdown")
            return
        key = (indicator.key, area.code, period, breakdown)
        if key in self.seen:
            self.error(
                f"Samme indikator, område, periode og inndeling som linje {self.seen[key]}"
                f" / duplicate of line {self.seen[key]}",
                line=line,
                column="indicator_id",
            )
            return
        self.seen[key] = line
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

    def same_municipality(self, number: str, line: int) -> bool:
        """False (with an error) when the row's municipality disagrees with earlier rows or
        with the municipality imported for."""
        if not number:
            return True
        if self.declared is None:
            self.declared = (number, line)
            owner = self.owner
            if owner is not None and number.zfill(4) not in (owner.number, *owner.former_numbers):
                self.error(
                    f"Filen gjelder kommune {number}, ikke {owner.number} / the file is for "
                    f"municipality {number}, not {owner.number}",
                    line=line,
                    column="municipality",
                )
                return False
            return True
        if number != self.declared[0]:
            first, first_line = self.declared
            self.error(
                f"Kommune {number}, men linje {first_line} har {first} / municipality "
                f"{number}, but line {first_line} has {first}: én kommune per fil / one "
                "municipality per file",
                line=line,
                column="municipality",
            )
            return False
        return True

    def indicator(self, cells: dict[str, str], line: int) -> Indicator | None:
        key = cells["indicator_id"]
        known = self.context.indicators.get(key) or self.batch.new_indicators.get(key)
        name = cells.get("indicator", "")
        if known is not None:
            if name and (name, cells.get("unit") or None) != (known.name, known.unit):
                self.error(
                    f"Indikatoren «{key}» har et annet navn eller en annen enhet i "
                    f"databasen / indicator '{key}' has another name or unit in the "
                    "database",
                    line=line,
                    column="indicator",
                )
                return None
            return known
        if not key:
            self.error("Mangler indikator / missing indicator_id", line=line, column="indicator_id")
            return None
        if not name:
            self.error(
                f"Ukjent indikator «{key}» / unknown indicator '{key}'",
                line=line,
                column="indicator_id",
            )
            return None
        if problem := key_problem(key):
            self.error(problem, line=line, column="indicator_id")
            return None
        areas = cells.get("focus_area", "").split(GOAL_SEPARATOR)
        texts = cells.get("goal", "").split(GOAL_SEPARATOR)
        goals = tuple(GoalRef(a, t) for a, t in zip(areas, texts, strict=False) if a and t)
        indicator = Indicator(key=key, name=name, unit=cells.get("unit") or None, goals=goals)
        self.batch.new_indicators[key] = indicator
        return indicator

    def area(self, cells: dict[str, str], line: int) -> Area | None:
        code = cells["area"]
        known = self.context.areas.get(code) or self.batch.new_areas.get(code)
        if known is not None:
            return known
        if code in self.municipalities:
            area = Area(code, self.municipalities[code].name, AreaKind.MUNICIPALITY)
        elif problem := area_code_problem(code):
            self.error(problem, line=line, column="area")
            return None
        elif cells.get("area_name") and cells.get("area_kind") in {k.value for k in AreaKind}:
            area = Area(code, cells["area_name"], AreaKind(cells["area_kind"]))
        else:
            self.error(
                f"Ukjent område «{code}» / unknown area '{code}': bruk et kommunenummer "
                "eller et område fra indikatorfilen / use a municipality number or an "
                "area from the indicator file",
                line=line,
                column="area",
            )
            return None
        self.batch.new_areas[code] = area
        return area

    def period(self, cells: dict[str, str], line: int) -> str | None:
        period = cells["period"]
        try:
            first, last = period_years(period)
        except ValueError as e:
            self.error(str(e), line=line, column="period")
            return None
        years = self.context.years
        if years is not None and (first < years[0] or last > years[1]):
            self.error(
                f"Perioden {period} er utenfor planens år / period {period} is outside "
                f"the plan's years {years[0]}-{years[1]}",
                line=line,
                column="period",
            )
            return None
        return period

    def value_and_status(
        self, cells: dict[str, str], line: int
    ) -> tuple[float | None, int | None, ObservationStatus | None]:
        text = cells.get("value", "")
        status_text = cells.get("status", "") or ObservationStatus.MEASURED.value
        if status_text not in _STATUSES:
            self.error(
                f"Ukjent status «{status_text}» / unknown status; bruk / use "
                f"{', '.join(sorted(_STATUSES))}",
                line=line,
                column="status",
            )
            return None, None, None
        status = ObservationStatus(status_text)
        if status is not ObservationStatus.MEASURED:
            if text:
                self.error(
                    f"Verdi «{text}» med status {status} / a value with status "
                    f"{status}: la verdien stå tom / leave the value empty",
                    line=line,
                    column="value",
                )
                return None, None, None
            return None, None, status
        if not text:
            self.error("Mangler verdi / missing value", line=line, column="value")
            return None, None, None
        try:
            value = parse_number(text, decimal_comma=False)
        except ValueError as e:
            hint = (
                " (bruk punktum / use a decimal point)" if re.fullmatch(r"-?\d+,\d+", text) else ""
            )
            self.error(str(e) + hint, line=line, column="value")
            return None, None, None
        return value, decimals_of(text), status
