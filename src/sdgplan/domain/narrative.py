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
    """The text of one section (a focus area, a chapter or a service area), in Markdown."""

    section: str
    kind: SectionKind
    markdown: str
