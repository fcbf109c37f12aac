"""Reading Excel workbooks (.xlsx) safely: cell values (not formulas) as text, size limited.

Shared by the observations and the indicator-definition readers.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal as Exact
from pathlib import Path
from typing import Any

from sdgplan.errors import FormatError
from sdgplan.i18n import _

MAX_UNPACKED = 200_000_000  # bytes; a larger workbook is more likely a zip bomb than data
# cells read, empty ones included: openpyxl fills every row out to the sheet's last column,
# so one cell at XFD1048576 in a tiny file would be 17 billion
MAX_CELLS = 5_000_000
MAX_COLUMNS = 1_000
Cell = tuple[Any, str | None]  # a value and its number format
Sheets = dict[str, list[list[Cell]]]


def load_sheets(path: Path) -> Sheets:
    """Every sheet's cells as (value, number format), or a FormatError naming the file."""
    import openpyxl  # type: ignore[import-untyped]  # here: it takes 0.2 s to load

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise FormatError(
                _("{path}: arbeidsboken er for stor ({size} MB pakket ut)").format(
                    path=path, size=unpacked // 1_000_000
                )
            )
        with path.open("rb") as file:  # a file object: openpyxl would refuse other suffixes
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                return _read_cells(path, book.worksheets)
            finally:
                book.close()
    except FormatError:
        raise
    except Exception as e:  # openpyxl raises many kinds (KeyError, ValueError, ...) on bad files
        raise FormatError(
            _("{path}: kan ikke leses som Excel-arbeidsbok ({kind})").format(
                path=path, kind=type(e).__name__
            ),
            hint=_("Lagre filen som .xlsx."),
        ) from e


def _read_cells(path: Path, worksheets: list[Any]) -> Sheets:
    sheets: Sheets = {}
    cells = 0
    for sheet in worksheets:
        rows: list[list[Cell]] = []
        for row in sheet.iter_rows():
            if len(row) > MAX_COLUMNS:
                raise FormatError(_too_large(path, sheet.title, len(rows) + 1))
            cells += len(row)
            if cells > MAX_CELLS:
                raise FormatError(_too_large(path, sheet.title, len(rows) + 1))
            rows.append([(c.value, getattr(c, "number_format", None)) for c in row])
        sheets[sheet.title] = rows
    return sheets


def _too_large(path: Path, sheet: str, row: int) -> str:
    return _(
        "{path}: arket «{sheet}» er for stort (rad {row}; høyst {columns} kolonner og "
        "{cells} celler i arbeidsboken, tomme medregnet)"
    ).format(
        path=path,
        sheet=sheet,
        row=row,
        columns=MAX_COLUMNS,
        cells=f"{MAX_CELLS:,}".replace(",", " "),
    )


def is_number(row: list[Cell], at: int) -> bool:
    """True when cell `at` of `row` holds a number (not text, not a boolean)."""
    value = row[at][0] if at < len(row) else None
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(cell: Cell) -> str:
    """A cell as text: numbers with a decimal point and the decimals their format shows."""
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
