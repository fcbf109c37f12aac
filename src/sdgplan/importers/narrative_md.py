"""Narrative files: Markdown with a front matter naming the section.

---
section: Økonomi
kind: focus_area
---
## Økonomisk handlingsrom
...
"""

from __future__ import annotations

from dataclasses import replace

from sdgplan.domain.issues import Issue
from sdgplan.domain.narrative import Narrative, SectionKind
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.yaml_nodes import NodeReader, compose_text


def read_narrative(text: str, *, source: str) -> Parsed[Narrative]:
    log = IssueLog(source)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [x.strip() for x in lines[1:]]:
        log.error(
            "Mangler forsats / missing front matter: start the file with '---', "
            "'section: NAME', 'kind: focus_area|chapter|service_area', '---'",
            line=1,
        )
        return Parsed(None, log.issues)
    end = 1 + [x.strip() for x in lines[1:]].index("---")
    root = compose_text("\n".join(lines[1:end]), log)
    if root is None:
        return Parsed(None, _shifted(log, 1))
    reader = NodeReader(log)
    fields = reader.mapping(root, {"section", "kind"}, "front matter") or {}
    section = reader.text(fields.get("section"), required=True, at=root, key="section")
    kind = reader.choice(fields.get("kind"), SectionKind, at=root, key="kind")
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    if not section or kind is None:
        return Parsed(None, _shifted(log, 1))
    return Parsed(Narrative(section, kind, body), _shifted(log, 1))


def _shifted(log: IssueLog, lines: int) -> list[Issue]:
    """Issues of the front matter, with line numbers counted in the whole file."""
    return [replace(i, line=i.line + lines) if i.line else i for i in log.issues]
