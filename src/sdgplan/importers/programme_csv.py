"""The proposal's measures as CSV, for a programme file's `measures: FILE.csv`
(docs/planning-cycle.md): `key,text,kind,service_area,goals` and one column per year.

Goals are separated by spaces. A file whose header has semicolons and no commas is read
with `;` between fields (Excel's Norwegian CSV), so amounts may have decimal commas.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from sdgplan.domain.programme import Amounts, Measure, MeasureKind, Period, parse_amount
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, invalid_choice, missing
from sdgplan.importers.csv_rows import read_csv

REQUIRED = ("key", "text", "kind")
OPTIONAL = ("service_area", "goals")


def read_measures(
    text: str,
    *,
    source: str,
    period: Period,
    unit: Decimal,
    areas: Collection[str],
    known_goals: Collection[str] | None,
) -> Parsed[list[Measure]]:
    log = IssueLog(source)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    rows = read_csv(text, log, delimiter=delimiter)
    if rows is None:
        return Parsed(None, log.issues)
    years = _year_columns(rows.header, period, log)
    for name in REQUIRED:
        if name not in rows.header:
            log.error(_("Mangler kolonnen «{name}»").format(name=name), line=1)
    if log.issues:
        return Parsed(None, log.issues)
    measures: list[Measure] = []
    seen: set[str] = set()
    for line, cells in rows:
        measure = _measure(cells, line, log, years, unit, areas, known_goals)
        if measure is None:
            continue
        if measure.key in seen:
            log.error(_("Nøkkelen «{key}» står to ganger").format(key=measure.key), line=line)
        seen.add(measure.key)
        measures.append(measure)
    return Parsed(measures, log.issues)


def _year_columns(header: list[str], period: Period, log: IssueLog) -> dict[str, int]:
    years: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in REQUIRED or name in OPTIONAL:
            continue
        if not (name.isdigit() and int(name) in period.years):
            log.error(
                _("Ukjent kolonne «{name}»: bruk {columns} og årene {period}").format(
                    name=name, columns=", ".join(REQUIRED + OPTIONAL), period=period
                ),
                line=1,
                column=position,
            )
            continue
        years[name] = int(name)
    return years


def _measure(
    cells: dict[str, str],
    line: int,
    log: IssueLog,
    years: dict[str, int],
    unit: Decimal,
    areas: Collection[str],
    known_goals: Collection[str] | None,
) -> Measure | None:
    values = {name: cells.get(name, "").strip() for name in REQUIRED + OPTIONAL}
    for name in REQUIRED:
        if not values[name]:
            log.error(missing(name), line=line)
    try:
        kind = MeasureKind(values["kind"]) if values["kind"] else None
    except ValueError:
        log.error(invalid_choice("kind", values["kind"], MeasureKind), line=line)
        kind = None
    area = values["service_area"] or None
    if area is not None and area not in areas:
        log.error(
            _("Ukjent «{what}»: «{value}»; kjente: {known}").format(
                what="service_area", value=area, known=", ".join(sorted(areas)) or _("ingen")
            ),
            line=line,
        )
    goals = tuple(values["goals"].split())
    for goal in goals:
        if known_goals is not None and goal not in known_goals:
            log.error(
                _("Ukjent mål eller strategi «{goal}»: ikke i den lagrede planen").format(
                    goal=goal
                ),
                line=line,
            )
    amounts: Amounts = {}
    for column, year in years.items():
        cell = cells.get(column, "").strip()
        if not cell:
            continue
        try:
            amounts[year] = parse_amount(cell, unit)
        except ValueError as e:
            log.error(f"{column}: {e}", line=line)
    if kind is None or not all(values[n] for n in REQUIRED):
        return None
    return Measure(values["key"], values["text"], kind, amounts, area, goals)
