"""Reading an Open SDG data repository: `data/indicator_G-T-I.csv` and `meta/G-T-I.yml|md`.

Each data file becomes an indicator keyed `sdg-G-T-I` and its rows observations: `Year` is
the period, `Value` the value, `GeoCode` the area (the own area when empty) and every other
column a part of the breakdown, written `Age=15-24;Sex=Female` (columns sorted, empty cells
left out). The reader never touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode

from sdgplan.domain.indicators import Indicator, Observation, ObservationStatus
from sdgplan.domain.numbers import decimals_of, parse_number
from sdgplan.domain.periods import period_years
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.errors import FormatError
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, read_text
from sdgplan.importers.csv_rows import read_csv
from sdgplan.importers.yaml_nodes import compose_text, value_of

YEAR, VALUE, GEOCODE, UNITS = "Year", "Value", "GeoCode", "Units"
KEY_PREFIX = "sdg-"
DATA_FILE = re.compile(r"indicator_([0-9]{1,2}-[0-9a-z]{1,2}-[0-9a-z]{1,2})\.csv")
OPEN_SDG_KEY = re.compile(r"sdg-([0-9]{1,2}-[0-9a-z]{1,2}-[0-9a-z]{1,2})")
META_SUFFIXES = (".yml", ".yaml", ".md")
TRANSLATION_KEY = re.compile(r"[a-z_]+\.[0-9a-z_-]+")  # global_indicators.1-1-1-title
PART_SEPARATOR, VALUE_SEPARATOR = ";", "="


@dataclass
class OpenSdgData:
    """The indicators and observations of a repository, in file order."""

    indicators: list[Indicator] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)


def indicator_key(code: str) -> str:
    """`sdg-1-2-1` for the Open SDG code `1-2-1`."""
    return KEY_PREFIX + code


def open_sdg_code(key: str) -> str | None:
    """`1-2-1` for the indicator key `sdg-1-2-1`; None for a key of another form."""
    match = OPEN_SDG_KEY.fullmatch(key)
    return match.group(1) if match else None


def breakdown_text(cells: Mapping[str, str]) -> str:
    """`Age=15-24;Sex=Female`: the non-empty cells, by column name."""
    return PART_SEPARATOR.join(
        f"{name}{VALUE_SEPARATOR}{value}" for name, value in sorted(cells.items()) if value
    )


def breakdown_cells(text: str) -> dict[str, str] | None:
    """The columns of a breakdown written by `breakdown_text`; None for other text."""
    if not text:
        return {}
    cells: dict[str, str] = {}
    for part in text.split(PART_SEPARATOR):
        name, separator, value = part.partition(VALUE_SEPARATOR)
        if (
            not separator
            or not name
            or not value
            or name in (YEAR, VALUE, GEOCODE)
            or name in cells
        ):
            return None
        cells[name] = value
    return cells


def read_open_sdg(
    folder: Path, *, own_area: str, areas: Collection[str], catalogue: SdgCatalogue
) -> Parsed[OpenSdgData]:
    """Every indicator of the repository at `folder`; `areas` are the codes a `GeoCode` may
    name, `own_area` the area of rows without one."""
    data = OpenSdgData()
    issues = IssueLog(str(folder))
    data_folder = folder / "data"
    if not data_folder.is_dir():
        issues.error(_("Mappen har ingen undermappe «data» (data/indicator_M-D-I.csv)"))
        return Parsed(None, issues.issues)
    found = []
    for path in sorted(p for p in data_folder.iterdir() if not p.name.startswith(".")):
        match = DATA_FILE.fullmatch(path.name)
        if match is None or not path.is_file():
            log = IssueLog(str(path))
            log.error(_("Filnavnet er ikke indicator_M-D-I.csv (f.eks. indicator_1-2-1.csv)"))
            issues.issues.extend(log.issues)
            continue
        found.append((match.group(1), path))
    if not found and not issues.issues:
        issues.error(_("Mappen data har ingen filer indicator_M-D-I.csv"))
    for code, path in found:
        reader = _DataFile(path, indicator_key(code), own_area=own_area, areas=areas)
        observations = reader.read()
        meta = _read_meta(folder / "meta", code, reader.log)
        name = meta.get("indicator_name") or _catalogue_name(code, catalogue)
        if not name:
            reader.log.error(
                _(
                    "Indikatoren {code} har ikke noe navn: den er ikke i FNs liste, og "
                    "meta/{code}.yml mangler indicator_name"
                ).format(code=code)
            )
        unit = reader.single_unit() or meta.get("computation_units") or None
        data.indicators.append(Indicator(indicator_key(code), name or code, unit))
        data.observations.extend(observations)
        issues.issues.extend(reader.log.issues)
    return Parsed(data, issues.issues)


class _DataFile:
    """One `data/indicator_G-T-I.csv`: its rows as observations, every problem logged."""

    def __init__(self, path: Path, key: str, *, own_area: str, areas: Collection[str]) -> None:
        self.path, self.key = path, key
        self.own_area, self.areas = own_area, areas
        self.log = IssueLog(str(path))
        self.units: set[str] = set()

    def read(self) -> list[Observation]:
        try:
            text = read_text(self.path)
        except FormatError as e:
            self.log.error(e.message)
            return []
        rows = read_csv(text, self.log)
        if rows is None:
            return []
        if not self._header_usable(rows.header):
            return []
        observations: list[Observation] = []
        seen: dict[tuple[str, str, str], int] = {}
        for line, cells in rows:
            obs = self._observation(line, cells)
            if obs is None:
                continue
            identity = (obs.area, obs.period, obs.breakdown)
            if identity in seen:
                self.log.error(
                    _("Samme år og inndeling som linje {first}").format(first=seen[identity]),
                    line=line,
                )
                continue
            seen[identity] = line
            observations.append(obs)
        return observations

    def single_unit(self) -> str | None:
        """The `Units` of every row, when they all agree."""
        return next(iter(self.units)) if len(self.units) == 1 else None

    def _header_usable(self, header: list[str]) -> bool:
        usable = True
        for name in (YEAR, VALUE):
            if name not in header:
                self.log.error(_("Mangler kolonnen «{name}»").format(name=name), line=1)
                usable = False
        for column, name in enumerate(header, start=1):
            if not name or PART_SEPARATOR in name or VALUE_SEPARATOR in name:
                self.log.error(
                    _("Ugyldig kolonnenavn «{name}»: det må ha tekst uten ; og =").format(
                        name=name
                    ),
                    line=1,
                    column=column,
                )
                usable = False
        return usable

    def _observation(self, line: int, cells: dict[str, str]) -> Observation | None:
        period = self._period(line, cells[YEAR].strip())
        value = self._value(line, cells[VALUE].strip())
        area = self._area(line, cells.get(GEOCODE, "").strip())
        parts = {
            name: text.strip() for name, text in cells.items() if name not in (YEAR, VALUE, GEOCODE)
        }
        for name, text in parts.items():
            if PART_SEPARATOR in text:
                self.log.error(
                    _("«{text}» i kolonnen {name}: semikolon (;) er ikke tillatt").format(
                        text=text, name=name
                    ),
                    line=line,
                )
                return None
        if period is None or value is None or area is None:
            return None
        if parts.get(UNITS):
            self.units.add(parts[UNITS])
        number, decimals = value
        status = (
            ObservationStatus.MEASURED if number is not None else ObservationStatus.NOT_MEASURED
        )
        return Observation(
            self.key, area, period, number, status, breakdown_text(parts), decimals=decimals
        )

    def _period(self, line: int, text: str) -> str | None:
        if not text:
            self.log.error(_("Mangler år (Year)"), line=line)
            return None
        try:
            period_years(text)
        except ValueError as e:
            self.log.error(str(e), line=line)
            return None
        return text

    def _value(self, line: int, text: str) -> tuple[float | None, int | None] | None:
        """The value and its decimals; (None, None) for an empty cell, None for an error."""
        if not text:
            return None, None
        try:
            return parse_number(text, decimal_comma=False), decimals_of(text)
        except ValueError as e:
            self.log.error(_("Verdien (Value): {reason}").format(reason=e), line=line)
            return None

    def _area(self, line: int, code: str) -> str | None:
        if not code:
            return self.own_area
        if code in self.areas:
            return code
        self.log.error(
            _("GeoCode «{code}» er ikke et lagret område").format(code=code[:60]), line=line
        )
        return None


def _read_meta(folder: Path, code: str, log: IssueLog) -> dict[str, str]:
    """The text values of the indicator's metadata file (YAML, or Markdown with YAML front
    matter); problems are logged against `log` naming the metadata file."""
    path = next(
        (folder / f"{code}{s}" for s in META_SUFFIXES if (folder / f"{code}{s}").is_file()), None
    )
    if path is None:
        return {}
    meta_log = IssueLog(str(path))
    try:
        text = read_text(path)
    except FormatError as e:
        meta_log.error(e.message)
        log.issues.extend(meta_log.issues)
        return {}
    if path.suffix == ".md":
        text = _front_matter(text)
    root = compose_text(text, meta_log)
    log.issues.extend(meta_log.issues)
    if not isinstance(root, MappingNode):
        return {}
    values = {}
    for key in ("indicator_name", "computation_units"):
        node = value_of(root, key)
        if isinstance(node, ScalarNode) and node.value.strip():
            value = " ".join(node.value.split())
            if not TRANSLATION_KEY.fullmatch(value):
                values[key] = value
    return values


def _front_matter(text: str) -> str:
    """The YAML between the opening and closing `---` lines, with the lines before it
    blanked so line numbers stay those of the file; empty when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return ""
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return ""
    return "\n" + "\n".join(lines[1:end]) + "\n"


def _catalogue_name(code: str, catalogue: SdgCatalogue) -> str | None:
    indicator = catalogue.indicators.get(code.replace("-", "."))
    return indicator.title_nb if indicator else None
