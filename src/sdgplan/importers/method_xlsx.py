"""The method table as an Excel workbook (.xlsx), one sheet per level with the slides' column
names (docs/method-tool.md), and a sheet `Metode` of name-value rows for the cycle:

- `Metode`: format, formatversjon, kommune, syklus, tittel, illustrerende, skala min,
  skala maks, aggregering, prioritetsgrense;
- `Nivå 1`: Globalt mål, Kommunal betydning, Globale delmål, Plankoder;
- `Nivå 2`: Globalt delmål, Muligheter, Utfordringer, Plankoder;
- `Nivå 3`: Globalt delmål, Tjenesteutvikling mål / strategi / interesser,
  Samfunnsutvikling mål / strategi / interesser, Plankoder.

Column names in row 1. The cells become the node tree the YAML reader reads
(`importers/cell_nodes.py`), so every check and message is the YAML file's, named by sheet
and cell (`Nivå 2!B5`) with the column's name as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from yaml.nodes import MappingNode, Node

from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed
from sdgplan.importers.cell_nodes import CellNodes, CellPlace
from sdgplan.importers.method_yaml import MethodFile, read_method
from sdgplan.importers.observations.rows import column_letter
from sdgplan.importers.workbook import Cell, Sheets, cell_text, is_number, load_sheets

MAX_ROWS = 5_000  # per sheet; the UN list has 169 targets
CYCLE_SHEET = "Metode"
# the `Metode` sheet's rows: the name in column A, the YAML key (materiality's own keys
# under `materiality`)
FIELDS: dict[str, str] = {
    "format": "format",
    "formatversjon": "format_version",
    "kommune": "municipality",
    "syklus": "cycle",
    "tittel": "title",
    "illustrerende": "illustrative",
    "skala min": "scale_min",
    "skala maks": "scale_max",
    "aggregering": "aggregation",
    "prioritetsgrense": "priority_threshold",
}
MATERIALITY = ("scale_min", "scale_max", "aggregation", "priority_threshold")
LEVEL_SHEETS = {1: "Nivå 1", 2: "Nivå 2", 3: "Nivå 3"}
# each level sheet's columns: the slides' name and the YAML key
COLUMNS: dict[int, dict[str, str]] = {
    1: {
        "Globalt mål": "goal",
        "Kommunal betydning": "significance",
        "Globale delmål": "targets",
        "Plankoder": "plan_keys",
    },
    2: {
        "Globalt delmål": "target",
        "Muligheter": "opportunities",
        "Utfordringer": "challenges",
        "Plankoder": "plan_keys",
    },
    3: {
        "Globalt delmål": "target",
        "Tjenesteutvikling mål": "service_goal",
        "Tjenesteutvikling strategi": "service_strategy",
        "Tjenesteutvikling interesser": "service_interests",
        "Samfunnsutvikling mål": "community_goal",
        "Samfunnsutvikling strategi": "community_strategy",
        "Samfunnsutvikling interesser": "community_interests",
        "Plankoder": "plan_keys",
    },
}
REQUIRED = {1: "goal", 2: "target", 3: "target"}
LISTS = ("targets", "plan_keys")  # cells of several codes, split into a list
FLAGS = {"ja": "true", "nei": "false"}
_SEPARATORS = re.compile(r"[\s,;]+")


class XlsxMethod:
    """A method workbook, read once into memory (values, not formulas)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets = load_sheets(path)

    def declared(self) -> str | None:
        """The municipality the `Metode` sheet names, if it names one."""
        for row in self.sheets.get(_sheet_named(self.sheets, CYCLE_SHEET) or "", [])[:50]:
            if _text(row, 0).lower() == "kommune" and _text(row, 1):
                return _municipality(row)
        return None

    def read(
        self, *, municipality: str, catalogue: SdgCatalogue, known_keys: Collection[str] | None
    ) -> Parsed[MethodFile]:
        book = _Book(str(self.path), self.sheets)
        root = book.tree()
        if root is None or book.issues:
            return Parsed(None, book.issues)
        text, places = book.text(root)
        parsed = read_method(
            text,
            source=book.source,
            municipality=municipality,
            catalogue=catalogue,
            known_keys=known_keys,
        )
        return Parsed(parsed.data, book.cell_issues(parsed.issues, places))


