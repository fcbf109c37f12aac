"""The layout of the action programme workbook (docs/planning-cycle.md, "The workbook"),
shared by its reader (importers/programme_xlsx.py) and its template
(exporters/programme_template.py): each sheet's Norwegian and English names, its columns by
the key of the YAML file, and the year columns.
"""

from __future__ import annotations

from sdgplan.i18n import _

Names = tuple[str, str]  # Norwegian, English
SHEETS: dict[str, Names] = {
    "programme": ("Program", "Programme"),
    "service_areas": ("Tjenesteområder", "Service areas"),
    "versions": ("Versjoner", "Versions"),
    "measures": ("Tiltak", "Measures"),
    "financing": ("Inndekning", "Financing"),
    "investments": ("Investeringer", "Investments"),
    "economy": ("Økonomi", "Economy"),
}
# The `Program` sheet's rows (name, value), by the YAML key
FIELDS: dict[str, Names] = {
    "format": ("format", "format"),
    "format_version": ("formatversjon", "format_version"),
    "municipality": ("kommune", "municipality"),
    "period": ("periode", "period"),
    "title": ("tittel", "title"),
    "illustrative": ("illustrerende", "illustrative"),
    "unit": ("enhet", "unit"),
}
_KEY, _NAME, _TEXT = ("nøkkel", "key"), ("navn", "name"), ("tekst", "text")
_AREA, _VERSION = ("tjenesteområde", "service_area"), ("versjon", "version")
# Each table sheet's columns by YAML key, in the template's order, then its year columns
COLUMNS: dict[str, dict[str, Names]] = {
    "service_areas": {"key": _KEY, "name": _NAME},
    "versions": {
        "key": _KEY,
        "kind": ("type", "kind"),
        "party": ("parti", "party"),
        "base": ("grunnlag", "base"),
        "date": ("dato", "date"),
    },
    "measures": {
        "version": _VERSION,
        "action": ("endring", "action"),
        "key": _KEY,
        "text": _TEXT,
        "kind": ("type", "kind"),
        "service_area": _AREA,
        "goals": ("mål", "goals"),
    },
    "financing": {"version": _VERSION, "key": _KEY, "text": _TEXT},
    "investments": {
        "key": _KEY,
        "name": _NAME,
        "service_area": _AREA,
        "source": ("kilde", "source"),
    },
    "economy": {"key": _KEY, "name": _NAME, "rule": ("handlingsregel", "rule")},
}
REQUIRED = {
    "service_areas": ("key",),
    "versions": ("key",),
    "measures": ("key",),
    "financing": ("version", "key"),
    "investments": ("key",),
    "economy": ("key",),
}
# Service areas' year columns: `ramme 2025` (money, in the period), `årsverk 2023`, `andel 2022`
SERIES: dict[str, Names] = {
    "frames": ("ramme", "frame"),
    "staff": ("årsverk", "staff"),
    "shares": ("andel", "share"),
}
FLAGS = {"ja": "true", "nei": "false"}


def part_of(sheet: str) -> str | None:
    """The part a sheet holds, by its Norwegian or English name in any case."""
    name = sheet.strip().lower()
    return next((part for part, names in SHEETS.items() if name in map(str.lower, names)), None)


def field_of(name: str) -> str | None:
    """The YAML key of a `Program` row's name."""
    return next((key for key, names in FIELDS.items() if name.lower() in names), None)


def series_of(part: str, prefix: str | None) -> str | None:
    """What a year column holds: `amounts` (money), or a service area's series."""
    if part == "service_areas":
        return next((key for key, names in SERIES.items() if prefix in names), None)
    return "amounts" if prefix is None and part != "versions" else None


def year_names(part: str) -> list[str]:
    """A sheet's year columns in words, for the list of allowed columns."""
    year = _("ÅÅÅÅ")
    if part == "service_areas":
        return [f"{names[0]} {year}" for names in SERIES.values()]
    return [] if part == "versions" else [year]
