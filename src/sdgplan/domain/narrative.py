"""Narrative text of reports: Markdown kept with the data, per section."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SectionKind(StrEnum):
    FOCUS_AREA = "focus_area"
    CHAPTER = "chapter"
    SERVICE_AREA = "service_area"


@dataclass(frozen=True)
class Narrative:
    """The text of one section (a focus area, a chapter or a service area), in Markdown.

    `period` is the report it belongs to: a year (`2023`, the annual report), a range
    (`2020-2023`, the four-year report of that council term), or "" for any report.
    """

    section: str
    kind: SectionKind
    markdown: str
    period: str = ""

    @property
    def label(self) -> str:
        """`Økonomi`, or `Økonomi (2023)` for a text written for one period."""
        return f"{self.section} ({self.period})" if self.period else self.section


def period_text(first: int, last: int) -> str:
    """`2023` for one year, `2020-2023` for a range: how a narrative names its period."""
    return str(first) if first == last else f"{first}-{last}"


def choose_narratives(
    narratives: list[Narrative], first: int, last: int
) -> dict[str, Narrative | None]:
    """Per section, in order: the text written for this period, else the text written for
    any period; None where the section only has texts of other periods (never borrowed)."""
    wanted = period_text(first, last)
    chosen: dict[str, Narrative | None] = {}
    for narrative in narratives:
        current = chosen.get(narrative.section)
        if narrative.period == wanted or (narrative.period == "" and current is None):
            chosen[narrative.section] = narrative
        else:
            chosen.setdefault(narrative.section, None)
    return chosen
