"""Indicator definitions as an Excel workbook (.xlsx), one sheet per list of the YAML file.

Each sheet has the names of its columns in row 1 and one area, goal, indicator, table or
label per row below; the nested YAML keys become flat columns (`target.year` is
`target_year`), a table's labels a sheet of their own. The sheet `sdgplan` holds the
format and the file-wide values (`municipality`, `years`) as name-value rows. Problems are
reported by sheet and cell (`indicators!E3`), with the same checks and messages as YAML.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sdgplan.domain.indicators import IndicatorSet
from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.plan import PlanVersion
from sdgplan.domain.plan_keys import ITEM_KEY
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed, missing, unknown_format, unsupported_version
from sdgplan.importers.indicators.checks import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Definitions,
    Parts,
    Value,
)
from sdgplan.importers.observations.rows import Place
from sdgplan.importers.workbook import Cell, Sheets, cell_text, load_sheets

INFO_SHEET = "sdgplan"
INFO_KEYS = ("format", "format_version", "municipality", "years")
INDICATOR_COLUMNS = (
    "key",
    "name",
    "unit",
    "direction",
    "threshold",
    "scale",
    "focus_area",
    "goal",
    "source",
    "notes",
    "bands_desired",
    "bands_acceptable",
    "target_value",
    "target_change",
    "target_year",
    "target_base_year",
    "target_reached_change",
    "target_reached_year",
    "progress_base_year",
    "progress_limit",
    "series",
    "group_method",
)
TABLE_COLUMNS = (
    "key",
    "title",
    "section",
    "source",
    "header",
    "rows",
    "columns",
    "indicators",
    "note",
)
# sheet -> its columns, the required ones first
SHEETS: dict[str, tuple[str, ...]] = {
    "indicators": INDICATOR_COLUMNS,
    "areas": ("code", "name", "kind"),
    "goals_under_development": ("focus_area", "goal"),
    "tables": TABLE_COLUMNS,
    "labels": ("table", "value", "label"),
}
REQUIRED = {
    "indicators": ("key", "name"),
    "areas": ("code", "name", "kind"),
    "goals_under_development": ("focus_area", "goal"),
    "tables": ("key", "title", "section", "indicators"),
    "labels": ("table", "value", "label"),
}
# list columns -> what separates their values in one cell (ranges hold decimal commas)
SEPARATORS = {
    "goal": ",",
    "bands_desired": ";",
    "bands_acceptable": ";",
    "columns": ",",
    "indicators": ",",
}


class XlsxIndicators:
    """A workbook of indicator definitions, read once into memory (values, not formulas)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets = load_sheets(path)

    def declared(self) -> tuple[str, int | None] | None:
        """The municipality the `sdgplan` sheet names, if it names one."""
        info = self.sheets.get(INFO_SHEET, [])
        rows = {_cell(row, 0).strip(): _cell(row, 1).strip() for row in info}
        return (rows["municipality"], None) if rows.get("municipality") else None

    def read(self, *, plan: PlanVersion | None) -> Parsed[IndicatorSet]:
        book = _Book(str(self.path), self.sheets)
        years = book.check_shape()
        if book.issues:
            return Parsed(None, book.issues)
        tables = book.records("tables")
        labels = book.labels({row.cells["key"] for row in tables})
        parts = Parts(
            years=years,
            areas=book.records("areas"),
            goals_under_development=book.records("goals_under_development"),
            indicators=book.records("indicators"),
            tables=tables,
            labels=labels,
        )
        data = Definitions(plan).indicator_set(parts)
        return Parsed(data, book.issues)


