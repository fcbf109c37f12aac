"""Thematic plans (temaplaner) as CSV: `name,status,adopted,planned`."""

from __future__ import annotations

from sdgplan.domain.indicators import ThematicPlan, ThematicPlanStatus
from sdgplan.domain.periods import parse_date
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.csv_rows import read_csv

COLUMNS = ("name", "status", "adopted", "planned")


def read_thematic_plans(text: str, *, source: str) -> Parsed[list[ThematicPlan]]:
    """Adopted plans need an `adopted` date (YYYY-MM-DD); planned ones a `planned` text."""
    log = IssueLog(source)
    rows = read_csv(text, log)
    if rows is None:
        return Parsed(None, log.issues)
    if rows.header != list(COLUMNS):
        log.error(_("Ventet kolonnene {columns}").format(columns=",".join(COLUMNS)), line=1)
        return Parsed(None, log.issues)
    plans = []
    names: dict[str, int] = {}
    for line, row in rows:
        name, status, adopted, planned = (row[c].strip() for c in COLUMNS)
        if not name:
            log.error(_("Mangler navn"), line=line, column=1)
            continue
        if name.casefold() in names:
            first = names[name.casefold()]
            log.error(
                _("Temaplanen «{name}» står også på linje {first}").format(name=name, first=first),
                line=line,
                column=1,
            )
            continue
        names[name.casefold()] = line
        try:
            kind = ThematicPlanStatus(status)
        except ValueError:
            log.error(
                _("Ukjent status «{status}»; bruk {allowed}").format(
                    status=status, allowed="adopted, planned"
                ),
                line=line,
                column=2,
            )
            continue
        date = None
        if kind is ThematicPlanStatus.ADOPTED:
            try:
                date = parse_date(adopted)
            except ValueError:
                log.error(
                    _("Ugyldig vedtaksdato «{date}»; skriv ÅÅÅÅ-MM-DD").format(date=adopted),
                    line=line,
                    column=3,
                )
                continue
        elif not planned:
            log.error(_("Mangler planlagt tidspunkt «planned»"), line=line, column=4)
            continue
        plans.append(ThematicPlan(name, kind, date, planned or None))
    return Parsed(plans, log.issues)
