"""Consultations as YAML, for keeping them with the other planning-cycle files:

```yaml
format: sdgplan-consultations
format_version: 1
municipality: 3203
consultations:
  - key: handlingsprogram-2024-2027
    title: Høring av forslag til handlingsprogram 2024-2027
    document_kind: programme          # programme | plan | thematic-plan | other
    document: 2024-2027/forslag
    opens: 2023-09-20
    closes: 2023-10-20                # the last day input is taken
    description: ...                  # optional
```
Whether the document exists is checked when the file is saved (`consultation.open_consultation`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yaml.nodes import Node

from sdgplan.domain.consultation import DocumentKind, check_period
from sdgplan.domain.indicators import KEY
from sdgplan.domain.periods import parse_date
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.yaml_nodes import NodeReader, compose_text

FORMAT_NAME = "sdgplan-consultations"
FORMAT_VERSION = 1
TOP_KEYS = {"format", "format_version", "municipality", "consultations"}
ITEM_KEYS = {"key", "title", "document_kind", "document", "opens", "closes", "description"}


@dataclass(frozen=True)
class ConsultationEntry:
    key: str
    title: str
    document_kind: DocumentKind
    document: str | None
    opens: dt.date
    closes: dt.date
    description: str | None
    line: int


def read_consultations(text: str, *, source: str) -> Parsed[list[ConsultationEntry]]:
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        return Parsed(None, log.issues)
    reader = _Reader(log)
    top = reader.mapping(root, TOP_KEYS, "consultations")
    if top is None:
        return Parsed(None, log.issues)
    reader.check_format(top, FORMAT_NAME, FORMAT_VERSION)
    entries: list[ConsultationEntry] = []
    lines: dict[str, int] = {}
    for item in reader.sequence(top.get("consultations")):
        entry = reader.entry(item)
        if entry is None:
            continue
        if reader.first_time(
            item, entry.key, lines, _("Nøkkelen «{key}» står også på linje {first}")
        ):
            entries.append(entry)
    return Parsed(entries, log.issues)


class _Reader(NodeReader):
    def entry(self, node: Node) -> ConsultationEntry | None:
        found = self.mapping(node, ITEM_KEYS, "consultations")
        if found is None:
            return None
        key = self.text(found.get("key"), required=True, at=node, key="key")
        if key and not KEY.fullmatch(key):
            self.error(
                found["key"],
                _("Ugyldig nøkkel «{key}»: bruk små bokstaver a-z, sifre og bindestrek").format(
                    key=key
                ),
            )
            key = ""
        title = self.text(found.get("title"), required=True, at=node, key="title")
        kind = self.choice(
            found.get("document_kind"), DocumentKind, at=node, key="document_kind", required=True
        )
        opens = self.parsed(found.get("opens"), parse_date)
        closes = self.parsed(found.get("closes"), parse_date)
        for name in ("opens", "closes"):
            if name not in found:
                self.text(None, required=True, at=node, key=name)
        if not key or not title or kind is None or opens is None or closes is None:
            return None
        try:
            check_period(opens, closes)
        except ValueError as e:
            self.error(found["closes"], str(e))
            return None
        return ConsultationEntry(
            key=key,
            title=title,
            document_kind=kind,
            document=self.text(found.get("document"), required=False) or None,
            opens=opens,
            closes=closes,
            description=self.text(found.get("description"), required=False) or None,
            line=node.start_mark.line + 1,
        )