class _Book:
    """The sheets of one workbook as records; every problem goes to `issues`."""

    def __init__(self, source: str, sheets: Sheets) -> None:
        self.source = source
        self.sheets = sheets
        self.issues: list[Issue] = []

    def error(self, place: Place, column: str | None, message: str) -> None:
        where, _line, _column = place.locate(column)
        self.issues.append(Issue(Severity.ERROR, where, message))

    def check_shape(self) -> Value | None:
        """Check the sheets, their headers and the `sdgplan` sheet; the `years`, if given."""
        known = (*SHEETS, INFO_SHEET)
        for name, rows in self.sheets.items():
            if name not in known and any(cell_text(cell) for row in rows for cell in row):
                self.error(
                    Place(self.source, 1, sheet=name),
                    None,
                    _("Ukjent ark «{sheet}»; tillatt: {allowed}").format(
                        sheet=name, allowed=", ".join(known)
                    ),
                )
        if not any(name in self.sheets for name in SHEETS):
            message = _("Arbeidsboken har ingen av arkene {sheets}")
            self.issues.append(
                Issue(Severity.ERROR, self.source, message.format(sheets=", ".join(SHEETS)))
            )
        for sheet in SHEETS:
            if sheet in self.sheets:
                self.check_header(sheet, self.header(sheet))
        return self.info()

    def header(self, sheet: str) -> list[str]:
        rows = self.sheets.get(sheet, [])
        header = [cell_text(cell).strip() for cell in rows[0]] if rows else []
        while header and not header[-1]:
            header.pop()
        return header

    def check_header(self, sheet: str, header: list[str]) -> None:
        place = Place(self.source, 1, {name: i + 1 for i, name in enumerate(header)}, sheet=sheet)
        allowed = SHEETS[sheet]
        problems = []
        if missing := [c for c in REQUIRED[sheet] if c not in header]:
            problems.append(_("Mangler kolonne: {columns}").format(columns=", ".join(missing)))
        if unknown := [c for c in header if c not in allowed]:
            problems.append(
                _("Ukjent kolonne: {columns}; tillatt: {allowed}").format(
                    columns=", ".join(unknown), allowed=", ".join(allowed)
                )
            )
        problems += [
            _("Kolonnen «{name}» står to ganger").format(name=name)
            for i, name in enumerate(header)
            if name in header[:i]
        ]
        for problem in problems:
            self.error(place, None, problem)

    def info(self) -> Value | None:
        """Check the `sdgplan` sheet; the value of `years`, if given."""
        years = None
        for number, row in enumerate(self.sheets.get(INFO_SHEET, []), start=1):
            name, text = _cell(row, 0).strip(), _cell(row, 1).strip()
            place = Place(self.source, number, {"name": 1, "value": 2}, sheet=INFO_SHEET)
            if not name and not text:
                continue
            if name not in INFO_KEYS:
                self.error(
                    place,
                    "name",
                    _("Ukjent nøkkel «{key}» i arket «{sheet}»; tillatt: {allowed}").format(
                        key=name, sheet=INFO_SHEET, allowed=", ".join(INFO_KEYS)
                    ),
                )
            elif name == "format" and text and text != FORMAT_NAME:
                self.error(place, "value", unknown_format(text, FORMAT_NAME))
            elif name == "format_version" and text and text != str(FORMAT_VERSION):
                self.error(place, "value", unsupported_version(text, FORMAT_VERSION))
            elif name == "years" and text:
                years = Value(text, partial(self.error, place, "value"))
        return years

    def records(self, sheet: str) -> list[_Row]:
        """The rows of `sheet` that are not empty, by column name (all, if absent: "")."""
        rows = self.sheets.get(sheet, [])
        header = self.header(sheet)
        columns = {name: i + 1 for i, name in enumerate(header)}
        result = []
        for number, row in enumerate(rows[1:], start=2):
            cells = dict.fromkeys(SHEETS[sheet], "")
            cells |= {name: _cell(row, i).strip() for i, name in enumerate(header)}
            if any(cells.values()):
                result.append(_Row(self, Place(self.source, number, columns, sheet=sheet), cells))
        return result

    def labels(self, tables: set[str]) -> dict[str, dict[str, str]]:
        """The `labels` sheet checked: labels by table key and value."""
        result: dict[str, dict[str, str]] = {}
        for row in self.records("labels"):
            table, value, label = (row.cells[c] for c in ("table", "value", "label"))
            for column in ("table", "value", "label"):
                if not row.cells[column]:
                    row.error(missing(column), key=column)
            if table and table not in tables:
                row.error(_("Ukjent tabell «{key}»").format(key=table), key="table")
            elif table and value and label:
                own = result.setdefault(table, {})
                if value in own:
                    row.error(
                        _("«{value}» har alt en etikett i tabellen «{table}»").format(
                            value=value, table=table
                        ),
                        key="value",
                    )
                own[value] = label
        return result


class _Row:
    """A row of a sheet as a `checks.Record`: the cells by column name and their place."""

    def __init__(self, book: _Book, place: Place, cells: dict[str, str]) -> None:
        self.book = book
        self.place = place
        self.cells = cells

    def value(self, key: str) -> Value | None:
        text = self.cells.get(key, "")
        return Value(text, lambda message: self.error(message, key=key)) if text else None

    def values(self, key: str) -> list[Value]:
        value = self.value(key)
        if value is None:
            return []
        split = value.text.split(SEPARATORS.get(key, "\n"))
        parts = [part.strip() for part in split if part.strip()]
        if key == "goal" and not all(ITEM_KEY.fullmatch(part) for part in parts):
            return [value]  # one goal by its text, which may hold commas
        return [Value(part, value.error) for part in parts]

    def error(self, message: str, *, key: str | None = None) -> None:
        self.book.error(self.place, key, message)

    def label(self, key: str) -> str:
        return key


def _cell(row: list[Cell], at: int) -> str:
    return cell_text(row[at]) if at < len(row) else ""
