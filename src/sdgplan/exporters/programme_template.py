"""The action programme as the Excel workbook `sdgplan programme import` reads
(importers/programme_xlsx.py): filled from a stored programme, or empty for a period with
the service areas of an earlier one (`blank_programme`), for a user to fill in and import.

Amounts are written in the largest unit that keeps them exact to three decimals (mill. kr
for most budgets), so the workbook reads back as the same programme. Text cells are stored
as text in the Text format, so a spreadsheet never runs one as a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from sdgplan.domain.programme import (
    ECONOMY_FIELDS,
    UNITS,
    ChangeAction,
    Measure,
    MeasureKind,
    Period,
    Programme,
    ProgrammeVersion,
    ServiceArea,
    VersionKind,
)
from sdgplan.i18n import N_, _, current_language
from sdgplan.importers.observations.rows import column_letter
from sdgplan.importers.programme_sheets import COLUMNS, FIELDS, FLAGS, SERIES, SHEETS
from sdgplan.importers.programme_yaml import FORMAT_NAME, FORMAT_VERSION

FIRST_VERSION = "forslag"  # the key of an empty template's proposal
ECONOMY_NAMES = {
    "operating_income": N_("Brutto driftsinntekter"),
    "net_operating_result": N_("Netto driftsresultat"),
    "reserve_fund": N_("Disposisjonsfond"),
    "net_debt": N_("Netto lånegjeld"),
}
VALIDATED_ROWS = 1000  # the drop-down lists reach this far down
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold
_WIDTHS = {"key": 24, "text": 44, "name": 36, "goals": 30, "title": 44}
Row = list[object]


def blank_programme(
    *, municipality: str, period: Period, service_areas: Iterable[ServiceArea] = ()
) -> Programme:
    """An empty programme for `period`: the service areas by key and name, a proposal."""
    return Programme(
        municipality=municipality,
        period=period,
        title=_("Handlingsprogram {period}").format(period=period),
        service_areas=tuple(ServiceArea(a.key, a.name) for a in service_areas),
        versions=(ProgrammeVersion(FIRST_VERSION, VersionKind.PROPOSAL),),
    )


def programme_workbook(programme: Programme) -> bytes:
    """The workbook as .xlsx bytes, in the run's language (Norwegian or English names)."""
    language = 1 if current_language() == "en" else 0
    unit_name, unit = _unit(programme)
    sheets = _Sheets(Workbook(), language, unit, list(programme.period.years))
    sheets.book.remove(sheets.book.active)
    sheets.programme(programme, unit_name)
    sheets.service_areas(programme)
    sheets.versions(programme.versions)
    sheets.measures(programme.versions)
    sheets.financing(programme.versions)
    sheets.investments(programme)
    sheets.economy(programme)
    out = io.BytesIO()
    sheets.book.save(out)
    return out.getvalue()


