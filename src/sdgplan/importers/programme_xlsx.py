"""An action programme as an Excel workbook (.xlsx), one sheet per part of the YAML file
(docs/planning-cycle.md, "The workbook"): `Program` (name-value rows), `Tjenesteområder`,
`Versjoner`, `Tiltak` (the proposal's measures and the change sets' changes), `Inndekning`,
`Investeringer` and `Økonomi`; column names in row 1, years as columns. Sheet and column
names are Norwegian; the English ones (`Measures`, `text`) are read too.

The cells are turned into the node tree the YAML reader reads, so every check and message
is the YAML file's (the balance of the change sets included); each problem is then named by
its sheet and cell instead of a line (`Tiltak!H5`), with the column's name as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.programme import ChangeAction, Period, Programme
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed, invalid_choice, missing
from sdgplan.importers.cell_nodes import CellNodes, CellPlace
from sdgplan.importers.observations.rows import column_letter
from sdgplan.importers.programme_sheets import (
    COLUMNS,
    FIELDS,
    FLAGS,
    REQUIRED,
    SERIES,
    SHEETS,
    field_of,
    part_of,
    series_of,
    year_names,
)
from sdgplan.importers.programme_yaml import read_programme
from sdgplan.importers.workbook import Cell, Sheets, cell_text, is_number, load_sheets

_ERROR = Severity.ERROR
MAX_ROWS = 10_000  # per sheet; a programme has a few hundred
_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")  # 19.09.2023, as typed in Norway
_YEAR = re.compile(r"^(?:(?P<series>\S+)\s+)?(?P<year>[0-9]{4})$")


class XlsxProgramme:
    """A programme workbook, read once into memory (values, not formulas)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets = load_sheets(path)

    def declared(self) -> str | None:
        """The municipality the `Program` sheet names, if it names one."""
        sheet = next((n for n in self.sheets if part_of(n) == "programme"), None)
        for row in self.sheets.get(sheet or "", [])[:50]:
            if field_of(_text(row, 0)) == "municipality" and _text(row, 1):
                return _municipality(row)
        return None

    def read(
        self, *, municipality: str, known_goals: Collection[str] | None = None
    ) -> Parsed[Programme]:
        book = _Book(str(self.path), self.sheets)
        root = book.tree()
        if root is None or book.issues:
            return Parsed(None, book.issues)
        return book.programme(root, municipality, known_goals)


@dataclass
class _Record:
    """A row of a table sheet: its texts by YAML key and by year, each with its cell."""

    place: CellPlace
    cells: dict[str, tuple[str, str]]
    years: dict[str, dict[int, tuple[str, str]]]

    def text(self, key: str) -> str:
        return self.cells.get(key, ("", ""))[0]

    def at(self, key: str) -> CellPlace:
        """The place of the cell of `key`, else of the row."""
        cell = self.cells.get(key, ("", ""))[1]
        return replace(self.place, cell=cell) if cell else self.place


