"""Observations from an Excel workbook (.xlsx), in one of two layouts.

- Tidy: the columns of the CSV file in row 1 of the sheet named `observations`, or of the
  first sheet when its header has a `period` column.
- Template (written by `sdgplan export template`): a sheet per focus area with
  `indicator_id`, `indicator`, `unit` and then one column per period in row 1; each filled
  cell below is one observation of the municipality: a number, or a status word ("Ikke
  målt", "Tall kommer"). The sheet `sdgplan` names the municipality.

Numbers are read as numbers, with the decimals the cell's number format shows (`0.0`
keeps `18,0` as 18.0 with one decimal); text cells go through the same checks as CSV
text. Problems are reported by sheet and cell: `Økonomi!D5`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal as Exact
from pathlib import Path
from typing import Any

from sdgplan.domain.indicators import ObservationBatch, ObservationContext
from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.plan import Municipality
from sdgplan.errors import FormatError
from sdgplan.importers.base import Parsed
from sdgplan.importers.observations.decimals import Decimal, choose_decimal
from sdgplan.importers.observations.rows import Place, Row, RowReader, header_problems

INFO_SHEET = "sdgplan"  # the template's hidden sheet: format and municipality
TEMPLATE_COLUMNS = ("indicator_id", "indicator", "unit")
MAX_UNPACKED = 200_000_000  # bytes; a larger workbook is more likely a zip bomb than data
Cell = tuple[Any, str | None]  # a value and its number format


class XlsxObservations:
    """An .xlsx workbook of observations, read once into memory (values, not formulas)."""

    def __init__(self, path: Path, *, decimal: Decimal | None = None) -> None:
        self.path = path
        self.decimal = decimal
        self.sheets = _load(path)
        self.tidy = _tidy_sheet(self.sheets)
        self.values_only = self.tidy is None  # a template carries values and statuses only

    def declared(self) -> tuple[str, int | None] | None:
        """The municipality the workbook names: the template's, or the first row's."""
        if self.tidy is None:
            rows = self.sheets.get(INFO_SHEET, [])[:20]
            info = {_text(row[0]): _text(row[1]) for row in rows if len(row) > 1}
            return (info["municipality"], None) if info.get("municipality") else None
        rows = self.sheets[self.tidy]
        header = [_text(c) for c in rows[0]] if rows else []
        if "municipality" not in header:
            return None
        at = header.index("municipality")
        for number, row in enumerate(rows[1:], start=2):
            if at < len(row) and _text(row[at]):
                return _text(row[at]), number
        return None

    def read(
        self, *, context: ObservationContext, municipality: Municipality | None
    ) -> Parsed[ObservationBatch]:
        if self.tidy is not None:
            rows, issues = self._tidy_rows(self.tidy)
        else:
            rows, issues = self._template_rows(municipality)
        if issues:
            return Parsed(None, issues)
        texts = [(row.place, row.cells.get("value", "")) for row, number in rows if not number]
        decimal = self.decimal
        if decimal is None:
            choice = choose_decimal(texts, default=Decimal.COMMA)
            if choice.issue is not None:
                return Parsed(None, [choice.issue])
            decimal = choice.decimal
        reader = RowReader(context, municipality)
        comma = decimal is Decimal.COMMA
        for row, number in rows:  # numbers are written with a decimal point by _text
            reader.read(Row(row.cells, row.place, decimal_comma=comma and not number))
        return Parsed(reader.batch, reader.issues)

    def _tidy_rows(self, sheet: str) -> tuple[list[tuple[Row, bool]], list[Issue]]:
        """The rows, each with whether its value cell holds a number; or the problems."""
        rows = self.sheets[sheet]
        header = [_text(c).strip() for c in rows[0]] if rows else []
        while header and not header[-1]:
            header.pop()
        source = str(self.path)
        problems = header_problems(header) if header else ["Arket er tomt / the sheet is empty"]
        problems += [
            f"Kolonnen «{name}» står to ganger / column '{name}' appears twice"
            for i, name in enumerate(header)
            if name in header[:i]
        ]
        if problems:
            where = Place(source, 1, sheet=sheet).locate(None)[0]
            return [], [Issue(Severity.ERROR, where, p) for p in problems]
        columns = {name: i + 1 for i, name in enumerate(header)}
        result = []
        for number, row in enumerate(rows[1:], start=2):
            cells = {name: _text(row[i]) if i < len(row) else "" for i, name in enumerate(header)}
            numeric = "value" in columns and _is_number(row, columns["value"] - 1)
            place = Place(source, number, columns, sheet=sheet)
            result.append((Row(cells, place), numeric))
        return result, []

    def _template_rows(
        self, municipality: Municipality | None
    ) -> tuple[list[tuple[Row, bool]], list[Issue]]:
        source = str(self.path)
        sheets = [name for name, rows in self.sheets.items() if _is_template(rows)]
        if not sheets or municipality is None:
            problem = (
                "Fant ingen ark med observasjoner / found no sheet with observations: bruk "
                "kolonnene fra CSV-filen i et ark «observations», eller malen fra / use the "
                "CSV columns in a sheet 'observations', or the template of: sdgplan export "
                "template --format xlsx"
                if not sheets
                else "Hvilken kommune? / which municipality? Oppgi / give --municipality"
            )
            return [], [Issue(Severity.ERROR, source, problem)]
        result = []
        for sheet in sheets:
            rows = self.sheets[sheet]
            periods = [_text(c).strip() for c in rows[0]]
            for number, row in enumerate(rows[1:], start=2):
                key = _text(row[0]).strip() if row else ""
                for at in range(len(TEMPLATE_COLUMNS), min(len(row), len(periods))):
                    value = _text(row[at])
                    if not value.strip():
                        continue
                    column = at + 1
                    cells = {
                        "indicator_id": key,
                        "area": municipality.number,
                        "period": periods[at],
                        "value": value,
                    }
                    columns = {"indicator_id": 1, "period": column, "value": column}
                    columns |= {"status": column, "area": column}
                    place = Place(source, number, columns, sheet=sheet)
                    result.append((Row(cells, place), _is_number(row, at)))
        return result, []


def _load(path: Path) -> dict[str, list[list[Cell]]]:
    """Every sheet's cells as (value, number format), or a FormatError naming the file."""
    import openpyxl  # type: ignore[import-untyped]  # here: it takes 0.2 s to load

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise FormatError(
                f"{path}: arbeidsboken er for stor / the workbook is too large "
                f"({unpacked // 1_000_000} MB pakket ut / unpacked)"
            )
        with path.open("rb") as file:  # a file object: openpyxl would refuse other suffixes
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                return {
                    sheet.title: [
                        [(c.value, getattr(c, "number_format", None)) for c in row]
                        for row in sheet.iter_rows()
                    ]
                    for sheet in book.worksheets
                }
            finally:
                book.close()
    except FormatError:
        raise
    except Exception as e:  # openpyxl raises many kinds (KeyError, ValueError, ...) on bad files
        raise FormatError(
            f"{path}: kan ikke leses som Excel-arbeidsbok / cannot be read as an Excel "
            f"workbook ({type(e).__name__})",
            hint="Lagre filen som .xlsx / save the file as .xlsx, or import it as CSV "
            "with --format csv",
        ) from e


