"""Reading CSV files safely: a checked header, line numbers, limits instead of crashes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sdgplan.domain.cells import restore_formula
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog

FIELD_LIMIT = csv.field_size_limit()  # Python's default, 131 072 characters


@dataclass
class CsvRows:
    """The header of a CSV file and its rows as `(line, cells)`; `line` is where the row
    begins, and cells a spreadsheet would run as formulas are restored (see domain.cells)."""

    header: list[str]
    records: Iterator[list[str]]
    reader: Any  # the csv reader, for its line count
    log: IssueLog

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        start = self.reader.line_num + 1
        try:
            for record in self.records:
                if len(record) > len(self.header):
                    self.log.error(_("For mange felt på linjen"), line=start)
                elif record:
                    cells = [restore_formula(c) if c[:1] == "'" else c for c in record]
                    cells += [""] * (len(self.header) - len(cells))
                    yield start, dict(zip(self.header, cells, strict=True))
                start = self.reader.line_num + 1
        except csv.Error as e:
            self.log.error(_csv_problem(e), line=start)


def read_csv(text: str, log: IssueLog, *, delimiter: str = ",") -> CsvRows | None:
    """The rows of `text`, or None (with the problem logged) if the header is unusable."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    records = iter(reader)
    try:
        header = next((record for record in records if record), [])
    except csv.Error as e:
        log.error(_csv_problem(e), line=reader.line_num + 1)
        return None
    if not header:
        log.error(_("Filen er tom"))
        return None
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in seen:
            log.error(
                _("Kolonnen «{name}» står to ganger (kolonne {first} og {second})").format(
                    name=name, first=seen[name], second=position
                ),
                line=reader.line_num,
                column=position,
            )
        seen.setdefault(name, position)
    if len(seen) < len(header):
        return None
    return CsvRows(header, records, reader, log)


def _csv_problem(error: csv.Error) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        limit = f"{FIELD_LIMIT:,}".replace(",", " ")
        return _(
            "Et felt er lengre enn {limit} tegn (mangler et avsluttende anførselstegn?)"
        ).format(limit=limit)
    if "NUL" in message:
        return _("Filen inneholder NUL-tegn: er den en CSV-fil?")
    if "unexpected end of data" in message:
        return _("Et anførselstegn åpnes her, men lukkes aldri")
    if "expected after" in message:
        return _(
            'Anførselstegn midt i et felt ({reason}): skriv to anførselstegn ("") for ett'
        ).format(reason=message)
    return _("Ugyldig CSV: {reason}").format(reason=message)