class _Book(CellNodes):
    """The sheets of one workbook as YAML nodes; every problem of its shape goes to `issues`."""

    def __init__(self, source: str, sheets: Sheets) -> None:
        super().__init__(source)
        self.sheets = sheets
        self.issues: list[Issue] = []
        self.found: dict[str, str] = {}  # part -> sheet
        self.period: Period | None = None
        self.header_cells: dict[tuple[str, int], str] = {}  # (part, year) -> header cell

    def sheet(self, part: str) -> CellPlace:
        return CellPlace(self.found.get(part, SHEETS[part][0]))

    def error(self, place: CellPlace, message: str) -> None:
        self.issues.append(place.issue(Issue(_ERROR, self.source, message), self.source))

    # -- the shape ----------------------------------------------------------------------

    def tree(self) -> MappingNode | None:
        for name, rows in self.sheets.items():
            part = part_of(name)
            while rows and not any(_value(c) for c in rows[-1]):
                rows.pop()
            if part is None and rows:
                allowed = ", ".join(names[0] for names in SHEETS.values())
                self.error(
                    CellPlace(name),
                    _("Ukjent ark «{sheet}»; tillatt: {allowed}").format(
                        sheet=name, allowed=allowed
                    ),
                )
            elif part in self.found:
                self.error(
                    CellPlace(name),
                    _("Arkene «{first}» og «{second}» er det samme; bruk ett av dem").format(
                        first=self.found[part], second=name
                    ),
                )
            elif part is not None:
                self.found[part] = name
            if len(rows) > MAX_ROWS:
                self.error(
                    CellPlace(name),
                    _("Arket har mer enn {limit} rader; del det opp").format(limit=MAX_ROWS),
                )
        if "programme" not in self.found:
            message = _("Arbeidsboken har ingen av arkene {sheets}")
            self.issues.append(
                Issue(_ERROR, self.source, message.format(sheets=", ".join(SHEETS["programme"])))
            )
        if self.issues:
            return None
        top, pairs = self.top()
        records = {part: self.records(part) for part in COLUMNS}
        if self.issues:
            return None
        pairs |= self.economy(records["economy"])
        pairs["service_areas"] = self.sequence(
            [self.service_area(r) for r in records["service_areas"]], self.sheet("service_areas")
        )
        pairs["investments"] = self.sequence(
            self.investments(records["investments"]), self.sheet("investments")
        )
        pairs["versions"] = self.sequence(self.versions(records), self.sheet("versions"))
        return self.mapping(pairs, top)

    def top(self) -> tuple[CellPlace, dict[str, Node]]:
        """The `Program` sheet's name-value rows."""
        sheet = self.found["programme"]
        names = {key: (names[0], "") for key, names in FIELDS.items()}
        pairs: dict[str, Node] = {}
        for number, row in enumerate(self.sheets[sheet], start=1):
            name, text = _text(row, 0), _text(row, 1)
            if not name and not text:
                continue
            key = field_of(name)
            if key is None or key in pairs:
                message = (
                    _("Nøkkelen «{key}» står to ganger").format(key=name)
                    if key
                    else _("Ukjent nøkkel «{key}» i arket «{sheet}»; tillatt: {allowed}").format(
                        key=name,
                        sheet=sheet,
                        allowed=", ".join(names[0] for names in FIELDS.values()),
                    )
                )
                self.error(CellPlace(sheet, f"A{number}"), message)
                continue
            names[key] = (name, f"B{number}")
            if key == "municipality":
                text = _municipality(row)
            elif key == "illustrative":
                text = FLAGS.get(text.lower(), text)
            elif key == "period":
                self.period = _period(text)
            pairs[key] = self.scalar(text, CellPlace(sheet, f"B{number}", names))
        return CellPlace(sheet, "", names), pairs

    def records(self, part: str) -> list[_Record]:
        """The rows of a table sheet that are not empty; header problems as issues."""
        sheet = self.found.get(part)
        rows = self.sheets.get(sheet or "", [])
        if sheet is None or not rows:
            return []
        columns, names = self.header(part, sheet, rows[0])
        result = []
        for number, row in enumerate(rows[1:], start=2):
            cells: dict[str, tuple[str, str]] = {}
            years: dict[str, dict[int, tuple[str, str]]] = {}
            for at, (key, year) in columns.items():
                text = _text(row, at)
                cell = f"{column_letter(at + 1)}{number}"
                if year is not None:
                    years.setdefault(key, {})[year] = (text, cell)
                elif text:
                    cells[key] = (_iso_date(text) if key == "date" else text, cell)
            if any(text for text, _cell in cells.values()) or any(
                text for series in years.values() for text, _cell in series.values()
            ):
                at_row = {k: (n, f"{c}{number}" if c else "") for k, (n, c) in names.items()}
                result.append(_Record(CellPlace(sheet, str(number), at_row), cells, years))
        return result

    def header(
        self, part: str, sheet: str, row: list[Cell]
    ) -> tuple[dict[int, tuple[str, int | None]], dict[str, tuple[str, str]]]:
        """Each column's YAML key (or series) and year; each YAML key's name and letter."""
        allowed = COLUMNS[part]
        names = {key: (names[0], "") for key, names in allowed.items()}
        columns: dict[int, tuple[str, int | None]] = {}
        unknown: list[str] = []
        for at, cell in enumerate(row):
            name = _value(cell)
            letter = column_letter(at + 1)
            key = next((k for k, n in allowed.items() if name.lower() in n), None)
            year = _YEAR.match(name.lower()) if key is None and name else None
            series = series_of(part, year["series"] if year else None)
            if key is not None and name:
                if any(k == key for k, y in columns.values() if y is None):
                    self.error(
                        CellPlace(sheet, f"{letter}1"),
                        _("Kolonnen «{name}» står to ganger").format(name=name),
                    )
                columns[at], names[key] = (key, None), (name, letter)
            elif year and series:
                self.year_column(part, sheet, columns, at, series, int(year["year"]))
            elif name:
                unknown.append(name)
        if unknown:
            listed = [n[0] for n in allowed.values()] + year_names(part)
            self.error(
                CellPlace(sheet, "1"),
                _("Ukjent kolonne: {columns}; tillatt: {allowed}").format(
                    columns=", ".join(unknown), allowed=", ".join(listed)
                ),
            )
        if lacking := [allowed[k][0] for k in REQUIRED[part] if not names[k][1]]:
            self.error(
                CellPlace(sheet, "1"),
                _("Mangler kolonne: {columns}").format(columns=", ".join(lacking)),
            )
        return columns, names

    def year_column(
        self,
        part: str,
        sheet: str,
        columns: dict[int, tuple[str, int | None]],
        at: int,
        series: str,
        year: int,
    ) -> None:
        cell = f"{column_letter(at + 1)}1"
        if (series, year) in [(k, y) for k, y in columns.values()]:
            self.error(
                CellPlace(sheet, cell), _("Kolonnen «{name}» står to ganger").format(name=year)
            )
        elif series in ("amounts", "frames") and self.period and year not in self.period.years:
            self.error(
                CellPlace(sheet, cell),
                _("Året {year} er utenfor perioden {period}").format(year=year, period=self.period),
            )
        else:
            columns[at] = (series, year)
            self.header_cells[(part, year)] = cell

    # -- the parts ------------------------------------------------------------------------

    def service_area(self, record: _Record) -> Node:
        pairs = self.fields(record, ("key", "name"))
        for series in SERIES:
            if any(text for text, _cell in record.years.get(series, {}).values()):
                pairs[series] = self.amounts(record, series, "service_areas")
        return self.mapping(pairs, record.place)

    def versions(self, records: dict[str, list[_Record]]) -> list[Node]:
        versions = records["versions"]
        keys = [r.text("key") for r in versions]
        changes: dict[str, list[Node]] = {key: [] for key in keys}
        for record in records["measures"]:
            version = self.version_of(record, keys, first=True)
            if version is not None:
                changes[version].append(self.change(record, first=version == keys[0]))
        financing: dict[str, list[Node]] = {key: [] for key in keys}
        for record in records["financing"]:
            version = self.version_of(record, keys, first=False)
            if version is not None:
                pairs = self.fields(record, ("key", "text"))
                pairs["amounts"] = self.amounts(record, "amounts", "financing")
                financing[version].append(self.mapping(pairs, record.place))
        nodes: list[Node] = []
        for index, record in enumerate(versions):
            key = keys[index]
            pairs = self.fields(record, ("key", "kind", "party", "base", "date"))
            if index == 0:
                pairs["measures"] = self.sequence(changes.get(key, []), self.sheet("measures"))
            else:
                pairs["changes"] = self.sequence(changes.get(key, []), self.sheet("measures"))
                pairs["financing"] = self.sequence(financing.get(key, []), self.sheet("financing"))
            nodes.append(self.mapping(pairs, record.place))
        return nodes

    def version_of(self, record: _Record, keys: list[str], *, first: bool) -> str | None:
        """The record's version key, or None after an error; a blank one is the first
        version's where `first` allows it."""
        version = record.text("version") or (keys[0] if first and keys else "")
        place = record.at("version")
        if not version:
            self.error(record.place, missing("version"))
        elif version not in keys:
            self.error(
                place,
                _("Ukjent «{what}»: «{value}»; kjente: {known}").format(
                    what="version", value=version, known=", ".join(keys) or _("ingen")
                ),
            )
        elif not first and version == keys[0]:
            self.error(
                place, _("Inndekning hører til endringslistene, ikke til den første versjonen")
            )
        else:
            return version
        return None

    def change(self, record: _Record, *, first: bool) -> Node:
        """A measure of the first version, or one change of a change set."""
        text = record.text("action")
        measure = ("key", "text", "kind", "service_area")
        if first or not text:
            if text:
                self.error(
                    record.place,
                    _("«{what}» skal være tom for tiltakene i den første versjonen").format(
                        what="action"
                    ),
                )
            elif not first:
                self.error(record.place, missing("action"))
            return self.measure(record, measure)
        names = dict(record.place.names)
        names |= {a.value: names["key"] for a in ChangeAction}
        place = replace(record.place, names=names)
        try:
            action = ChangeAction(text.lower())
        except ValueError:
            self.error(place, invalid_choice("action", text, ChangeAction))
            action = ChangeAction.ADD
        if action is ChangeAction.ADD:
            return self.mapping({"add": self.measure(record, measure)}, place)
        pairs: dict[str, Node] = {action.value: self.value(record, "key")}
        if action is ChangeAction.CHANGE:
            pairs["amounts"] = self.amounts(record, "amounts", "measures")
        return self.mapping(pairs, place)

    def measure(self, record: _Record, keys: tuple[str, ...]) -> Node:
        pairs = self.fields(record, keys)
        if goals := record.cells.get("goals"):
            place = replace(record.place, cell=goals[1])
            parts = [g for g in re.split(r"[\s,;]+", goals[0]) if g]
            pairs["goals"] = self.sequence([self.scalar(g, place) for g in parts], place)
        pairs["amounts"] = self.amounts(record, "amounts", "measures")
        return self.mapping(pairs, record.place)

    def investments(self, records: list[_Record]) -> list[Node]:
        """An investment's row (no `kilde`), then a row per source of its financing."""
        main: dict[str, _Record] = {}
        sources: dict[str, dict[str, Node]] = {}
        for record in records:
            key, source = record.text("key"), record.text("source")
            taken = sources.setdefault(key, {})
            if not key:
                self.error(record.place, missing("key"))
            elif source in taken or (not source and key in main):
                self.error(
                    record.at("source" if source else "key"),
                    _("Nøkkelen «{key}» står to ganger").format(key=source or key),
                )
            elif source:
                taken[source] = self.amounts(record, "amounts", "investments")
            else:
                main[key] = record
        nodes: list[Node] = []
        for key, taken in sources.items():
            record = main.get(key) or next(r for r in records if r.text("key") == key)
            pairs = self.fields(record, ("key", "name", "service_area"))
            pairs["amounts"] = self.amounts(record, "amounts", "investments")
            if taken:
                pairs["financing"] = self.mapping(taken, record.place)
            nodes.append(self.mapping(pairs, record.place))
        return nodes

    def economy(self, records: list[_Record]) -> dict[str, Node]:
        """`rules` and `economy` from the rows of figures, years as columns; a year with
        any figure has them all (a blank one is missing)."""
        sheet = self.found.get("economy", "")
        rules: dict[Node, Node] = {}
        years: dict[int, dict[Node, Node]] = {}
        filled = {
            y for r in records for y, (text, _c) in r.years.get("amounts", {}).items() if text
        }
        for record in records:
            if record.text("rule"):
                rules[self.value(record, "key")] = self.value(record, "rule")
            for year, (text, cell) in sorted(record.years.get("amounts", {}).items()):
                if year in filled:
                    at = replace(record.place, cell=cell)
                    years.setdefault(year, {})[self.value(record, "key")] = self.scalar(text, at)
        result: dict[str, Node] = {}
        if rules:
            result["rules"] = self.node_mapping(rules, CellPlace(sheet))
        if years:
            headed = {y: CellPlace(sheet, self.header_cells[("economy", y)]) for y in years}
            result["economy"] = self.node_mapping(
                {
                    self.scalar(str(y), headed[y]): self.node_mapping(f, headed[y])
                    for y, f in years.items()
                },
                CellPlace(sheet),
            )
        return result

    # -- nodes -----------------------------------------------------------------------------

    def fields(self, record: _Record, keys: tuple[str, ...]) -> dict[str, Node]:
        return {key: self.value(record, key) for key in keys if record.text(key)}

    def value(self, record: _Record, key: str) -> ScalarNode:
        return self.scalar(record.text(key), record.at(key))

    def amounts(self, record: _Record, series: str, part: str) -> MappingNode:
        """Money (or staff, shares) per year: the filled cells of the year columns."""
        pairs: dict[Node, Node] = {
            self.scalar(
                str(year), CellPlace(record.place.sheet, self.header_cells[(part, year)])
            ): (self.scalar(text, replace(record.place, cell=cell)))
            for year, (text, cell) in sorted(record.years.get(series, {}).items())
            if text
        }
        return self.node_mapping(pairs, record.place)

    # -- reading ---------------------------------------------------------------------------

    def programme(
        self, root: MappingNode, municipality: str, known_goals: Collection[str] | None
    ) -> Parsed[Programme]:
        """The YAML reader's programme, its issues named by sheet and cell."""
        text, places = self.text(root)
        parsed = read_programme(
            text, source=self.source, municipality=municipality, known_goals=known_goals
        )
        return Parsed(parsed.data, self.cell_issues(parsed.issues, places))


def _period(text: str) -> Period | None:
    try:
        return Period.parse(text)
    except ValueError:
        return None  # the YAML reader says what is wrong


def _municipality(row: list[Cell]) -> str:
    """A municipality number; one typed as a number (301) gets its leading zero back."""
    text = _text(row, 1)
    return text.zfill(4) if is_number(row, 1) and text.isdigit() else text


def _text(row: list[Cell], at: int) -> str:
    return _value(row[at]) if at < len(row) else ""


def _value(cell: Cell) -> str:
    """A cell as text; a number in full, whatever decimals its format shows (money typed
    into a cell formatted `# ##0` must not be rounded)."""
    return cell_text((cell[0], None)).strip()


def _iso_date(text: str) -> str:
    """`19.09.2023` as `2023-09-19`; any other text as it is (the YAML reader checks it)."""
    match = _DATE.match(text)
    return f"{match[3]}-{int(match[2]):02}-{int(match[1]):02}" if match else text