def _tidy_sheet(sheets: dict[str, list[list[Cell]]]) -> str | None:
    """The sheet of the tidy layout: `observations`, or the first with a `period` column."""
    for name in sheets:
        if name.lower() == "observations":
            return name
    first = next(iter(sheets), None)
    if first is None or not sheets[first]:
        return first
    header = [_text(c).strip() for c in sheets[first][0]]
    return first if "period" in header or not _is_template(sheets[first]) else None


def _is_template(rows: list[list[Cell]]) -> bool:
    header = tuple(_text(c).strip() for c in rows[0][: len(TEMPLATE_COLUMNS)]) if rows else ()
    return header == TEMPLATE_COLUMNS


def _is_number(row: list[Cell], at: int) -> bool:
    value = row[at][0] if at < len(row) else None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(cell: Cell) -> str:
    """A cell as the text the row checks read: numbers with a decimal point."""
    value, number_format = cell
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        decimals = _decimals(number_format)
        return f"{value:.{decimals}f}" if decimals else str(value)
    if isinstance(value, float):
        decimals = _decimals(number_format)
        if decimals is None:  # as typed: the shortest text that reads back as the same float
            return format(Exact(repr(value)), "f")
        return f"{value:.{decimals}f}"
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _decimals(number_format: str | None) -> int | None:
    """The decimals a number format shows (`0.0` -> 1, `# ##0` -> 0); None for `General`."""
    if not number_format or "%" in number_format or "E" in number_format.upper():
        return None
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.split(";")[0])
    if not re.search(r"[0#?]", section):
        return None
    _, point, fraction = section.partition(".")
    return len(re.findall(r"[0#?]", fraction)) if point else 0
