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

from pathlib import Path

from sdgplan.domain.indicators import ObservationBatch, ObservationContext
from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.plan import Municipality
from sdgplan.i18n import N_, _
from sdgplan.importers.base import Parsed
from sdgplan.importers.observations.decimals import Decimal, choose_decimal
from sdgplan.importers.observations.rows import Place, Row, RowReader, header_problems
from sdgplan.importers.workbook import Cell, Sheets, cell_text, is_number, load_sheets

INFO_SHEET = "sdgplan"  # the template's hidden sheet: format and municipality
TEMPLATE_COLUMNS = ("indicator_id", "indicator", "unit")
# What the template's value cells accept, shown when one is selected (catalogue: importers)
VALUE_PROMPT_TITLE = N_("Verdi")
VALUE_PROMPT = N_("Et tall, «{not_measured}» eller «{pending}»")


class XlsxObservations:
    """An .xlsx workbook of observations, read once into memory (values, not formulas)."""

    def __init__(self, path: Path, *, decimal: Decimal | None = None) -> None:
        self.path = path
        self.decimal = decimal
        self.sheets = load_sheets(path)
        self.tidy = _tidy_sheet(self.sheets)
        self.values_only = self.tidy is None  # a template carries values and statuses only

    def declared(self) -> tuple[str, int | None] | None:
        """The municipality the workbook names: the template's, or the first row's."""
        if self.tidy is None:
            rows = self.sheets.get(INFO_SHEET, [])[:20]
            info = {cell_text(row[0]): cell_text(row[1]) for row in rows if len(row) > 1}
            return (info["municipality"], None) if info.get("municipality") else None
        rows = self.sheets[self.tidy]
        header = [cell_text(c) for c in rows[0]] if rows else []
        if "municipality" not in header:
            return None
        at = header.index("municipality")
        for number, row in enumerate(rows[1:], start=2):
            if at < len(row) and cell_text(row[at]):
                return cell_text(row[at]), number
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
        header = [cell_text(c).strip() for c in rows[0]] if rows else []
        while header and not header[-1]:
            header.pop()
        source = str(self.path)
        problems = header_problems(header) if header else [_("Arket er tomt")]
        problems += [
            _("Kolonnen «{name}» står to ganger").format(name=name)
            for i, name in enumerate(header)
            if name in header[:i]
        ]
        if problems:
            where = Place(source, 1, sheet=sheet).locate(None)[0]
            return [], [Issue(Severity.ERROR, where, p) for p in problems]
        columns = {name: i + 1 for i, name in enumerate(header)}
        result = []
        for number, row in enumerate(rows[1:], start=2):
            cells = {
                name: cell_text(row[i]) if i < len(row) else "" for i, name in enumerate(header)
            }
            numeric = "value" in columns and is_number(row, columns["value"] - 1)
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
                _(
                    "Fant ingen ark med observasjoner: bruk kolonnene fra CSV-filen i et ark "
                    "«observations», eller Excel-malen fra «sdgplan export template»"
                )
                if not sheets
                else _("Hvilken kommune? Oppgi kommunenummeret")
            )
            return [], [Issue(Severity.ERROR, source, problem)]
        result = []
        for sheet in sheets:
            rows = self.sheets[sheet]
            periods = [cell_text(c).strip() for c in rows[0]]
            for number, row in enumerate(rows[1:], start=2):
                key = cell_text(row[0]).strip() if row else ""
                for at in range(len(TEMPLATE_COLUMNS), min(len(row), len(periods))):
                    value = cell_text(row[at])
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
                    result.append((Row(cells, place), is_number(row, at)))
        return result, []


def _tidy_sheet(sheets: Sheets) -> str | None:
    """The sheet of the tidy layout: `observations`, or the first with a `period` column."""
    for name in sheets:
        if name.lower() == "observations":
            return name
    first = next(iter(sheets), None)
    if first is None or not sheets[first]:
        return first
    header = [cell_text(c).strip() for c in sheets[first][0]]
    return first if "period" in header or not _is_template(sheets[first]) else None


def _is_template(rows: list[list[Cell]]) -> bool:
    header = tuple(cell_text(c).strip() for c in rows[0][: len(TEMPLATE_COLUMNS)]) if rows else ()
    return header == TEMPLATE_COLUMNS
