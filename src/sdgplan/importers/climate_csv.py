"""Climate budget CSV files: emissions in Miljødirektoratet's layout, and budget measures.

Emissions: the agency's municipal emission statistics saved as CSV, one row per year, sector
and source (`År;Sektor;Kilde;Utslipp (tonn CO₂-ekvivalenter)`, comma or semicolon); the
sources of a sector are summed. The columns read are listed in `EMISSION_COLUMNS`
(docs/planning-cycle.md, "Climate budget"); others are left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from sdgplan.domain.climate import Basis, ClimateMeasure, Emission, MeasureStatus, Sector
from sdgplan.domain.numbers import parse_number
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.csv_rows import read_csv

T = TypeVar("T")
E = TypeVar("E", MeasureStatus, Basis)

FIRST_YEAR, LAST_YEAR = 1990, 2100

# column -> the header names it is found by (compared without case, `CO₂` as `CO2`)
EMISSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("år", "year"),
    "sector": ("sektor", "sector"),
    "tonnes": (
        "utslipp (tonn co2-ekvivalenter)",
        "utslipp (tonn co2e)",
        "utslipp",
        "tonn co2-ekvivalenter",
        "tonnes",
    ),
    "source": ("kilde", "source"),  # optional: summed into the sector
    "municipality": ("kommunenummer", "municipality"),  # optional: other municipalities skipped
    "basis": ("grunnlag", "basis"),  # optional, sdgplan's own: reported, derived, illustrative
    "note": ("merknad", "note"),  # optional, sdgplan's own
}
REQUIRED_EMISSION_COLUMNS = ("year", "sector", "tonnes")

# the agency's sector names (and sdgplan's codes) -> sector
SECTOR_NAMES: dict[str, Sector] = {
    **{s.value: s for s in Sector},
    "industri, olje og gass": Sector.INDUSTRY,
    "energiforsyning": Sector.ENERGY_SUPPLY,
    "oppvarming": Sector.HEATING,
    "veitrafikk": Sector.ROAD_TRAFFIC,
    "sjøfart": Sector.SHIPPING,
    "luftfart": Sector.AVIATION,
    "annen mobil forbrenning": Sector.OTHER_MOBILE,
    "jordbruk": Sector.AGRICULTURE,
    "avfall og avløp": Sector.WASTE_SEWAGE,
    "skog og arealbruk": Sector.LAND_USE,
    "skog- og arealbruk": Sector.LAND_USE,
    "arealbruk": Sector.LAND_USE,
    "uspesifisert": Sector.UNSPECIFIED,
    "totalt": Sector.UNSPECIFIED,
    "total": Sector.UNSPECIFIED,
}

MEASURE_COLUMNS = (
    "key",
    "name",
    "effect",
    "start_year",
    "end_year",
    "owner",
    "status",
    "sector",
    "illustrative",
    "note",
)
REQUIRED_MEASURE_COLUMNS = ("key", "name", "effect", "start_year")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def _header_key(name: str) -> str:
    return " ".join(name.replace("₂", "2").casefold().split())


def parse_sector(text: str) -> Sector:
    found = SECTOR_NAMES.get(_header_key(text))
    if found is None:
        raise ValueError(
            _(
                "Ukjent sektor «{text}»; bruk Miljødirektoratets sektornavn, f.eks. {example}"
            ).format(text=text, example="Veitrafikk, Jordbruk, Avfall og avløp")
        )
    return found


def parse_year(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise ValueError(
            _("Ugyldig år «{text}»; skriv et årstall mellom {first} og {last}").format(
                text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return int(value)


def parse_tonnes(text: str) -> float:
    """Tonnes as the agency writes them (`186 211`, `1234,5`) or with a decimal point."""
    try:
        return parse_number(text)
    except ValueError as e:
        raise ValueError(_("Ugyldig utslipp: {reason}").format(reason=e)) from e


def looks_like_emissions(header: list[str]) -> bool:
    keys = {_header_key(h) for h in header}
    return all(keys & set(EMISSION_COLUMNS[c]) for c in REQUIRED_EMISSION_COLUMNS)


def delimiter_of(text: str) -> str:
    """`;` when the header line has more semicolons than commas (Excel's Norwegian CSV)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


@dataclass
class _Figure:
    tonnes: Fraction
    basis: Basis
    note: str | None
    line: int


def read_emissions(
    text: str, *, source: str, municipality: str | None = None
) -> Parsed[list[Emission]]:
    """The emissions per year and sector; rows of another `Kommunenummer` than
    `municipality` are skipped (with a warning counting them)."""
    log = IssueLog(source)
    rows = read_csv(text, log, delimiter=delimiter_of(text))
    if rows is None:
        return Parsed(None, log.issues)
    columns = _emission_columns(rows.header, log)
    if columns is None:
        return Parsed(None, log.issues)
    figures: dict[tuple[int, Sector], _Figure] = {}
    sources: dict[tuple[int, Sector, str], int] = {}
    skipped = 0
    for line, row in rows:
        cell = {name: row[header].strip() for name, header in columns.items()}
        if not any(cell.values()):
            continue
        if municipality and _other_municipality(cell.get("municipality", ""), municipality):
            skipped += 1
            continue
        parsed = _emission_row(cell, columns, line, log)
        if parsed is None:
            continue
        year, sector, tonnes, basis = parsed
        place = (year, sector, cell.get("source", ""))
        if place in sources:
            log.error(
                _("{year}, {sector}{source} står også på linje {first}").format(
                    year=year,
                    sector=cell["sector"],
                    source=f", {place[2]}" if place[2] else "",
                    first=sources[place],
                ),
                line=line,
            )
            continue
        sources[place] = line
        known = figures.get((year, sector))
        if known is None:
            figures[(year, sector)] = _Figure(Fraction(tonnes), basis, cell.get("note"), line)
        else:
            known.tonnes += Fraction(tonnes)
    if skipped:
        log.warning(
            _("{count} rader for andre kommuner enn {number} er hoppet over").format(
                count=skipped, number=municipality
            )
        )
    _check_unspecified(figures, log)
    if not figures and not log.issues:
        log.error(_("Filen har ingen utslippstall"))
    emissions = [
        Emission(year, sector, float(f.tonnes), f.basis, f.note or None)
        for (year, sector), f in sorted(figures.items(), key=lambda i: (i[0][0], i[1].line))
    ]
    return Parsed(emissions, log.issues)


def _other_municipality(number: str, municipality: str) -> bool:
    """Whether `Kommunenummer` (`3203` or `3203 Asker`) names another municipality."""
    digits = re.match(r"\d+", number)
    return digits is not None and digits[0] != municipality


def _emission_columns(header: list[str], log: IssueLog) -> dict[str, str] | None:
    """The column each field is read from (its header text as written)."""
    found: dict[str, str] = {}
    for name in header:
        key = _header_key(name)
        for column, names in EMISSION_COLUMNS.items():
            if key in names and column not in found:
                found[column] = name
    absent = [c for c in REQUIRED_EMISSION_COLUMNS if c not in found]
    if absent:
        wanted = ", ".join(f"«{EMISSION_COLUMNS[c][0]}»" for c in absent)
        log.error(
            _("Mangler kolonnen {columns}; fant {header}").format(
                columns=wanted, header=", ".join(header)
            ),
            line=1,
        )
        return None
    return found


def _emission_row(
    cell: Mapping[str, str], columns: Mapping[str, str], line: int, log: IssueLog
) -> tuple[int, Sector, float, Basis] | None:
    result: list[int | Sector | float] = []
    for name, parse in (("year", parse_year), ("sector", parse_sector), ("tonnes", parse_tonnes)):
        value = cell[name]
        if not value:
            log.error(
                _("Mangler verdi i kolonnen «{column}»").format(column=columns[name]), line=line
            )
            return None
        try:
            result.append(parse(value))
        except ValueError as e:
            log.error(str(e), line=line)
            return None
    year, sector, tonnes = result
    assert isinstance(year, int) and isinstance(sector, Sector) and isinstance(tonnes, float)
    if tonnes < 0 and sector.direct:
        log.error(
            _("Negativt utslipp «{value}» i {sector}: bare skog og arealbruk kan ha opptak").format(
                value=cell["tonnes"], sector=cell["sector"]
            ),
            line=line,
        )
        return None
    basis = _choice(cell.get("basis", ""), Basis, Basis.REPORTED, "basis", line, log)
    return (year, sector, tonnes, basis) if basis is not None else None


def _check_unspecified(figures: Mapping[tuple[int, Sector], _Figure], log: IssueLog) -> None:
    """A year's total either is split by sector or is unspecified: both would count twice."""
    for (year, sector), figure in figures.items():
        if sector is not Sector.UNSPECIFIED:
            continue
        split = [f.line for (y, s), f in figures.items() if y == year and s.direct and s != sector]
        if split:
            log.error(
                _(
                    "{year} har både en uspesifisert total og tall per sektor (linje {other}); "
                    "totalen ville telt to ganger"
                ).format(year=year, other=split[0]),
                line=figure.line,
            )


def read_measures(text: str, *, source: str) -> Parsed[list[ClimateMeasure]]:
    """Measures as CSV: `key,name,effect,start_year` and optionally `end_year,owner,status,
    sector,illustrative,note`."""
    log = IssueLog(source)
    rows = read_csv(text, log, delimiter=delimiter_of(text))
    if rows is None:
        return Parsed(None, log.issues)
    unknown = [h for h in rows.header if h not in MEASURE_COLUMNS]
    absent = [c for c in REQUIRED_MEASURE_COLUMNS if c not in rows.header]
    if unknown or absent:
        log.error(
            _("Ventet kolonnene {required} og eventuelt {optional}; fant {header}").format(
                required=",".join(REQUIRED_MEASURE_COLUMNS),
                optional=",".join(c for c in MEASURE_COLUMNS if c not in REQUIRED_MEASURE_COLUMNS),
                header=",".join(rows.header),
            ),
            line=1,
        )
        return Parsed(None, log.issues)
    measures: list[ClimateMeasure] = []
    keys: dict[str, int] = {}
    for line, row in rows:
        measure = parse_measure(
            {k: v.strip() for k, v in row.items()},
            functools.partial(log.error, line=line),
        )
        if measure is None:
            continue
        if measure.key in keys:
            log.error(
                _("Tiltaket «{key}» står også på linje {first}").format(
                    key=measure.key, first=keys[measure.key]
                ),
                line=line,
            )
            continue
        keys[measure.key] = line
        measures.append(measure)
    return Parsed(measures, log.issues)


def parse_measure(values: Mapping[str, str], error: Callable[[str], None]) -> ClimateMeasure | None:
    """A measure from its fields as text (a CSV row or a YAML mapping); None after
    reporting each problem with `error`."""
    problems: list[str] = []

    def report(message: str) -> None:
        problems.append(message)
        error(message)

    key = values.get("key", "")
    name = values.get("name", "")
    if not KEY_PATTERN.match(key):
        report(
            _("Ugyldig nøkkel «{key}»: små bokstaver, sifre, punktum, - og _").format(key=key)
            if key
            else _("Mangler «{key}»").format(key="key")
        )
    if not name:
        report(_("Mangler «{key}»").format(key="name"))
    effect = _parsed(values.get("effect", ""), parse_tonnes, "effect", report)
    start = _parsed(values.get("start_year", ""), parse_year, "start_year", report)
    end = _parsed(values.get("end_year", ""), parse_year, None, report)
    if start is not None and end is not None and end < start:
        report(_("Sluttåret {end} er før startåret {start}").format(end=end, start=start))
    sector = _parsed(values.get("sector", ""), parse_sector, None, report)
    status = _enum(values.get("status", ""), MeasureStatus, MeasureStatus.ADOPTED, report)
    illustrative = _flag(values.get("illustrative", ""), report)
    if problems or effect is None or start is None or status is None:
        return None
    return ClimateMeasure(
        key=key,
        name=name,
        effect=effect,
        start_year=start,
        status=status,
        owner=values.get("owner") or None,
        sector=sector,
        end_year=end,
        illustrative=bool(illustrative),
        note=values.get("note") or None,
    )


def _parsed(
    text: str, parse: Callable[[str], T], required: str | None, report: Callable[[str], None]
) -> T | None:
    if not text:
        if required:
            report(_("Mangler «{key}»").format(key=required))
        return None
    try:
        return parse(text)
    except ValueError as e:
        report(str(e))
        return None


def _enum(text: str, enum: type[E], default: E, report: Callable[[str], None]) -> E | None:
    if not text:
        return default
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        report(_("Ugyldig verdi «{value}»; bruk {allowed}").format(value=text, allowed=allowed))
        return None


def _choice(text: str, enum: type[E], default: E, key: str, line: int, log: IssueLog) -> E | None:
    return _enum(text, enum, default, lambda message: log.error(message, line=line))


def _flag(text: str, report: Callable[[str], None]) -> bool | None:
    value = text.casefold()
    if value in ("", "false", "no", "nei"):
        return False
    if value in ("true", "yes", "ja"):
        return True
    report(_("Ugyldig verdi «{value}»; bruk true eller false").format(value=text))
    return None
