"""Thematic plans (temaplaner) as CSV: `name,status,adopted,planned`."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sdgplan.domain.indicators import ThematicPlan, ThematicPlanStatus
from sdgplan.importers.base import IssueLog, Parsed

COLUMNS = ("name", "status", "adopted", "planned")


def read_thematic_plans(text: str, *, source: str) -> Parsed[list[ThematicPlan]]:
    """Adopted plans need an `adopted` date (YYYY-MM-DD); planned ones a `planned` text."""
    log = IssueLog(source)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if list(reader.fieldnames or []) != list(COLUMNS):
        log.error(f"Ventet kolonnene / expected the columns {','.join(COLUMNS)}", line=1)
        return Parsed(None, log.issues)
    plans = []
    for row in reader:
        line = reader.line_num
        name, status, adopted, planned = ((row.get(c) or "").strip() for c in COLUMNS)
        if not name:
            log.error("Mangler navn / missing name", line=line, column=1)
            continue
        try:
            kind = ThematicPlanStatus(status)
        except ValueError:
            log.error(
                f"Ukjent status «{status}» / unknown status; bruk / use adopted, planned",
                line=line,
                column=2,
            )
            continue
        date = None
        if kind is ThematicPlanStatus.ADOPTED:
            try:
                date = dt.date.fromisoformat(adopted)
            except ValueError:
                log.error(
                    f"Ugyldig vedtaksdato «{adopted}» / invalid adoption date; skriv / "
                    "write YYYY-MM-DD",
                    line=line,
                    column=3,
                )
                continue
        elif not planned:
            log.error("Mangler planlagt tidspunkt / missing 'planned'", line=line, column=4)
            continue
        plans.append(ThematicPlan(name, kind, date, planned or None))
    return Parsed(plans, log.issues)
