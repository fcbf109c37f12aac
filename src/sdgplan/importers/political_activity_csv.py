"""Political activity as CSV: `body,year,meetings,cases[,status]`, one line per body and year.

`meetings` and `cases` are whole numbers (meetings held, cases dealt with); `status` is empty,
or `ended` for a body closed down by then (seed 001: «Avsluttet»), whose numbers are empty.
The bodies keep the order of their first line.
"""

from __future__ import annotations

from sdgplan.domain.calendar import ActivityRecord, ActivityTable
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, missing
from sdgplan.importers.csv_rows import read_csv

COLUMNS = ("body", "year", "meetings", "cases", "status")
ENDED = "ended"
YEARS = range(1900, 2200)


def read_political_activity(text: str, *, source: str) -> Parsed[ActivityTable]:
    log = IssueLog(source)
    rows = read_csv(text, log)
    if rows is None:
        return Parsed(None, log.issues)
    if rows.header not in (list(COLUMNS), list(COLUMNS[:4])):
        log.error(
            _("Ventet kolonnene {columns}; fant {found}").format(
                columns=",".join(COLUMNS), found=",".join(rows.header)
            ),
            line=1,
        )
        return Parsed(None, log.issues)
    records: list[ActivityRecord] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in rows:
        record = _record(row, line, log)
        if record is None:
            continue
        place = (record.body.casefold(), record.year)
        if place in seen:
            log.error(
                _("«{body}» {year} står også på linje {first}").format(
                    body=record.body, year=record.year, first=seen[place]
                ),
                line=line,
                column=1,
            )
            continue
        seen[place] = line
        records.append(record)
    if not records and not log.issues:
        log.error(_("Filen har ingen rader"))
    return Parsed(ActivityTable(tuple(records)), log.issues)


def _record(row: dict[str, str], line: int, log: IssueLog) -> ActivityRecord | None:
    body, year_text = row["body"].strip(), row["year"].strip()
    status = row.get("status", "").strip()
    if not body:
        log.error(_("Mangler utvalg «body»"), line=line, column=1)
        return None
    if not year_text.isdigit() or int(year_text) not in YEARS:
        log.error(
            _("Ugyldig år «{value}»; skriv f.eks. 2022").format(value=year_text),
            line=line,
            column=2,
        )
        return None
    if status not in ("", ENDED):
        log.error(
            _("Ukjent status «{value}»; la feltet stå tomt eller skriv {ended}").format(
                value=status, ended=ENDED
            ),
            line=line,
            column=5,
        )
        return None
    numbers = []
    for column, name in ((3, "meetings"), (4, "cases")):
        value = row[name].strip()
        if status == ENDED and value:
            log.error(
                _("«{name}» skal være tom når status er {ended}, ikke «{value}»").format(
                    name=name, ended=ENDED, value=value
                ),
                line=line,
                column=column,
            )
            return None
        if status != ENDED and not value.isdigit():
            message = (
                missing(name)
                if not value
                else _("Ugyldig «{name}» «{value}»: skriv et helt tall, 0 eller mer").format(
                    name=name, value=value
                )
            )
            log.error(message, line=line, column=column)
            return None
        numbers.append(int(value) if value else None)
    return ActivityRecord(body, int(year_text), numbers[0], numbers[1], status == ENDED)
