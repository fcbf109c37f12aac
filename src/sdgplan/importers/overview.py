"""The plan-overview text layout ("Samlet oversikt over mål og strategier", seed 000).

A Word table saved as text: per focus area a name line, a "Hovedmål" section with one
`reference<TAB>main goal` row, and a "Delmål og strategier" section where a sub-goal row is
`reference<TAB>text<TAB><TAB>` and a strategy row is `<TAB><TAB>reference<TAB>text`.
"""

from __future__ import annotations

import re

from sdgplan.domain.plan import (
    FocusArea,
    Goal,
    Municipality,
    Plan,
    PlanVersion,
    Strategy,
    VersionKind,
    too_long,
)
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _
from sdgplan.importers.base import ImportResult, IssueLog, PlanOptions
from sdgplan.reference import load_municipalities

MAIN_HEADING = "hovedmål"
SUB_HEADING = "delmål og strategier"
_TABLE_HEADER = "referanse"


def looks_like_overview(text: str) -> bool:
    lines = {line.strip().lower() for line in text.splitlines()}
    return MAIN_HEADING in lines and SUB_HEADING in lines


class OverviewImporter:
    """Reads the tab-separated plan overview into one plan version."""

    def read(
        self, text: str, *, source: str, options: PlanOptions, catalogue: SdgCatalogue
    ) -> ImportResult:
        parser = _Parser(source, catalogue)
        parser.parse(text)
        log = parser.log
        if not parser.areas:
            log.error(
                _("Fant ingen satsingsområder (ingen linje «Hovedmål»); er dette en planoversikt?")
            )
            return ImportResult(None, log.issues)
        municipality = options.municipality or _municipality_from(parser.preamble)
        if municipality is None:
            log.error(_("Filen nevner ingen kjent kommune; oppgi kommunenummeret"))
            return ImportResult(None, log.issues)
        version = PlanVersion(
            kind=options.version or _version_from(parser.preamble),
            date=options.date,
            focus_areas=parser.areas,
        )
        title = options.title or _title_from(parser.preamble)
        if problem := too_long(title, _("Plannavnet")):
            parser.log.error(problem)
        return ImportResult(Plan(municipality, title, [version]), log.issues)


