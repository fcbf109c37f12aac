"""The Excel template an analyst fills in: a sheet per focus area, indicators as rows, years
as columns. `sdgplan import observations` reads it back (see importers/observations/xlsx.py).

The year cells offer "Ikke målt" and "Tall kommer" in a drop-down list; the list does not
refuse other input (`showErrorMessage=False`), since Excel's list validation cannot also
allow numbers. The importer checks every cell instead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from sdgplan.domain.display import STATUS_WORDS
from sdgplan.domain.indicators import Indicator, IndicatorSet, Observation, ObservationStatus
from sdgplan.i18n import _
from sdgplan.importers.observations.rows import column_letter
from sdgplan.importers.observations.xlsx import (
    INFO_SHEET,
    TEMPLATE_COLUMNS,
    VALUE_PROMPT,
    VALUE_PROMPT_TITLE,
)

FORMAT = "sdgplan-observations-template"
SHEET_NAME_LENGTH = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_WORDS = [STATUS_WORDS[ObservationStatus.NOT_MEASURED], STATUS_WORDS[ObservationStatus.PENDING]]
_WIDTHS = {"A": 34, "B": 60, "C": 10}


def template_years(
    observations: Iterable[Observation], *, area: str, data: IndicatorSet
) -> list[int]:
    """The years with a value for `area`, and the next (within the indicator file's years)."""
    years = {int(o.period) for o in observations if o.area == area and o.period.isdigit()}
    if not years:
        return list(range(data.years[0], data.years[1] + 1)) if data.years else []
    following = max(years) + 1
    if data.years is None or following <= data.years[1]:
        years.add(following)
    return list(range(min(years), max(years) + 1))


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts, one per name and unique in any case: at most 31 characters,
    none of `[]:*?/\\`, no apostrophe at either end, not our own `sdgplan` sheet."""
    taken = {INFO_SHEET}
    result = []
    for name in names:
        base = _NOT_IN_SHEET_NAMES.sub("-", name).strip().strip("'").strip() or "Ark"
        candidate, number = base[:SHEET_NAME_LENGTH], 1
        while candidate.lower() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def template_workbook(
    *,
    municipality: str,
    focus_areas: list[str],
    data: IndicatorSet,
    observations: list[Observation],
    years: list[int],
) -> bytes:
    """The workbook as .xlsx bytes: a sheet per focus area with key figures (the order of
    `focus_areas`, then any other focus area of an indicator), pre-filled from `observations`
    of the municipality itself (no breakdown)."""
    groups: dict[str, list[Indicator]] = {name: [] for name in focus_areas}
    for indicator in data.indicators:
        if indicator.goals:
            groups.setdefault(indicator.goals[0].focus_area, []).append(indicator)
    groups = {name: indicators for name, indicators in groups.items() if indicators}
    cells = {
        (o.indicator, o.period): o
        for o in observations
        if o.area == municipality and not o.breakdown
    }
    book = Workbook()
    book.remove(book.active)
    for name, indicators in zip(sheet_names(list(groups)), groups.values(), strict=True):
        _write_sheet(book.create_sheet(name), indicators, years, cells)
    info = book.create_sheet(INFO_SHEET)
    for row in (("format", FORMAT), ("format_version", "1"), ("municipality", municipality)):
        info.append(row)
    info.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(
    ws: Any,
    indicators: list[Indicator],
    years: list[int],
    cells: dict[tuple[str, str], Observation],
) -> None:
    header = [*TEMPLATE_COLUMNS, *(str(year) for year in years)]
    _append_text(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for indicator in indicators:
        _append_text(ws, [indicator.key, indicator.name, indicator.unit or ""])
        row = ws.max_row
        for at, year in enumerate(years, start=len(TEMPLATE_COLUMNS) + 1):
            observation = cells.get((indicator.key, str(year)))
            if observation is not None:
                _fill(ws.cell(row=row, column=at), observation)
    ws.freeze_panes = "D2"
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    last = column_letter(len(header))
    for at in range(len(TEMPLATE_COLUMNS) + 1, len(header) + 1):
        ws.column_dimensions[column_letter(at)].width = 12
    if years and indicators:
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(_WORDS) + '"',
            allow_blank=True,
            showErrorMessage=False,
            showInputMessage=True,
            promptTitle=_(VALUE_PROMPT_TITLE),
            prompt=_(VALUE_PROMPT).format(not_measured=_WORDS[0], pending=_WORDS[1]),
        )
        ws.add_data_validation(validation)
        validation.add(f"D2:{last}{len(indicators) + 1}")


def _append_text(ws: Any, values: list[str]) -> None:
    """A row of text cells, stored as text so a spreadsheet never runs one as a formula."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _fill(cell: Any, observation: Observation) -> None:
    if observation.status is not ObservationStatus.MEASURED or observation.value is None:
        cell.value = STATUS_WORDS.get(observation.status, "")
        return
    decimals = observation.decimals or 0
    cell.value = round(observation.value, decimals)
    cell.number_format = "0." + "0" * decimals if decimals else "0"
