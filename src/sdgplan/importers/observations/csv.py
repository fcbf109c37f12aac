"""Observations as tidy CSV: one row per indicator, area, period and breakdown.

Separated by commas (values with a decimal point), or by semicolons as Excel writes "CSV"
in a Norwegian locale (values with a decimal comma or a decimal point, detected from the
value column). Required columns: `indicator_id`, `area`, `period`; the others are in
`rows.OPTIONAL` and `rows.DEFINING`. A file written by `sdgplan export observations`
defines the indicators and areas it uses, so it can be read into an empty database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from sdgplan.domain.indicators import ObservationBatch, ObservationContext
from sdgplan.domain.plan import Municipality
from sdgplan.importers.base import IssueLog, Parsed, read_text
from sdgplan.importers.csv_rows import read_csv
from sdgplan.importers.observations.decimals import Decimal, choose_decimal
from sdgplan.importers.observations.rows import REQUIRED, Place, Row, RowReader, header_problems


def read_csv_observations(
    text: str,
    *,
    source: str,
    context: ObservationContext,
    municipality: Municipality | None = None,
    decimal: Decimal | None = None,
) -> Parsed[ObservationBatch]:
    """Read observations; a `municipality` column must agree on every row, and with
    `municipality` when given. `decimal` overrides what the file suggests."""
    log = IssueLog(source)
    delimiter = separator(text)
    rows = read_csv(text, log, delimiter=delimiter)
    if rows is None:
        return Parsed(None, log.issues)
    if problems := header_problems(rows.header):
        for problem in problems:
            log.error(problem, line=1)
        return Parsed(None, log.issues)
    columns = {name: i + 1 for i, name in enumerate(rows.header)}
    if decimal is None:
        decimal = Decimal.COMMA if delimiter == ";" else Decimal.POINT
        if delimiter == ";":  # a comma-separated file always has a decimal point
            first_pass = IssueLog(source)
            values = _values(text, first_pass, columns)
            choice = choose_decimal(values, default=decimal)
            if choice.issue is not None:
                for _ in values:  # the file's other problems, as a full read finds them
                    pass
                return Parsed(None, [*first_pass.issues, choice.issue])
            decimal = choice.decimal
    reader = RowReader(context, municipality)
    decimal_comma = decimal is Decimal.COMMA
    for line, row in rows:  # streamed: one row in memory at a time
        reader.read(Row(row, Place(source, line, columns), decimal_comma=decimal_comma))
    # in line order, as one pass over the file would find them
    issues = sorted(log.issues + reader.issues, key=lambda issue: issue.line or 0)
    return Parsed(reader.batch, issues)


def _values(text: str, log: IssueLog, columns: dict[str, int]) -> Iterator[tuple[Place, str]]:
    """The value column's texts with their places, for a first pass that decides the
    decimal sign; the rows themselves are read in a second pass (the file is not kept)."""
    rows = read_csv(text, log, delimiter=";")
    for line, row in rows or ():
        yield Place(log.source, line, columns), row.get("value", "")


def separator(text: str) -> str:
    """`;` when the header, split at semicolons, names the required columns; else `,`."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        names = next(csv.reader(io.StringIO(first), delimiter=";"), [])
    except csv.Error:
        return ","
    return ";" if all(c in names for c in REQUIRED) else ","


def declared_in_csv(text: str) -> tuple[str, int] | None:
    """The municipality of an exported observations file and its line: the first row's.

    The reader checks that every row agrees, and reports a file it cannot read.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=separator(text))
    try:
        if "municipality" not in (reader.fieldnames or ()):
            return None  # not read to the end: a national file has half a million rows
        for row in reader:
            number = (row.get("municipality") or "").strip()
            if number:
                return number, reader.line_num
    except csv.Error:
        return None
    return None


class CsvObservations:
    """An observations CSV file, read as text (see `read_text`)."""

    values_only = False

    def __init__(self, path: Path, *, decimal: Decimal | None = None) -> None:
        self.path = path
        self.text = read_text(path)
        self.decimal = decimal

    def declared(self) -> tuple[str, int | None] | None:
        return declared_in_csv(self.text)

    def read(
        self, *, context: ObservationContext, municipality: Municipality | None
    ) -> Parsed[ObservationBatch]:
        return read_csv_observations(
            self.text,
            source=str(self.path),
            context=context,
            municipality=municipality,
            decimal=self.decimal,
        )