class _Book(CellNodes):
    """The sheets of one workbook as YAML nodes; every problem of its shape goes to `issues`."""

    def __init__(self, source: str, sheets: Sheets) -> None:
        super().__init__(source)
        self.sheets = sheets
        self.issues: list[Issue] = []

    def error(self, place: CellPlace, message: str) -> None:
        self.issues.append(place.issue(Issue(Severity.ERROR, self.source, message), self.source))

    def tree(self) -> MappingNode | None:
        known = [CYCLE_SHEET, *LEVEL_SHEETS.values()]
        for name, rows in self.sheets.items():
            while rows and not any(_value(c) for c in rows[-1]):
                rows.pop()
            if rows and _sheet_named({name: rows}, *known) is None:
                self.error(
                    CellPlace(name),
                    _("Ukjent ark «{sheet}»; tillatt: {allowed}").format(
                        sheet=name, allowed=", ".join(known)
                    ),
                )
            if len(rows) > MAX_ROWS:
                self.error(
                    CellPlace(name),
                    _("Arket har mer enn {limit} rader; del det opp").format(limit=MAX_ROWS),
                )
        cycle_sheet = _sheet_named(self.sheets, CYCLE_SHEET)
        if cycle_sheet is None:
            message = _("Arbeidsboken mangler arket «{sheet}»").format(sheet=CYCLE_SHEET)
            self.issues.append(Issue(Severity.ERROR, self.source, message))
        if self.issues or cycle_sheet is None:
            return None
        top, pairs = self.top(cycle_sheet)
        for level, sheet_name in LEVEL_SHEETS.items():
            sheet = _sheet_named(self.sheets, sheet_name)
            if sheet is not None and self.sheets[sheet]:
                nodes = self.level(level, sheet)
                pairs[f"level_{level}"] = self.sequence(nodes, CellPlace(sheet))
        return None if self.issues else self.mapping(pairs, top)

    def top(self, sheet: str) -> tuple[CellPlace, dict[str, Node]]:
        """The `Metode` sheet's name-value rows."""
        names = {key: (name, "") for name, key in FIELDS.items()}
        pairs: dict[str, Node] = {}
        materiality: dict[str, Node] = {}
        for number, row in enumerate(self.sheets[sheet], start=1):
            name, text = _text(row, 0), _text(row, 1)
            if not name and not text:
                continue
            key = FIELDS.get(name.lower())
            if key is None or key in pairs or key in materiality:
                message = (
                    _("Nøkkelen «{key}» står to ganger").format(key=name)
                    if key
                    else _("Ukjent nøkkel «{key}» i arket «{sheet}»; tillatt: {allowed}").format(
                        key=name, sheet=sheet, allowed=", ".join(FIELDS)
                    )
                )
                self.error(CellPlace(sheet, f"A{number}"), message)
                continue
            names[key] = (name, f"B{number}")
            if key == "municipality":
                text = _municipality(row)
            elif key == "illustrative":
                text = FLAGS.get(text.lower(), text)
            node = self.scalar(text, CellPlace(sheet, f"B{number}", names))
            (materiality if key in MATERIALITY else pairs)[key] = node
        place = CellPlace(sheet, "", names)
        if materiality:
            pairs["materiality"] = self.mapping(materiality, place)
        return place, pairs

    def level(self, level: int, sheet: str) -> list[Node]:
        rows = self.sheets[sheet]
        columns = self.header(level, sheet, rows[0])
        names = {key: (name, letter) for name, (key, letter) in columns.items() if key}
        nodes: list[Node] = []
        for number, row in enumerate(rows[1:], start=2):
            cells = {
                key: (_cell(row, at, key), f"{letter}{number}")
                for at, (key, letter) in enumerate(columns.values())
                if letter
            }
            cells = {key: found for key, found in cells.items() if found[0]}
            if not cells:
                continue
            at_row = {key: (name, f"{letter}{number}") for key, (name, letter) in names.items()}
            place = CellPlace(sheet, str(number), at_row)
            pairs: dict[str, Node] = {}
            for key, (text, cell) in cells.items():
                at = CellPlace(sheet, cell, at_row)
                if key in LISTS:
                    parts = [p for p in _SEPARATORS.split(text) if p]
                    pairs[key] = self.sequence([self.scalar(p, at) for p in parts], at)
                else:
                    pairs[key] = self.scalar(text, at)
            nodes.append(self.mapping(pairs, place))
        return nodes

    def header(self, level: int, sheet: str, row: list[Cell]) -> dict[str, tuple[str, str]]:
        """Each column's name as written -> its YAML key and letter, in the sheet's order
        (a column left out has no letter)."""
        allowed = COLUMNS[level]
        by_lower = {name.lower(): key for name, key in allowed.items()}
        found: dict[str, tuple[str, str]] = {}
        unknown: list[str] = []
        for at, cell in enumerate(row):
            name = _value(cell)
            letter = column_letter(at + 1)
            key = by_lower.get(" ".join(name.lower().split()))
            if key is None:
                if name:
                    unknown.append(name)
                found[f"#{letter}"] = ("", "")  # keeps the letters of the columns after it
            elif any(k == key for k, _l in found.values()):
                self.error(
                    CellPlace(sheet, f"{letter}1"),
                    _("Kolonnen «{name}» står to ganger").format(name=name),
                )
                found[f"#{letter}"] = ("", "")
            else:
                found[name] = (key, letter)
        if unknown:
            self.error(
                CellPlace(sheet, "1"),
                _("Ukjent kolonne: {columns}; tillatt: {allowed}").format(
                    columns=", ".join(unknown), allowed=", ".join(allowed)
                ),
            )
        if not any(key == REQUIRED[level] for key, _l in found.values()):
            required = next(n for n, k in allowed.items() if k == REQUIRED[level])
            self.error(
                CellPlace(sheet, "1"), _("Mangler kolonne: {columns}").format(columns=required)
            )
        return found


def _sheet_named(sheets: Sheets, *names: str) -> str | None:
    """The sheet called one of `names`, in any case and spacing."""
    wanted = {" ".join(n.lower().split()) for n in names}
    return next((s for s in sheets if " ".join(s.lower().split()) in wanted), None)


def _municipality(row: list[Cell]) -> str:
    """A municipality number; one typed as a number (301) gets its leading zero back."""
    text = _text(row, 1)
    return text.zfill(4) if is_number(row, 1) and text.isdigit() else text


def _cell(row: list[Cell], at: int, key: str) -> str:
    """A cell as text; a target typed as a number as its format shows it (`8.10`)."""
    if at >= len(row):
        return ""
    return (cell_text(row[at]) if key == "target" else _value(row[at])).strip()


def _text(row: list[Cell], at: int) -> str:
    return _value(row[at]) if at < len(row) else ""


def _value(cell: Cell) -> str:
    return cell_text((cell[0], None)).strip()
