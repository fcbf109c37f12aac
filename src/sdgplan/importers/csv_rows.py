"""Reading CSV files safely: a checked header, line numbers, limits instead of crashes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from sdgplan.domain.cells import restore_formula
from sdgplan.importers.base import IssueLog

FIELD_LIMIT = csv.field_size_limit()  # Python's default, 131 072 characters


@dataclass
class CsvRows:
    """The header of a CSV file and its rows as `(line, cells)`; neutralised cells restored."""

    header: list[str]
    reader: csv.DictReader[str]
    log: IssueLog

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for row in self.reader:
                if None in row:
                    self.log.error(
                        "For mange felt på linjen / too many fields on the line",
                        line=self.reader.line_num,
                    )
                    continue
                yield self.reader.line_num, {k: restore_formula(v or "") for k, v in row.items()}
        except csv.Error as e:
            self.log.error(_csv_problem(e), line=self.reader.line_num + 1)


def read_csv(text: str, log: IssueLog) -> CsvRows | None:
    """The rows of `text`, or None (with the problem logged) if the header is unusable."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = list(reader.fieldnames or [])
    except csv.Error as e:
        log.error(_csv_problem(e), line=1)
        return None
    if not header:
        log.error("Filen er tom / the file is empty", line=1)
        return None
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in seen:
            log.error(
                f"Kolonnen «{name}» står to ganger (kolonne {seen[name]} og {position}) / "
                f"column '{name}' appears twice (columns {seen[name]} and {position})",
                line=1,
                column=position,
            )
        seen.setdefault(name, position)
    if len(seen) < len(header):
        return None
    return CsvRows(header, reader, log)


def _csv_problem(error: csv.Error) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        limit = f"{FIELD_LIMIT:,}".replace(",", " ")
        return (
            f"Et felt er lengre enn {limit} tegn / a field is longer than {limit} "
            "characters (mangler et avsluttende anførselstegn? / is a closing quote missing?)"
        )
    if "NUL" in message:
        return "Filen inneholder NUL-tegn / the file contains NUL characters: er den en CSV-fil?"
    return f"Ugyldig CSV / invalid CSV: {message}"