class _Parser:
    def __init__(self, source: str, catalogue: SdgCatalogue) -> None:
        self.log = IssueLog(source)
        self.catalogue = catalogue
        self.preamble: list[str] = []
        self.areas: list[FocusArea] = []
        self.section: str | None = None
        self.lines_of_names: dict[tuple[str, ...], int] = {}  # where each key name was first

    def parse(self, text: str) -> None:
        lines = [line.rstrip() for line in text.split("\n")]
        for index, line in enumerate(lines):
            number = index + 1
            if not line.strip():
                continue
            if "\t" not in line:
                self._plain_line(line.strip(), number, _next_text(lines, index))
            else:
                self._table_row(line.split("\t"), number)

    def _plain_line(self, text: str, number: int, next_text: str | None) -> None:
        lowered = text.lower()
        if lowered in (MAIN_HEADING, SUB_HEADING):
            if not self.areas:
                self.log.error(
                    _("«{text}» før første satsingsområde").format(text=text), line=number
                )
            self.section = lowered
        elif next_text is not None and next_text.lower() == MAIN_HEADING:
            self._check_unique(
                (text,), number, _("Satsingsområdet «{name}» står to ganger (også linje {line})")
            )
            self.areas.append(FocusArea(name=text))
            self.section = None
        elif not self.areas:
            self.preamble.append(text)
        else:
            self.log.error(
                _("Uventet linje «{text}»: ventet mål eller strategi med referanse").format(
                    text=_clip(text)
                ),
                line=number,
            )

    def _table_row(self, cells: list[str], number: int) -> None:
        cells = [c.strip() for c in cells] + ["", "", "", ""]
        if cells[0].lower() == _TABLE_HEADER:
            return
        if not self.areas or self.section is None:
            self.log.error(
                _("Tabellrad utenfor et satsingsområde: «{text}»").format(
                    text=_clip(" ".join(c for c in cells if c))
                ),
                line=number,
            )
            return
        area = self.areas[-1]
        if cells[0] or cells[1]:
            goal = self._goal(cells[0], cells[1], number, column=1)
            if goal.text:
                self._check_unique(
                    (area.name, goal.text),
                    number,
                    _("Målet «{name}» i «{area}» står to ganger (også linje {line})"),
                    area=area.name,
                )
            if self.section == MAIN_HEADING:
                if area.main_goal is not None:
                    self.log.error(
                        _("Mer enn ett hovedmål i satsingsområdet «{area}»").format(area=area.name),
                        line=number,
                    )
                area.main_goal = goal
            else:
                area.goals.append(goal)
        if cells[2] or cells[3]:
            if self.section != SUB_HEADING or not area.goals:
                self.log.error(_("Strategi uten delmål"), line=number, column=3)
                return
            strategy = self._goal(cells[2], cells[3], number, column=3)
            area.goals[-1].strategies.append(Strategy(strategy.text, strategy.refs))

    def _check_unique(
        self, names: tuple[str, ...], number: int, message: str, *, area: str = ""
    ) -> None:
        """Names are keys (indicators link to goals by them): each may occur once.

        `message` is translated, with the placeholders `name`, `line` (and `area`)."""
        key = tuple(name.casefold() for name in names)
        if key in self.lines_of_names:
            first = self.lines_of_names[key]
            self.log.error(
                message.format(name=_clip(names[-1]), line=first, area=area), line=number
            )
        self.lines_of_names.setdefault(key, number)

    def _goal(self, reference: str, text: str, number: int, *, column: int) -> Goal:
        if not reference:
            self.log.error(
                _("Mangler referanse for «{text}»").format(text=_clip(text)),
                line=number,
                column=column,
            )
        if not text:
            self.log.error(
                _("Mangler tekst etter referansen «{reference}»").format(reference=reference),
                line=number,
                column=column + 1,
            )
        refs = (
            self.log.references(reference, self.catalogue, line=number, column=column)
            if reference
            else ()
        )
        return Goal(text=text, refs=refs)


def _next_text(lines: list[str], index: int) -> str | None:
    for line in lines[index + 1 :]:
        if line.strip():
            return line.strip()
    return None


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _version_from(preamble: list[str]) -> VersionKind:
    proposal = any(line.lower().startswith(("forslag", "høringsforslag")) for line in preamble)
    return VersionKind.PROPOSAL if proposal else VersionKind.ADOPTED


def _title_from(preamble: list[str]) -> str:
    """The plan title: `Forslag til kommuneplanens samfunnsdel 2020-2032` gives
    `Kommuneplanens samfunnsdel 2020-2032`."""
    for line in preamble:
        match = re.match(
            r"^(?:(?:høringsforslag|forslag)\s+til\s+)?(.*plan.*\d{4}.*)$", line, re.IGNORECASE
        )
        if match and not line.lower().startswith("samlet oversikt"):
            title = match.group(1).strip()
            return title[0].upper() + title[1:]
    return preamble[0] if preamble else "Plan"


def _municipality_from(preamble: list[str]) -> Municipality | None:
    """The municipality named as "... for Asker kommune" in the title lines, if unique."""
    by_name: dict[str, list[str]] = {}
    for municipality in load_municipalities().values():
        by_name.setdefault(municipality.name.lower(), []).append(municipality.number)
    for line in preamble:
        match = re.search(r"\bfor\s+(.+?)\s+kommune\b", line, re.IGNORECASE)
        if match:
            numbers = by_name.get(match.group(1).lower(), [])
            if len(numbers) == 1:
                return load_municipalities()[numbers[0]]
    return None