class _Sheets:
    def __init__(self, book: Any, language: int, unit: Decimal, years: list[int]) -> None:
        self.book = book
        self.language = language
        self.unit = unit
        self.years = years

    def name(self, names: tuple[str, str]) -> str:
        return names[self.language]

    def programme(self, programme: Programme, unit_name: str) -> None:
        ws = self.book.create_sheet(self.name(SHEETS["programme"]))
        flag = "ja" if programme.illustrative else "nei"
        values = {
            "format": FORMAT_NAME,
            "format_version": str(FORMAT_VERSION),
            "municipality": programme.municipality,
            "period": str(programme.period),
            "title": programme.title,
            "illustrative": flag if self.language == 0 else FLAGS[flag],
            "unit": unit_name,
        }
        for key, names in FIELDS.items():
            _append(ws, [self.name(names), values[key]])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 50

    def table(self, part: str, years: list[str], rows: list[Row], keys: Iterable[str]) -> Any:
        """A sheet with the columns `keys` of `part`, then `years`; money in the unit."""
        ws = self.book.create_sheet(self.name(SHEETS[part]))
        keys = list(keys)
        _append(ws, [self.name(COLUMNS[part][k]) for k in keys] + years)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            _append(ws, row)
        ws.freeze_panes = "B2"
        for at, key in enumerate(keys, start=1):
            ws.column_dimensions[column_letter(at)].width = _WIDTHS.get(key, 14)
        for at in range(len(keys) + 1, len(keys) + len(years) + 1):
            ws.column_dimensions[column_letter(at)].width = 12
        return ws

    def money(self, amounts: Mapping[int, Decimal]) -> list[object]:
        return [_number(amounts[y] / self.unit) if y in amounts else None for y in self.years]

    def service_areas(self, programme: Programme) -> None:
        areas = programme.service_areas
        first = programme.period.first
        staff = sorted({y for a in areas for y in a.staff}) or [first - 1]
        shares = sorted({y for a in areas for y in a.shares}) or [first - 1]
        series = [("frames", self.years), ("staff", staff), ("shares", shares)]
        header = [f"{self.name(SERIES[s])} {y}" for s, years in series for y in years]
        rows: list[Row] = []
        for a in areas:
            rows.append(
                [a.key, a.name]
                + self.money(a.frames)
                + [_number(a.staff[y]) if y in a.staff else None for y in staff]
                + [_number(a.shares[y]) if y in a.shares else None for y in shares]
            )
        self.table("service_areas", header, rows, ("key", "name"))

    def versions(self, versions: Iterable[ProgrammeVersion]) -> None:
        rows: list[Row] = [
            [v.key, v.kind.value, v.party, v.base, v.date.isoformat() if v.date else None]
            for v in versions
        ]
        ws = self.table("versions", [], rows, COLUMNS["versions"])
        self.choices(ws, "B", [k.value for k in VersionKind])

    def measures(self, versions: tuple[ProgrammeVersion, ...]) -> None:
        rows: list[Row] = []
        for version in versions:
            if version.base is None:
                rows += [self.measure(version.key, None, m) for m in version.measures]
                continue
            for change in version.changes:
                if change.measure is not None:
                    rows.append(self.measure(version.key, change.action, change.measure))
                else:
                    amounts = self.money(change.amounts) if change.amounts else []
                    rows.append(
                        [version.key, change.action.value, change.key, *[None] * 4, *amounts]
                    )
        keys = COLUMNS["measures"]
        ws = self.table("measures", [str(y) for y in self.years], rows, keys)
        self.choices(ws, "B", [a.value for a in ChangeAction])
        self.choices(ws, "E", [k.value for k in MeasureKind])

    def measure(self, version: str, action: ChangeAction | None, m: Measure) -> Row:
        goals = " ".join(m.goals)
        head = [version, action.value if action else None, m.key, m.text, m.kind.value]
        return [*head, m.service_area, goals or None, *self.money(m.amounts)]

    def financing(self, versions: Iterable[ProgrammeVersion]) -> None:
        rows: list[Row] = [
            [v.key, f.key, f.text, *self.money(f.amounts)] for v in versions for f in v.financing
        ]
        self.table("financing", [str(y) for y in self.years], rows, COLUMNS["financing"])

    def investments(self, programme: Programme) -> None:
        rows: list[Row] = []
        for p in programme.investments:
            rows.append([p.key, p.name, p.service_area, None, *self.money(p.amounts)])
            for source, amounts in p.financing.items():
                rows.append([p.key, None, None, source, *self.money(amounts)])
        self.table("investments", [str(y) for y in self.years], rows, COLUMNS["investments"])

    def economy(self, programme: Programme) -> None:
        rows: list[Row] = []
        for figure in ECONOMY_FIELDS:
            amounts = {y: getattr(e, figure) for y, e in programme.economy.items()}
            rule = programme.rules.get(figure)
            rows.append([figure, _(ECONOMY_NAMES[figure]), rule, *self.money(amounts)])
        self.table("economy", [str(y) for y in self.years], rows, COLUMNS["economy"])

    def choices(self, ws: Any, letter: str, values: list[str]) -> None:
        """A drop-down list of the codes a column takes."""
        validation = DataValidation(
            type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
        )
        ws.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")


def _unit(programme: Programme) -> tuple[str, Decimal]:
    """The largest unit in which every amount has at most three decimals."""
    amounts = [a for measures in _money(programme) for a in measures.values()]
    for name, unit in sorted(UNITS.items(), key=lambda item: -item[1]):
        if all((a / unit) == round(a / unit, 3) for a in amounts):
            return name, unit
    return "kr", Decimal(1)


def _money(programme: Programme) -> Iterable[Mapping[int, Decimal]]:
    yield from (a.frames for a in programme.service_areas)
    for version in programme.versions:
        yield from (m.amounts for m in version.measures)
        yield from (c.amounts for c in version.changes)
        yield from (c.measure.amounts for c in version.changes if c.measure is not None)
        yield from (f.amounts for f in version.financing)
    for p in programme.investments:
        yield p.amounts
        yield from p.financing.values()
    for e in programme.economy.values():
        yield dict(enumerate(getattr(e, figure) for figure in ECONOMY_FIELDS))


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral() else float(amount)


def _append(ws: Any, values: Sequence[object]) -> None:
    """A row: numbers as numbers, text as text cells a spreadsheet never runs."""
    ws.append([_ILLEGAL.sub("\ufffd", v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.number_format = "@"
