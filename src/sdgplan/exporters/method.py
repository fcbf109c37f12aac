"""The method table as the files `sdgplan method import` reads: YAML (`sdgplan-method`) and
the workbook with one sheet per level (importers/method_xlsx.py). Text cells are stored as
text in the Text format, so a spreadsheet never runs one as a formula."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import yaml
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

from sdgplan.domain.method import (
    LEVEL_FIELDS,
    LEVELS,
    MethodRow,
    MethodTable,
    goal_label,
    table_data,
)
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.importers.method_xlsx import COLUMNS, CYCLE_SHEET, FIELDS, LEVEL_SHEETS
from sdgplan.importers.method_yaml import FORMAT_NAME, FORMAT_VERSION
from sdgplan.importers.observations.rows import column_letter

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold
_WIDE = 48  # a text column's width; a code column's is 14


def method_yaml(table: MethodTable) -> str:
    data = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION} | table_data(table)
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )


def method_workbook(table: MethodTable, catalogue: SdgCatalogue) -> bytes:
    """The workbook as .xlsx bytes: the `Metode` sheet, then a sheet per level."""
    book = Workbook()
    book.remove(book.active)
    _cycle_sheet(book, table)
    for level in LEVELS:
        ws = book.create_sheet(LEVEL_SHEETS[level])
        keys = list(COLUMNS[level].values())
        _append(ws, list(COLUMNS[level]))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.level(level):
            _append(ws, [_cell(row, key, catalogue) for key in keys])
        for at, key in enumerate(keys, start=1):
            wide = key in LEVEL_FIELDS[level]
            ws.column_dimensions[column_letter(at)].width = _WIDE if wide else 14
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cycle_sheet(book: Any, table: MethodTable) -> None:
    ws = book.create_sheet(CYCLE_SHEET)
    data = table_data(table)
    values = {
        "format": FORMAT_NAME,
        "format_version": str(FORMAT_VERSION),
        "municipality": table.municipality,
        "cycle": table.cycle.key,
        "title": table.cycle.title,
        "illustrative": "ja" if table.cycle.illustrative else "nei",
    }
    values |= {key: str(value) for key, value in data["materiality"].items()}
    for name, key in FIELDS.items():
        if key in values:
            _append(ws, [name, values[key]])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 60


def _cell(row: MethodRow, key: str, catalogue: SdgCatalogue) -> str | None:
    if key == "goal":
        return goal_label(row.sdg_goal, catalogue)
    if key == "target":
        return row.target
    if key == "targets":
        return ", ".join(row.targets) or None
    if key == "plan_keys":
        return " ".join(row.plan_keys) or None
    return row.text(key) or None


def _append(ws: Any, values: Sequence[object]) -> None:
    """A row of text cells a spreadsheet never runs."""
    ws.append([_ILLEGAL.sub("\ufffd", v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.number_format = "@"
